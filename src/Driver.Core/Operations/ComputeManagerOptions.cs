namespace PowerDrivers.Driver.Core.Operations;

/// <summary>Settings of the <see cref="ComputeManager"/>.</summary>
public sealed record ComputeManagerOptions
{
    /// <summary>Soft stop timeout when the caller gives none.</summary>
    public TimeSpan DefaultStopTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Longest soft stop timeout a caller may ask for.</summary>
    public TimeSpan MaxStopTimeout { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Page size when the caller gives none.</summary>
    public int DefaultPageSize { get; init; } = 100;

    /// <summary>Largest page.</summary>
    public int MaxPageSize { get; init; } = 1000;
}
