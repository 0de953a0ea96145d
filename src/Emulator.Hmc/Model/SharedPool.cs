namespace PowerDrivers.Emulator.Hmc.Model;

/// <summary>
/// A shared processor pool: pool 0 is the default pool (all shared capacity); pools 1..N have a maximum and reserved
/// processing units. Reserved units are held on the managed system like a partition's entitlement.
/// </summary>
public sealed record SharedPool
{
    /// <summary>Pool ID (0 = default).</summary>
    public required int Id { get; init; }

    /// <summary>Stable UUID.</summary>
    public required string Uuid { get; init; }

    /// <summary>Pool name (DefaultPool, SharedPool01, …).</summary>
    public required string Name { get; init; }

    /// <summary>Maximum processing units, hundredths (pool 0: all activated cores).</summary>
    public int MaximumCenti { get; init; }

    /// <summary>Reserved processing units, hundredths.</summary>
    public int ReservedCenti { get; init; }

    /// <summary>Change counter (ETag).</summary>
    public long Version { get; init; } = 1;

    /// <summary>True when partitions can use it (pool 0, or a maximum above zero).</summary>
    public bool IsConfigured => Id == 0 || MaximumCenti > 0;
}

/// <summary>A pool with its use, for the wire layer.</summary>
/// <param name="Pool">The pool.</param>
/// <param name="UsedCenti">Processing units entitled to active partitions in it, hundredths.</param>
/// <param name="AvailableCenti">Units still available in the pool, hundredths.</param>
/// <param name="Members">UUIDs of partitions assigned to the pool.</param>
public sealed record SharedPoolView(SharedPool Pool, int UsedCenti, int AvailableCenti, IReadOnlyList<PartitionView> Members);
