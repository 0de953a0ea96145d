namespace PowerDrivers.Driver.Core.Backends;

/// <summary>
/// A host's I/O as the platform reports it now: the I/O servers (PowerVM VIOS partitions; the PowerKVM host itself), their
/// physical adapters, the virtual mappings that connect instances to them, and the network bridges.
/// </summary>
/// <param name="Servers">I/O servers.</param>
/// <param name="Adapters">Physical adapters and their ports.</param>
/// <param name="Mappings">Virtual device mappings (vSCSI, vFC, virtio disks and NICs).</param>
/// <param name="Bridges">Network bridges (SEA / Linux bridge) and the VLANs they carry.</param>
public sealed record HostIo(
    IReadOnlyList<IoServer> Servers,
    IReadOnlyList<IoAdapter> Adapters,
    IReadOnlyList<IoMapping> Mappings,
    IReadOnlyList<IoBridge> Bridges)
{
    /// <summary>Nothing reported.</summary>
    public static HostIo Empty { get; } = new([], [], [], []);
}

/// <summary>An I/O server.</summary>
/// <param name="Name">Partition or host name.</param>
/// <param name="Id">Partition id or native id.</param>
/// <param name="Role">"vios" or "host".</param>
/// <param name="State">The platform's state word ("running", "not activated").</param>
public sealed record IoServer(string Name, string Id, string Role, string State);

/// <summary>A physical adapter owned by an I/O server.</summary>
/// <param name="Server">Owning I/O server name.</param>
/// <param name="Location">Physical location code or PCI address.</param>
/// <param name="Kind">"fibre-channel", "ethernet" or "sas".</param>
/// <param name="Description">Platform description.</param>
/// <param name="Ports">Its ports.</param>
public sealed record IoAdapter(string Server, string Location, string Kind, string Description, IReadOnlyList<IoPort> Ports);

/// <summary>A physical port.</summary>
/// <param name="Name">Device name ("fcs0", "ent0").</param>
/// <param name="Wwpn">Fibre Channel WWPN (empty for Ethernet).</param>
/// <param name="Npiv">NPIV capable.</param>
/// <param name="NpivClients">Virtual FC clients mapped to it.</param>
/// <param name="NpivMaxClients">Most virtual FC clients it takes (64 on POWER8 VIOS).</param>
public sealed record IoPort(string Name, string Wwpn, bool Npiv, int NpivClients, int NpivMaxClients);

/// <summary>A virtual mapping between an instance and an I/O server.</summary>
/// <param name="Kind">"vscsi", "npiv", "virtio-blk", "virtio-scsi", "virtual-ethernet".</param>
/// <param name="Server">I/O server name.</param>
/// <param name="ServerAdapter">Server side ("vhost0", "vfchost1", a libvirt target).</param>
/// <param name="Client">Client partition or domain name.</param>
/// <param name="ClientAdapter">Client side (virtual slot, guest device).</param>
/// <param name="Backing">What is mapped (LU name, hdisk, physical FC port, image path).</param>
/// <param name="Wwpns">The client adapter's WWPN pair (NPIV only).</param>
/// <param name="State">Path or login state ("Enabled", "Failed", "LOGGED_IN", "NOT_LOGGED_IN").</param>
public sealed record IoMapping(string Kind, string Server, string ServerAdapter, string Client, string ClientAdapter, string Backing, IReadOnlyList<string> Wwpns, string State);

/// <summary>A network bridge.</summary>
/// <param name="Name">Bridge name.</param>
/// <param name="Server">I/O server carrying it.</param>
/// <param name="PhysicalPorts">Physical ports (several = link aggregation).</param>
/// <param name="Vlans">VLANs bridged.</param>
/// <param name="Active">True when it bridges now (the primary, or the backup after failover).</param>
/// <param name="Priority">Trunk priority (lower is primary).</param>
public sealed record IoBridge(string Name, string Server, IReadOnlyList<string> PhysicalPorts, IReadOnlyList<int> Vlans, bool Active, int Priority);
