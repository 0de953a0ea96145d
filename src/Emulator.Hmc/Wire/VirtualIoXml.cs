using System.Globalization;
using System.Xml.Linq;
using PowerDrivers.Emulator.Hmc.Model;
using static PowerDrivers.Emulator.Hmc.Wire.Uom;

namespace PowerDrivers.Emulator.Hmc.Wire;

/// <summary>
/// The virtual I/O parts of a VirtualIOServer entry (fake_vios_mappings.txt / fake_vios_ssp_npiv.txt order: media
/// repositories, physical volumes, SEAs, trunk adapters, vFC and vSCSI mappings, free adapters) and the client
/// adapter entries of a partition (vfc_client_adapter_feed.txt).
/// </summary>
internal static class VirtualIoXml
{
    public static XElement MediaRepositories(EmulatedSystem system, PartitionView vios) =>
        Group("MediaRepositories", "CUD", system.ViosIoOf(vios.Uuid).VolumeGroups.Where(g => g.RepositoryName is not null).Select(g =>
            Group(Ns, "VirtualMediaRepository", null,
                Group("OpticalMedia", "CUD", g.OpticalMedia.Select(Optical)),
                P("RepositoryName", g.RepositoryName, "CUR"),
                P("RepositorySize", g.RepositorySizeGb, "CUR"))));

    public static XElement PhysicalVolumes(EmulatedSystem system, PartitionView vios)
    {
        var io = system.ViosIoOf(vios.Uuid);
        var used = io.VolumeGroups.SelectMany(g => g.PhysicalVolumes).Concat(io.Scsi.Where(m => m.Backing?.Kind == BackingKind.PhysicalVolume).Select(m => m.Backing!.Name)).ToHashSet(StringComparer.Ordinal);
        return Group("PhysicalVolumes", "CUD", system.PhysicalVolumes(vios.Uuid).Select(d => Volume(d, !used.Contains(d.Name))));
    }

    public static XElement Volume(PhysicalVolume d, bool available) =>
        Group(Ns, "PhysicalVolume", null,
            P("Description", d.Description),
            P("LocationCode", d.LocationCode, "ROR"),
            P("ReservePolicy", "NoReserve"),
            P("ReservePolicyAlgorithm", "Failover"),
            P("UniqueDeviceID", d.Udid, "ROR"),
            P("AvailableForUsage", available),
            P("VolumeCapacity", d.CapacityMb, "CUR"),
            P("VolumeName", d.Name, "CUR"),
            P("VolumeState", "active", "ROR"),
            P("VolumeUniqueID", d.Udid, "ROR"),
            P("IsFibreChannelBacked", d.FibreChannelBacked, "ROR"));

    public static XElement SharedEthernetAdapters(EmulatedSystem system, PartitionView vios, LinkBuilder links) =>
        Group("SharedEthernetAdapters", "CUD", system.NetworkBridges()
            .SelectMany(b => b.Adapters.Where(a => Same(a.ViosUuid, vios.Uuid)).Select(a => BridgeXml.Sea(system, b, a, links, inBridge: false))));

    public static XElement TrunkAdapters(EmulatedSystem system, PartitionView vios, LinkBuilder links) =>
        Group("TrunkAdapters", "CUD", system.NetworkBridges()
            .SelectMany(b => b.Adapters.Where(a => Same(a.ViosUuid, vios.Uuid)).SelectMany(a => a.Trunks.Select((t, i) => BridgeXml.Trunk(system, vios, b, a, t, b.LoadGroups[i], links, withSwitch: true)))));

    public static XElement FcMappings(EmulatedSystem system, PartitionView vios, LinkBuilder links)
    {
        var ports = system.FibreChannelPorts(vios.Uuid);
        return Group("VirtualFibreChannelMappings", "CUD", system.ViosIoOf(vios.Uuid).Fc.Select(m =>
        {
            var client = system.Find(m.ClientUuid);
            var port = ports.FirstOrDefault(p => p.Name == m.PortName);
            return Group(Ns, "VirtualFibreChannelMapping", null,
                client is null ? null : Link("AssociatedLogicalPartition", links.Uom(system.PartitionUri(client)), "CUR"),
                client is null ? null : FcClient("ClientAdapter", system, client, vios, m),
                port is null ? null : Port("Port", port, "CUR"),
                FcServer("ServerAdapter", system, vios, client, m, port));
        }));
    }

