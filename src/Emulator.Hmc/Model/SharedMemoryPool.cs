namespace PowerDrivers.Emulator.Hmc.Model;

/// <summary>
/// The system's Active Memory Sharing pool (at most one): physical memory PHYP holds for shared-memory partitions,
/// whose logical memory may add up to more than the pool (overcommit; the hypervisor pages the rest to paging
/// devices served by the paging VIOS partitions).
/// </summary>
/// <param name="PoolSizeMb">Physical memory in the pool, MB (a multiple of the LMB).</param>
/// <param name="MaximumPoolSizeMb">Most the pool may grow to, MB (a multiple of the LMB).</param>
/// <param name="PrimaryPagingViosId">Partition ID of the primary paging VIOS.</param>
/// <param name="SecondaryPagingViosId">Partition ID of the secondary paging VIOS, or null.</param>
public sealed record SharedMemoryPool(long PoolSizeMb, long MaximumPoolSizeMb, int PrimaryPagingViosId, int? SecondaryPagingViosId)
{
    /// <summary>Change counter (drives the ETag).</summary>
    public long Version { get; init; } = 1;
}

/// <summary>A shared memory pool configured at first start.</summary>
/// <param name="PoolSizeMb">Pool size, MB.</param>
/// <param name="MaximumPoolSizeMb">Maximum pool size, MB.</param>
/// <param name="PrimaryPagingViosId">Primary paging VIOS partition ID (default the first VIOS).</param>
/// <param name="SecondaryPagingViosId">Secondary paging VIOS partition ID, or null.</param>
public sealed record SharedMemoryPoolSetup(long PoolSizeMb, long MaximumPoolSizeMb, int PrimaryPagingViosId = 1, int? SecondaryPagingViosId = 2);
