using System.Xml.Linq;

namespace PowerDrivers.Backend.PowerVM.Wire;

/// <summary>One vSCSI mapping of a VIOS (fake_vios_mappings.txt shape).</summary>
/// <param name="ClientUuid">Client partition (AssociatedLogicalPartition), empty for a server adapter without client.</param>
/// <param name="ClientId">Client partition ID.</param>
/// <param name="ClientSlot">Client adapter slot (0 when none).</param>
/// <param name="ServerSlot">Server adapter slot.</param>
/// <param name="ServerAdapter">Server adapter device (vhostN).</param>
/// <param name="Backing">The mapped device: LU UDID, else the storage element's name.</param>
/// <param name="BackingName">LU UnitName / VolumeName / DiskName / MediaName.</param>
/// <param name="BackingKind">LogicalUnit, PhysicalVolume, VirtualDisk, VirtualOpticalMedia, or empty.</param>
/// <param name="Target">Target device name (vtscsiN), or empty.</param>
internal sealed record ScsiMappingView(string ClientUuid, int ClientId, int ClientSlot, int ServerSlot, string ServerAdapter, string Backing, string BackingName, string BackingKind, string Target);

/// <summary>One vFC (NPIV) mapping of a VIOS (fake_vios_ssp_npiv.txt shape).</summary>
/// <param name="ClientUuid">Client partition.</param>
/// <param name="ClientId">Client partition ID.</param>
/// <param name="ClientSlot">Client vFC adapter slot.</param>
/// <param name="ServerSlot">Server adapter slot.</param>
/// <param name="ServerAdapter">vfchostN.</param>
/// <param name="PortName">Physical port (fcsN) it maps to, or empty.</param>
/// <param name="Wwpns">The client adapter's WWPN pair (lower case).</param>
internal sealed record FcMappingView(string ClientUuid, int ClientId, int ClientSlot, int ServerSlot, string ServerAdapter, string PortName, IReadOnlyList<string> Wwpns);

/// <summary>A physical Fibre Channel port of a VIOS.</summary>
/// <param name="Name">fcsN.</param>
/// <param name="Location">Location code.</param>
/// <param name="Wwpn">The port's WWPN.</param>
/// <param name="Available">NPIV virtual ports still free.</param>
/// <param name="Total">NPIV virtual ports in all (0: not NPIV capable).</param>
internal sealed record FcPortView(string Name, string Location, string Wwpn, int Available, int Total)
{
    public bool Npiv => Total > 0;
}

/// <summary>A physical adapter in a VIOS slot.</summary>
/// <param name="Location">Slot location code.</param>
/// <param name="Description">Adapter description.</param>
/// <param name="Kind">fibre-channel, ethernet, sas or other.</param>
internal sealed record PhysicalAdapterView(string Location, string Description, string Kind);

/// <summary>A VirtualIOServer entry read with the ViosSCSIMapping, ViosFCMapping, ViosStorage and ViosNetwork groups.</summary>
internal sealed record VirtualIoServerView
{
    public const string Type = "VirtualIOServer";

    public required string Uuid { get; init; }
    public required string Name { get; init; }
    public int Id { get; init; }
    public string State { get; init; } = "";
    public string RmcState { get; init; } = "";
    public IReadOnlyList<ScsiMappingView> Scsi { get; init; } = [];
    public IReadOnlyList<FcMappingView> Fc { get; init; } = [];
    public IReadOnlyList<FcPortView> FcPorts { get; init; } = [];
    public IReadOnlyList<PhysicalAdapterView> Adapters { get; init; } = [];

    /// <summary>Physical Ethernet devices (entN, location) the VIOS reports: SEA backing devices and free ones.</summary>
    public IReadOnlyList<(string Name, string Location)> EthernetPorts { get; init; } = [];
    public string? ETag { get; init; }
    public required XElement Element { get; init; }

    public bool IsRunning => string.Equals(State, "running", StringComparison.OrdinalIgnoreCase);