    public static XElement ScsiMappings(EmulatedSystem system, PartitionView vios, LinkBuilder links)
    {
        var io = system.ViosIoOf(vios.Uuid);
        var pool = system.StoragePool;
        var disks = system.PhysicalVolumes(vios.Uuid);
        return Group("VirtualSCSIMappings", "CUD", io.Scsi.Select(m =>
        {
            var client = system.Find(m.ClientUuid);
            var storage = Storage(m.Backing, pool, disks, io);
            var name = storage?.Name;
            return Group(Ns, "VirtualSCSIMapping", null,
                client is null ? null : Link("AssociatedLogicalPartition", links.Uom(system.PartitionUri(client)), "CUR"),
                client is null ? null : ScsiAdapter("ClientAdapter", system, client, vios, m, null),
                ScsiAdapter("ServerAdapter", system, vios, client, m, BackingName(m.Backing, pool)),
                storage is null ? null : new XElement(Ns + "Storage", new XAttribute("kb", "CUR"), new XAttribute("kxe", "false"), storage),
                m.Backing is null ? null : new XElement(Ns + "TargetDevice", new XAttribute("kb", "CUR"), new XAttribute("kxe", "false"), Target(system, vios, m)));
        }));
    }

    public static XElement FreeAggregationAdapters(EmulatedSystem system, PartitionView vios) =>
        Group("FreeIOAdaptersForLinkAggregation", "ROR", FreePorts(system, vios).Select(p =>
            new XElement(Ns + "IOAdapterChoice", Group(Ns, "IOAdapter", null, EthernetDevice(p.Name, p.LocationCode, p.Description, "physicalEthernetAdpter", withDrc: true)))));

    public static XElement FreeSeaBackingDevices(EmulatedSystem system, PartitionView vios) =>
        Group("FreeEthenetBackingDevicesForSEA", "ROR", FreePorts(system, vios).Select(p =>
            new XElement(Ns + "IOAdapterChoice", Group(Ns, "EthernetBackingDevice", null,
                P("AdapterID", 1, "ROR"),
                P("Description", p.Description),
                P("DeviceName", p.Name, "ROR"),
                P("PhysicalLocation", p.LocationCode, "ROR")))));

    /// <summary>A VirtualFibreChannelClientAdapter entry (vfc_client_adapter_feed.txt).</summary>
    public static XElement FcClientEntry(EmulatedSystem system, PartitionView client, FcClientAdapter a, LinkBuilder links, bool inFeed)
    {
        var vios = system.Find(a.ViosUuid)!;
        var port = system.FibreChannelPorts(a.ViosUuid).FirstOrDefault(p => p.Name == a.Mapping.PortName);
        var id = EmulatedSystem.ClientAdapterUuid(client.Uuid, "VirtualFibreChannelClientAdapter", a.Mapping.ClientSlot);
        var body = Root(Ns, "VirtualFibreChannelClientAdapter", "V1_3_0", id, 0,
            P("AdapterType", "Client", "ROR"),
            P("DynamicReconfigurationConnectorName", system.VirtualLocation(client.Definition.Id, a.Mapping.ClientSlot)),
            P("LocationCode", system.VirtualLocation(client.Definition.Id, a.Mapping.ClientSlot), "ROR"),
            P("LocalPartitionID", client.Definition.Id, "CUR"),
            P("VirtualSlotNumber", a.Mapping.ClientSlot, "COD"),
            P("ConnectingPartitionID", vios.Definition.Id, "CUR"),
            P("ConnectingVirtualSlotNumber", a.Mapping.ServerSlot, "CUR"),
            FcServer("ServerAdapter", system, vios, client, a.Mapping, port, inClientEntry: true),
            P("WWPNs", string.Join(' ', a.Mapping.Wwpns), "CUR"));
        var href = links.Uom($"{system.PartitionUri(client)}/VirtualFibreChannelClientAdapter/{id}");
        return Uom.Entry(id, "VirtualFibreChannelClientAdapter", DateTimeOffset.UtcNow, href, inFeed ? PartitionView.EtagOf(id, a.Mapping.PortName?.Length ?? 0) : null, UomType("VirtualFibreChannelClientAdapter"), body);
    }

