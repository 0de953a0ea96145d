namespace PowerDrivers.Emulator.Hmc.Model;

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