    public static IReadOnlyList<VirtualIoServerView> ReadAll(string body, string? headerETag = null) =>
        body.Length == 0 ? [] : [.. Uom.Objects(Uom.Parse(body), Type).Select(o => Read(o.Element, o.ETag ?? headerETag))];

    public static VirtualIoServerView Read(XElement e, string? etag) => new()
    {
        Uuid = e.Str("PartitionUUID") ?? e.Child("Metadata").Child("Atom").Str("AtomID") ?? "",
        Name = e.Str("PartitionName") ?? "",
        Id = e.Int("PartitionID") ?? 0,
        State = e.Str("PartitionState") ?? "",
        RmcState = e.Str("ResourceMonitoringControlState") ?? "",
        Scsi = [.. Items(e, "VirtualSCSIMappings", "VirtualSCSIMapping").Select(ReadScsi)],
        Fc = [.. Items(e, "VirtualFibreChannelMappings", "VirtualFibreChannelMapping").Select(ReadFc)],
        FcPorts = ReadPorts(e),
        Adapters = ReadAdapters(e),
        EthernetPorts = ReadEthernet(e),
        ETag = etag,
        Element = e,
    };

    /// <summary>The elements named <paramref name="item"/> of the list <paramref name="list"/> directly under <paramref name="e"/>.</summary>
    public static IEnumerable<XElement> Items(XElement e, string list, string item) =>
        e.Child(list)?.Elements().Where(c => c.Name.LocalName == item) ?? [];

    public static ScsiMappingView ReadScsi(XElement m)
    {
        var client = m.Child("ClientAdapter");
        var server = m.Child("ServerAdapter");
        var storage = m.Child("Storage")?.Elements().FirstOrDefault();
        var target = m.Child("TargetDevice")?.Elements().FirstOrDefault();
        var kind = storage?.Name.LocalName ?? "";
        var name = storage is null ? "" : storage.Str("UnitName") ?? storage.Str("VolumeName") ?? storage.Str("DiskName") ?? storage.Str("MediaName") ?? "";
        var backing = kind == "LogicalUnit" ? storage.Str("UniqueDeviceID") ?? name : name;
        return new ScsiMappingView(
            m.HrefUuid("AssociatedLogicalPartition") ?? "",
            client.Int("LocalPartitionID") ?? server.Int("RemoteLogicalPartitionID") ?? 0,
            client.Int("VirtualSlotNumber") ?? 0,
            server.Int("VirtualSlotNumber") ?? 0,
            server.Str("AdapterName") ?? "",
            backing, name, kind,
            target.Str("TargetName") ?? "");
    }

    public static FcMappingView ReadFc(XElement m)
    {
        var client = m.Child("ClientAdapter");
        var server = m.Child("ServerAdapter");
        return new FcMappingView(
            m.HrefUuid("AssociatedLogicalPartition") ?? "",
            client.Int("LocalPartitionID") ?? server.Int("ConnectingPartitionID") ?? 0,
            client.Int("VirtualSlotNumber") ?? 0,
            server.Int("VirtualSlotNumber") ?? 0,
            server.Str("AdapterName") ?? "",
            m.Child("Port").Str("PortName") ?? server.Str("MapPort") ?? "",
            Wwpns(client.Str("WWPNs")));
    }

    /// <summary>A VirtualFibreChannelClientAdapter feed (vfc_client_adapter_feed.txt) as mappings seen from the client <paramref name="partition"/>.</summary>
    public static IReadOnlyList<FcMappingView> ReadClientAdapters(string body, string partition) =>
        body.Length == 0 ? [] : [.. Uom.Objects(Uom.Parse(body), "VirtualFibreChannelClientAdapter").Select(o =>
        {
            var e = o.Element;
            var server = e.Child("ServerAdapter");
            return new FcMappingView(partition, e.Int("LocalPartitionID") ?? 0, e.Int("VirtualSlotNumber") ?? 0,
                e.Int("ConnectingVirtualSlotNumber") ?? server.Int("VirtualSlotNumber") ?? 0, server.Str("AdapterName") ?? "",
                server.Str("MapPort") ?? server.Child("PhysicalPort").Str("PortName") ?? "", Wwpns(e.Str("WWPNs")));
        })];