    /// <summary>A VirtualSCSIClientAdapter entry.</summary>
    public static XElement ScsiClientEntry(EmulatedSystem system, PartitionView client, string viosUuid, ScsiMapping m, LinkBuilder links, bool inFeed)
    {
        var vios = system.Find(viosUuid)!;
        var id = EmulatedSystem.ClientAdapterUuid(client.Uuid, "VirtualSCSIClientAdapter", m.ClientSlot);
        var adapter = ScsiAdapter("VirtualSCSIClientAdapter", system, client, vios, m, null);
        var body = Root(Ns, "VirtualSCSIClientAdapter", "V1_3_0", id, 0, adapter.Elements().Where(e => e.Name.LocalName != "Metadata"));
        var href = links.Uom($"{system.PartitionUri(client)}/VirtualSCSIClientAdapter/{id}");
        return Uom.Entry(id, "VirtualSCSIClientAdapter", DateTimeOffset.UtcNow, href, inFeed ? PartitionView.EtagOf(id, m.ServerSlot) : null, UomType("VirtualSCSIClientAdapter"), body);
    }

    public static object?[] EthernetDevice(string name, string location, string description, string type, bool withDrc) =>
        [
            P("AdapterID", 1, "ROR"),
            P("Description", description),
            P("DeviceName", name, "ROR"),
            P("DeviceType", type, "ROR"),
            withDrc ? P("DynamicReconfigurationConnectorName", location) : null,
            P("PhysicalLocation", location, "ROR"),
            P("UniqueDeviceID", "13" + location, "ROR"),
        ];

    private static IEnumerable<EthernetPort> FreePorts(EmulatedSystem system, PartitionView vios)
    {
        var used = system.NetworkBridges().SelectMany(b => b.Adapters).Where(a => Same(a.ViosUuid, vios.Uuid)).SelectMany(a => a.BackingPorts).ToHashSet(StringComparer.Ordinal);
        return system.EthernetPorts(vios.Uuid).Where(p => !used.Contains(p.Name));
    }

    private static XElement Optical(VirtualOpticalMedia m) =>
        Group(Ns, "VirtualOpticalMedia", null,
            P("MediaName", m.Name, "CUR"),
            P("MediaUDID", "0e" + m.Name, "ROR"),
            P("MountType", m.MountType),
            P("Size", m.SizeGb.ToString("0.000000", CultureInfo.InvariantCulture), "CUR"));

    private static XElement FcClient(string name, EmulatedSystem system, PartitionView client, PartitionView vios, FcMapping m) =>
        Group(name, "CUR",
            P("AdapterType", "Client", "ROR"),
            P("DynamicReconfigurationConnectorName", system.VirtualLocation(client.Definition.Id, m.ClientSlot)),
            P("LocationCode", system.VirtualLocation(client.Definition.Id, m.ClientSlot), "ROR"),
            P("LocalPartitionID", client.Definition.Id, "CUR"),
            P("RequiredAdapter", false),
            P("VariedOn", client.State.IsActive()),
            P("VirtualSlotNumber", m.ClientSlot, "CUR"),
            P("ConnectingPartitionID", vios.Definition.Id, "CUR"),
            P("ConnectingVirtualSlotNumber", m.ServerSlot, "CUR"),
            P("WWPNs", string.Join(' ', m.Wwpns), "CUR"));

    private static XElement FcServer(string name, EmulatedSystem system, PartitionView vios, PartitionView? client, FcMapping m, FibreChannelPort? port, bool inClientEntry = false)
    {
        var location = system.VirtualLocation(vios.Definition.Id, m.ServerSlot);
        return Group(name, "CUR",
            P("AdapterType", "Server", "ROR"),
            P("DynamicReconfigurationConnectorName", location),
            P("LocationCode", location, "ROR"),
            P("LocalPartitionID", vios.Definition.Id, "CUR"),
            inClientEntry ? null : P("RequiredAdapter", false),
            inClientEntry ? null : P("VariedOn", vios.State == PartitionState.Running),
            P("VirtualSlotNumber", m.ServerSlot, "CUR"),
            P("AdapterName", "vfchost" + m.AdapterNumber.ToString(CultureInfo.InvariantCulture), "CUR"),
            P("ConnectingPartitionID", client?.Definition.Id ?? 0, "CUR"),
            P("ConnectingVirtualSlotNumber", m.ClientSlot, "CUR"),
            P("UniqueDeviceID", "1d" + location, "CUR"),
            port is null ? null : P("MapPort", port.Name, "CUR"),
            port is null ? null : Port("PhysicalPort", port, "CUD"));
    }

