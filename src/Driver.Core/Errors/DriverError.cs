namespace PowerDrivers.Driver.Core.Errors;

/// <summary>
/// The base of the closed error hierarchy: every failure the driver reports is one of the sealed
/// subclasses in this folder. Each carries a stable <see cref="Reason"/> and the numbers behind it.
/// </summary>
public abstract class DriverError : Exception
{
    private protected DriverError(string reason, string message, IReadOnlyDictionary<string, string>? metadata = null, Exception? inner = null)
        : base(message, inner)
    {
        Reason = reason;
        Metadata = metadata ?? new Dictionary<string, string>();
    }

    /// <summary>The kind, which decides the status code.</summary>
    public abstract DriverErrorKind Kind { get; }

    /// <summary>A stable reason from <see cref="ErrorReasons"/>.</summary>
    public string Reason { get; }

    /// <summary>Facts behind the error ("requested", "available", "unit", "host", "hscl" …).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }
}