    /// <summary>A WWPNs value ("c0… c0…") as a lower-case list.</summary>
    public static IReadOnlyList<string> Wwpns(string? text) =>
        [.. (text ?? "").Split([' ', ','], StringSplitOptions.RemoveEmptyEntries).Select(w => w.ToLowerInvariant())];

    private static List<FcPortView> ReadPorts(XElement e)
    {
        // The adapters of the VIOS's slots list their ports; a mapping's Port repeats one (with the current free count).
        var ports = new Dictionary<string, FcPortView>(StringComparer.Ordinal);
        foreach (var p in e.Child("PartitionIOConfiguration")?.Descendants().Where(d => d.Name.LocalName == "PhysicalFibreChannelPort") ?? [])
        {
            var view = Port(p);
            ports.TryAdd(view.Name, view);
        }

        foreach (var p in Items(e, "VirtualFibreChannelMappings", "VirtualFibreChannelMapping").Select(m => m.Child("Port")).OfType<XElement>())
        {
            var view = Port(p);
            if (!ports.TryGetValue(view.Name, out var known) || known.Total == 0)
            {
                ports[view.Name] = view;
            }
        }

        return [.. ports.Values.OrderBy(p => p.Name, StringComparer.Ordinal)];
    }

    private static FcPortView Port(XElement p) =>
        new(p.Str("PortName") ?? "", p.Str("LocationCode") ?? "", p.Str("WWPN") ?? "", p.Int("AvailablePorts") ?? 0, p.Int("TotalPorts") ?? 0);

    private static List<PhysicalAdapterView> ReadAdapters(XElement e)
    {
        var slots = e.Child("PartitionIOConfiguration").Child("ProfileIOSlots")?.Elements().Where(s => s.Name.LocalName == "ProfileIOSlot") ?? [];
        return [.. slots.Select(s => s.Child("AssociatedIOSlot")).OfType<XElement>().Select(slot =>
        {
            var description = slot.Str("Description") ?? "";
            var related = slot.Child("RelatedIOAdapter")?.Elements().FirstOrDefault();
            var device = related.Str("DeviceName") ?? "";
            var kind = related?.Name.LocalName == "PhysicalFibreChannelAdapter" || device.StartsWith("fcs", StringComparison.Ordinal) || description.Contains("Fibre Channel", StringComparison.OrdinalIgnoreCase) ? "fibre-channel"
                : device.StartsWith("ent", StringComparison.Ordinal) || description.Contains("Ethernet", StringComparison.OrdinalIgnoreCase) || description.Contains("GbE", StringComparison.Ordinal) ? "ethernet"
                : device.StartsWith("sissas", StringComparison.Ordinal) || description.Contains("SAS", StringComparison.OrdinalIgnoreCase) ? "sas"
                : "other";
            return new PhysicalAdapterView(slot.Str("SlotDynamicReconfigurationConnectorName") ?? related.Str("DynamicReconfigurationConnectorName") ?? "", description, kind);
        })];
    }

    private static List<(string, string)> ReadEthernet(XElement e)
    {
        var devices = e.Descendants()
            .Where(d => d.Name.LocalName is "EthernetBackingDevice" or "IOAdapter" && d.Parent?.Name.LocalName is "BackingDeviceChoice" or "IOAdapterChoice")
            .Concat(e.Descendants().Where(d => d.Name.LocalName == "EthernetBackingDevice"))
            .Select(d => (Name: d.Str("DeviceName") ?? "", Location: d.Str("PhysicalLocation") ?? ""))
            .Where(d => d.Name.StartsWith("ent", StringComparison.Ordinal));
        return [.. devices.DistinctBy(d => d.Name).OrderBy(d => d.Name.Length).ThenBy(d => d.Name, StringComparer.Ordinal)];
    }
}