    private static XElement Port(string name, FibreChannelPort port, string kb) =>
        Group(name, kb,
            P("LocationCode", port.LocationCode, "ROR"),
            P("PortName", port.Name, "CUR"),
            P("UniqueDeviceID", "1a" + port.LocationCode, "ROR"),
            P("WWPN", port.Wwpn, "CUR"),
            P("AvailablePorts", port.AvailablePorts, "ROR"),
            P("TotalPorts", port.TotalPorts, "ROR"));

    private static XElement ScsiAdapter(string name, EmulatedSystem system, PartitionView local, PartitionView? remote, ScsiMapping m, string? backingName)
    {
        var server = local.Definition.IsVios;
        var localSlot = server ? m.ServerSlot : m.ClientSlot;
        var remoteSlot = server ? m.ClientSlot : m.ServerSlot;
        var location = system.VirtualLocation(local.Definition.Id, localSlot);
        var remoteLocation = remote is null ? string.Empty : system.VirtualLocation(remote.Definition.Id, remoteSlot);
        return Group(name, "CUR",
            P("AdapterType", server ? "Server" : "Client", "ROR"),
            P("DynamicReconfigurationConnectorName", location),
            P("LocationCode", location, "ROR"),
            P("LocalPartitionID", local.Definition.Id, "CUR"),
            P("RequiredAdapter", false),
            P("VariedOn", true),
            P("VirtualSlotNumber", localSlot, "CUR"),
            server ? P("AdapterName", "vhost" + m.AdapterNumber.ToString(CultureInfo.InvariantCulture), "CUR") : null,
            server && backingName is not null ? P("BackingDeviceName", backingName, "CUR") : null,
            P("RemoteLogicalPartitionID", remote?.Definition.Id ?? 0, "CUR"),
            P("RemoteSlotNumber", remoteSlot, "CUA"),
            P("ServerLocationCode", server ? remoteLocation : system.VirtualLocation(remote?.Definition.Id ?? 0, m.ServerSlot), "CUR"),
            server ? P("UniqueDeviceID", "1e" + location, "ROR") : null);
    }

    private static string? BackingName(ScsiBacking? b, SharedStoragePool? pool) =>
        b is null ? null : b.Kind == BackingKind.LogicalUnit ? pool?.LogicalUnits.FirstOrDefault(l => l.Udid == b.Name)?.Name ?? b.Name : b.Name;

    private static XElement? Storage(ScsiBacking? b, SharedStoragePool? pool, IReadOnlyList<PhysicalVolume> disks, ViosIo io)
    {
        switch (b?.Kind)
        {
            case BackingKind.LogicalUnit when pool?.LogicalUnits.FirstOrDefault(l => l.Udid == b.Name) is { } lu:
                return StorageXml.LogicalUnitElement(lu);
            case BackingKind.PhysicalVolume when disks.FirstOrDefault(d => d.Name == b.Name) is { } d:
                return Volume(d, false);
            case BackingKind.VirtualDisk when io.VolumeGroups.SelectMany(g => g.VirtualDisks.Select(v => (g, v))).FirstOrDefault(x => x.v.Name == b.Name) is { v: not null } x:
                return StorageXml.VirtualDiskElement(x.g, x.v);
            case BackingKind.VirtualOptical when io.VolumeGroups.SelectMany(g => g.OpticalMedia).FirstOrDefault(m => m.Name == b.Name) is { } media:
                return Optical(media);
            default:
                return null;
        }
    }

    private static XElement Target(EmulatedSystem system, PartitionView vios, ScsiMapping m)
    {
        var type = m.Backing!.Kind switch
        {
            BackingKind.LogicalUnit => "SharedStoragePoolLogicalUnitVirtualTargetDevice",
            BackingKind.PhysicalVolume => "PhysicalVolumeVirtualTargetDevice",
            BackingKind.VirtualDisk => "LogicalVolumeVirtualTargetDevice",
            _ => "VirtualOpticalTargetDevice",
        };
        return Group(Ns, type, null,
            P("LogicalUnitAddress", "0x8" + (m.TargetNumber % 16).ToString("X", CultureInfo.InvariantCulture) + "00000000000000", "CUR"),
            P("TargetName", (m.Backing.Kind == BackingKind.VirtualOptical ? "vtopt" : "vtscsi") + m.TargetNumber.ToString(CultureInfo.InvariantCulture), "CUR"),
            P("UniqueDeviceID", "0a" + system.VirtualLocation(vios.Definition.Id, m.ServerSlot) + "-" + m.TargetNumber.ToString(CultureInfo.InvariantCulture), "ROR"));
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
