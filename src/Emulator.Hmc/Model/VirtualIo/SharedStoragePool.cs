namespace PowerDrivers.Emulator.Hmc.Model;

/// <summary>The shared storage pool of the cluster spanning the system's VIOS partitions.</summary>
public sealed record SharedStoragePool
{
    /// <summary>Pool UUID.</summary>
    public required string Uuid { get; init; }

    /// <summary>Pool name.</summary>
    public required string Name { get; init; }

    /// <summary>Cluster UUID.</summary>
    public required string ClusterUuid { get; init; }

    /// <summary>Cluster name.</summary>
    public required string ClusterName { get; init; }

    /// <summary>Usable capacity in GB.</summary>
    public required decimal CapacityGb { get; init; }

    /// <summary>Logical units, in creation order.</summary>
    public IReadOnlyList<LogicalUnit> LogicalUnits { get; init; } = [];

    /// <summary>LUs created so far (makes every UDID new, also after deletes).</summary>
    public long Created { get; init; }

    /// <summary>Change counter (drives the ETag).</summary>
    public long Version { get; init; } = 1;

    /// <summary>Capacity reserved by thick LUs, GB.</summary>
    public decimal ReservedGb => LogicalUnits.Where(l => !l.Thin).Sum(l => l.CapacityGb);

    /// <summary>Free capacity (capacity minus thick reservations), GB.</summary>
    public decimal FreeGb => CapacityGb - ReservedGb;

    /// <summary>Sum of every LU's size, GB.</summary>
    public decimal TotalLogicalUnitGb => LogicalUnits.Sum(l => l.CapacityGb);

    /// <summary>Provisioned beyond the capacity (thin overcommit), GB.</summary>
    public decimal OverCommitGb => Math.Max(0, TotalLogicalUnitGb - CapacityGb);

    /// <summary>ETag value.</summary>
    public string ETag => PartitionView.EtagOf(Uuid, Version);
}
