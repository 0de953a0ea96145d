namespace PowerDrivers.Emulator.Hmc.Model;

/// <summary>What a VIOS serves: its mappings, volume groups and device counters (kept in NVRAM per VIOS).</summary>
public sealed record ViosIo
{
    /// <summary>vSCSI mappings.</summary>
    public IReadOnlyList<ScsiMapping> Scsi { get; init; } = [];

    /// <summary>vFC mappings.</summary>
    public IReadOnlyList<FcMapping> Fc { get; init; } = [];

    /// <summary>Volume groups.</summary>
    public IReadOnlyList<VolumeGroup> VolumeGroups { get; init; } = [];

    /// <summary>Next vhostN.</summary>
    public int NextVhost { get; init; }

    /// <summary>Next vfchostN.</summary>
    public int NextVfcHost { get; init; }

    /// <summary>Next vtscsiN.</summary>
    public int NextTarget { get; init; }

    /// <summary>Next entN for virtual Ethernet devices (trunk adapters, SEAs, aggregations).</summary>
    public int NextEnt { get; init; }
}
