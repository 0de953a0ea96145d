namespace PowerDrivers.Emulator.Hmc.Model;

/// <summary>A logical unit of the shared storage pool: thin (allocates on write) or thick (reserved at creation).</summary>
public sealed record LogicalUnit
{
    /// <summary>LU name (unique in the pool).</summary>
    public required string Name { get; init; }

    /// <summary>Unique device ID (64 hex digits), assigned at creation.</summary>
    public required string Udid { get; init; }

    /// <summary>Capacity in GB.</summary>
    public required decimal CapacityGb { get; init; }

    /// <summary>Thin provisioned: consumes no pool capacity up front.</summary>
    public bool Thin { get; init; } = true;

    /// <summary>UDID of the LU it was cloned from, if any.</summary>
    public string? ClonedFrom { get; init; }
}

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

/// <summary>A logical volume of a volume group, mappable over vSCSI.</summary>
/// <param name="Name">Logical volume name.</param>
/// <param name="CapacityGb">Size in GB.</param>
public sealed record VirtualDisk(string Name, decimal CapacityGb);

/// <summary>A file-backed virtual optical medium (ISO, config drive) of a media repository.</summary>
/// <param name="Name">Media name.</param>
/// <param name="SizeGb">Size in GB.</param>
/// <param name="MountType">rw or ro.</param>
public sealed record VirtualOpticalMedia(string Name, decimal SizeGb, string MountType = "rw");

/// <summary>A VIOS volume group (rootvg holds the media repository).</summary>
public sealed record VolumeGroup
{
    /// <summary>Volume group UUID.</summary>
    public required string Uuid { get; init; }

    /// <summary>Name, e.g. rootvg.</summary>
    public required string Name { get; init; }

    /// <summary>Capacity in GB.</summary>
    public required decimal CapacityGb { get; init; }

    /// <summary>Member physical volumes (hdisk names).</summary>
    public IReadOnlyList<string> PhysicalVolumes { get; init; } = [];

    /// <summary>Logical volumes.</summary>
    public IReadOnlyList<VirtualDisk> VirtualDisks { get; init; } = [];

    /// <summary>Media repository name, or null when the group has none.</summary>
    public string? RepositoryName { get; init; }

    /// <summary>Media repository size in GB.</summary>
    public decimal RepositorySizeGb { get; init; }

    /// <summary>Media in the repository.</summary>
    public IReadOnlyList<VirtualOpticalMedia> OpticalMedia { get; init; } = [];

    /// <summary>Free capacity, GB.</summary>
    public decimal FreeGb => CapacityGb - VirtualDisks.Sum(d => d.CapacityGb) - RepositorySizeGb;
}

/// <summary>A physical volume (hdisk) a VIOS sees.</summary>
/// <param name="Name">hdisk name.</param>
/// <param name="LocationCode">Physical location.</param>
/// <param name="Udid">Unique device ID.</param>
/// <param name="CapacityMb">Capacity in MB.</param>
/// <param name="Description">Device description.</param>
/// <param name="FibreChannelBacked">A SAN LUN rather than an internal disk.</param>
public sealed record PhysicalVolume(string Name, string LocationCode, string Udid, long CapacityMb, string Description, bool FibreChannelBacked);
