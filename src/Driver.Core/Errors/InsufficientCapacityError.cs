using System.Globalization;

namespace PowerDrivers.Driver.Core.Errors;

/// <summary>Not enough of a resource on a host (or no host with room), with the numbers.</summary>
public sealed class InsufficientCapacityError : DriverError
{
    /// <summary>Creates the error for one resource.</summary>
    /// <param name="reason">One of the INSUFFICIENT_* reasons or NO_VALID_HOST.</param>
    /// <param name="message">Words, including the numbers.</param>
    /// <param name="host">The host, or empty for placement.</param>
    /// <param name="requested">How much was asked.</param>
    /// <param name="available">How much is free.</param>
    /// <param name="unit">"cores", "processing units", "MB", "vCPUs".</param>
    public InsufficientCapacityError(string reason, string message, string host, decimal requested, decimal available, string unit)
        : base(reason, message, new Dictionary<string, string>
        {
            ["host"] = host,
            ["requested"] = requested.ToString(CultureInfo.InvariantCulture),
            ["available"] = available.ToString(CultureInfo.InvariantCulture),
            ["unit"] = unit,
        })
    {
        Host = host;
        Requested = requested;
        Available = available;
        Unit = unit;
    }

    /// <summary>The host.</summary>
    public string Host { get; }

    /// <summary>Asked for.</summary>
    public decimal Requested { get; }

    /// <summary>Free.</summary>
    public decimal Available { get; }

    /// <summary>Unit of both numbers.</summary>
    public string Unit { get; }

    /// <inheritdoc/>
    public override DriverErrorKind Kind => DriverErrorKind.InsufficientCapacity;
}
