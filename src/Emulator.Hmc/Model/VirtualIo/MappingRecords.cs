namespace PowerDrivers.Emulator.Hmc.Model;

/// <summary>What backs a vSCSI mapping.</summary>
public enum BackingKind
{
    /// <summary>A shared storage pool logical unit.</summary>
    LogicalUnit,

    /// <summary>A physical volume (hdisk).</summary>
    PhysicalVolume,

    /// <summary>A logical volume of a volume group.</summary>
    VirtualDisk,

    /// <summary>A virtual optical medium of the media repository.</summary>
    VirtualOptical,
}

/// <summary>The backing device of a vSCSI mapping.</summary>
/// <param name="Kind">Device kind.</param>
/// <param name="Name">LU UDID (or name), hdisk name, logical volume name or media name.</param>
public sealed record ScsiBacking(BackingKind Kind, string Name);

/// <summary>
/// One vSCSI mapping of a VIOS: the server adapter (vhostN, <see cref="ServerSlot"/>) paired with the client adapter
/// (<see cref="ClientSlot"/> in the client partition) and, optionally, one backing device exported through a target
/// device (vtscsiN). Several mappings may share one adapter pair.
/// </summary>
public sealed record ScsiMapping
{
    /// <summary>Client partition UUID.</summary>
    public required string ClientUuid { get; init; }

    /// <summary>Virtual slot of the client adapter.</summary>
    public required int ClientSlot { get; init; }

    /// <summary>Virtual slot of the server adapter in the VIOS.</summary>
    public required int ServerSlot { get; init; }

    /// <summary>N of the server adapter vhostN.</summary>
    public required int AdapterNumber { get; init; }

    /// <summary>The backing device, or null for an adapter pair with nothing mapped yet.</summary>
    public ScsiBacking? Backing { get; init; }

    /// <summary>N of the target device vtscsiN (meaningful with a backing).</summary>
    public int TargetNumber { get; init; }
}

/// <summary>
/// One vFC (NPIV) mapping of a VIOS: the server adapter (vfchostN) paired with the client vFC adapter carrying a WWPN
/// pair, mapped to a physical NPIV port (or to none yet).
/// </summary>
public sealed record FcMapping
{
    /// <summary>Client partition UUID.</summary>
    public required string ClientUuid { get; init; }

    /// <summary>Virtual slot of the client adapter.</summary>
    public required int ClientSlot { get; init; }

    /// <summary>Virtual slot of the server adapter in the VIOS.</summary>
    public required int ServerSlot { get; init; }

    /// <summary>N of the server adapter vfchostN.</summary>
    public required int AdapterNumber { get; init; }

    /// <summary>Physical port (fcsN) it is mapped to, or null.</summary>
    public string? PortName { get; init; }

    /// <summary>The client adapter's WWPN pair: the first logs in here, the second is kept for mobility.</summary>
    public required IReadOnlyList<string> Wwpns { get; init; }
}

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

/// <summary>The state of one disk path of a client partition.</summary>
public enum PathState
{
    /// <summary>The path's VIOS serves I/O.</summary>
    Enabled,

    /// <summary>The path's VIOS is down.</summary>
    Failed,
}

/// <summary>One path of a client disk through a VIOS.</summary>
/// <param name="Disk">The disk: LU UDID, device name, or the client WWPN for NPIV.</param>
/// <param name="ViosUuid">VIOS serving the path.</param>
/// <param name="ViosName">Its name.</param>
/// <param name="Protocol">vSCSI or NPIV.</param>
/// <param name="State">Enabled or Failed.</param>
public sealed record DiskPath(string Disk, string ViosUuid, string ViosName, string Protocol, PathState State);

/// <summary>A client vFC adapter as the client sees it.</summary>
/// <param name="ViosUuid">The VIOS holding the server adapter.</param>
/// <param name="Mapping">The mapping.</param>
/// <param name="LoggedIn">The first WWPN is logged in to the fabric (client active, VIOS running, port mapped).</param>
public sealed record FcClientAdapter(string ViosUuid, FcMapping Mapping, bool LoggedIn);

/// <summary>A vSCSI mapping a client asks for (REST diff or in-process).</summary>
/// <param name="ClientUuid">Client partition.</param>
/// <param name="ServerSlot">Existing server adapter slot to reuse, or null for a new adapter pair.</param>
/// <param name="Backing">Backing device, or null.</param>
public sealed record ScsiMappingSpec(string ClientUuid, int? ServerSlot, ScsiBacking? Backing);

/// <summary>A vFC mapping a client asks for.</summary>
/// <param name="ClientUuid">Client partition.</param>
/// <param name="ServerSlot">Existing server adapter slot, or null for a new adapter pair.</param>
/// <param name="PortName">Physical port (fcsN), or null for none.</param>
/// <param name="Wwpns">A WWPN pair to keep (e.g. after migration), or null to allocate one.</param>
public sealed record FcMappingSpec(string ClientUuid, int? ServerSlot, string? PortName, IReadOnlyList<string>? Wwpns = null);
