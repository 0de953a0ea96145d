namespace PowerDrivers.Driver.Core.Model;

/// <summary>A min/desired/max triple of whole numbers.</summary>
public sealed record CountRange(int Min, int Desired, int Max)
{
    /// <summary>A range with the same value three times.</summary>
    public static CountRange Fixed(int value) => new(value, value, value);

    /// <summary>True when min ≤ desired ≤ max.</summary>
    public bool IsOrdered => Min <= Desired && Desired <= Max;
}

/// <summary>A min/desired/max triple of processing units (0.01 steps).</summary>
public sealed record UnitsRange(decimal Min, decimal Desired, decimal Max)
{
    /// <summary>True when min ≤ desired ≤ max.</summary>
    public bool IsOrdered => Min <= Desired && Desired <= Max;
}

/// <summary>Guest CPU topology: sockets × cores × threads.</summary>
public sealed record CpuTopology(int Sockets, int Cores, int Threads)
{
    /// <summary>The number of vCPUs the topology holds.</summary>
    public int Total => Sockets * Cores * Threads;
}
