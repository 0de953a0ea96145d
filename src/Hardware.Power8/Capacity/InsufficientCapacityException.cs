namespace PowerDrivers.Hardware.Power8;

/// <summary>A reservation or resize did not fit the managed system's free capacity; nothing was changed.</summary>
public sealed class InsufficientCapacityException : Exception
{
    /// <summary>Creates the exception for <paramref name="system"/> with at least one shortfall.</summary>
    public InsufficientCapacityException(string system, IReadOnlyList<CapacityShortfall> shortfalls)
        : base($"insufficient capacity on {system}: {string.Join("; ", shortfalls?.Select(s => s.Message) ?? [])}")
    {
        ArgumentNullException.ThrowIfNull(shortfalls);
        if (shortfalls.Count == 0)
        {
            throw new ArgumentException("at least one shortfall is required", nameof(shortfalls));
        }

        System = system;
        Shortfalls = shortfalls;
    }

    /// <summary>Name of the managed system.</summary>
    public string System { get; }

    /// <summary>The first (most significant) shortfall.</summary>
    public CapacityShortfall Shortfall => Shortfalls[0];

    /// <summary>Every resource that ran short.</summary>
    public IReadOnlyList<CapacityShortfall> Shortfalls { get; }
}
