using System.Globalization;
using System.Xml.Linq;
using PowerDrivers.Emulator.Hmc.Model;
using static PowerDrivers.Emulator.Hmc.Wire.Uom;

namespace PowerDrivers.Emulator.Hmc.Wire;

/// <summary>NetworkBridge (fake_network_bridge.txt, nbbr_network_bridge_failover.txt) and VirtualNetwork entries; reads bridges.</summary>
internal static class BridgeXml
{
    public static XElement BridgeEntry(EmulatedSystem system, NetworkBridge b, LinkBuilder links, bool inFeed)
    {
        var body = Root(Ns, "NetworkBridge", "V1_2_0", b.Uuid, 0,
            b.ControlChannelId == 0 ? null : P("ControlChannelID", b.ControlChannelId),
            P("FailoverEnabled", b.Adapters.Count > 1),
            P("LoadBalancingEnabled", false),
            Group("LoadGroups", "CUD", b.LoadGroups.Select((g, i) => Group(Ns, "LoadGroup", null,
                P("PortVLANID", g.PortVlanId, "CUR"),
                Group("TrunkAdapters", "CUD", b.Adapters.Select(a => Trunk(system, system.Find(a.ViosUuid)!, b, a, a.Trunks[i], g, links, withSwitch: false))),
                Links("VirtualNetworks", NetworkLinks(system, g.Vlans, links))))),
            P("PortVLANID", b.LoadGroups[0].PortVlanId, "COR"),
            Group("SharedEthernetAdapters", "CUD", b.Adapters.Select(a => Sea(system, b, a, links, inBridge: true))),
            P("UniqueDeviceID", b.Uuid.Replace("-", string.Empty, StringComparison.Ordinal)[..16], "ROR"),
            Links("VirtualNetworks", NetworkLinks(system, b.Vlans, links), "ROR"));
        return Uom.Entry(b.Uuid, "NetworkBridge", DateTimeOffset.UtcNow, links.Uom(system.BridgeUri(b)), inFeed ? b.ETag : null, UomType("NetworkBridge"), body);
    }

    public static XElement Sea(EmulatedSystem system, NetworkBridge b, SeaAdapter a, LinkBuilder links, bool inBridge)
    {
        var vios = system.Find(a.ViosUuid)!;
        var ports = system.EthernetPorts(a.ViosUuid);
        var primaryPort = ports.FirstOrDefault(p => p.Name == a.BackingPorts[0]);
        var location = primaryPort?.LocationCode ?? string.Empty;
        var backing = a.BackingPorts.Count == 1
            ? VirtualIoXml.EthernetDevice(a.BackingPorts[0], location, primaryPort?.Description ?? string.Empty, "physicalEthernetAdpter", withDrc: true)
            : VirtualIoXml.EthernetDevice(Ent(a.AggregationNumber), location, $"IEEE 802.3ad Link Aggregation of {string.Join(',', a.BackingPorts)}", "linkAggregation", withDrc: true);
        var running = vios.State == PartitionState.Running;
        return Group(Ns, "SharedEthernetAdapter", null,
            inBridge ? Link("AssignedVirtualIOServer", links.Uom(system.PartitionUri(vios))) : null,
            new XElement(Ns + "BackingDeviceChoice", new XAttribute("kb", "CUD"), new XAttribute("kxe", "false"), Group(Ns, "EthernetBackingDevice", null, backing)),
            P("HighAvailabilityMode", b.Adapters.Count > 1 ? "auto" : "disabled"),
            P("DeviceName", Ent(a.DeviceNumber)),
            P("JumboFramesEnabled", false, "UOD"),
            P("PortVLANID", b.LoadGroups[0].PortVlanId, "ROR"),
            P("QualityOfServiceMode", "disabled"),
            P("QueueSize", 8192, "UOD"),
            P("ThreadModeEnabled", true),
            Group("TrunkAdapters", "CUD", a.Trunks.Select((t, i) => Trunk(system, vios, b, a, t, b.LoadGroups[i], links, withSwitch: false))),
            inBridge ? P("IsPrimary", string.Equals(b.ActiveViosUuid, a.ViosUuid, StringComparison.OrdinalIgnoreCase)) : null,
            P("UniqueDeviceID", "10" + EmulatedSystem.NameUuid($"sea:{b.Uuid}:{a.ViosUuid}").Replace("-", string.Empty, StringComparison.Ordinal)[..16], "ROR"),
            P("LargeSend", true),
            inBridge ? P("ConfigurationState", running ? "Configured" : "Unconfigured") : null);
    }

    public static XElement Trunk(EmulatedSystem system, PartitionView vios, NetworkBridge b, SeaAdapter a, TrunkAdapter t, LoadGroup g, LinkBuilder links, bool withSwitch)
    {
        _ = b;
        var location = system.VirtualLocation(vios.Definition.Id, t.Slot);
        return Group(Ns, "TrunkAdapter", null,
            P("DynamicReconfigurationConnectorName", location),
            P("LocationCode", location, "ROR"),
            P("RequiredAdapter", false),
            P("VariedOn", vios.State == PartitionState.Running),
            P("VirtualSlotNumber", t.Slot, "COD"),
            P("AllowedOperatingSystemMACAddresses", "ALL"),
            P("MACAddress", t.MacAddress, "CUR"),
            P("PortVLANID", g.PortVlanId, "CUR"),
            P("QualityOfServicePriorityEnabled", false),
            g.TaggedVlanIds.Count == 0 ? null : P("TaggedVLANIDs", string.Join(' ', g.TaggedVlanIds), "CUA"),
            P("TaggedVLANSupported", g.TaggedVlanIds.Count > 0, "CUA"),
            withSwitch ? Links("AssociatedVirtualSwitch", [links.Uom($"{system.RelativeUri}/VirtualSwitch/{system.VirtualSwitchUuid}")]) : null,
            P("VirtualSwitchID", 0, "ROR"),
            P("DeviceName", Ent(t.DeviceNumber), "ROR"),
            P("TrunkPriority", a.TrunkPriority));
    }

    public static XElement NetworkEntry(EmulatedSystem system, VirtualNetwork n, LinkBuilder links, bool inFeed)
    {
        var body = Root(Ns, "VirtualNetwork", "V1_2_0", n.Uuid, 0,
            Link("AssociatedSwitch", links.Uom($"{system.RelativeUri}/VirtualSwitch/{system.VirtualSwitchUuid}"), "COD"),
            P("NetworkName", n.Name, "CUR"),
            P("NetworkVLANID", n.VlanId, "COD"),
            P("VswitchID", 0, "ROR"),
            P("TaggedNetwork", n.Tagged, "COD"));
        return Uom.Entry(n.Uuid, "VirtualNetwork", DateTimeOffset.UtcNow, links.Uom($"{system.RelativeUri}/VirtualNetwork/{n.Uuid}"), inFeed ? NetworkEtag(n) : null, UomType("VirtualNetwork"), body);
    }

    public static string NetworkEtag(VirtualNetwork n) => PartitionView.EtagOf(n.Uuid, n.VlanId);

    /// <summary>A VirtualNetwork from a PUT: VLAN, name, tagged.</summary>
    public static (int Vlan, string? Name, bool Tagged) ReadNetwork(XElement e)
    {
        var vlan = StorageXml.Text(e, "NetworkVLANID") is { } v && int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new HmcException(Hscl.BadRequest, "A VirtualNetwork needs a numeric NetworkVLANID.");
        return (vlan, StorageXml.Text(e, "NetworkName"), string.Equals(StorageXml.Text(e, "TaggedNetwork"), "true", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// The load groups of a NetworkBridge body. A group's VLANs come from two places a client may edit: its
    /// VirtualNetworks links and its trunk adapter's TaggedVLANIDs. Against the bridge as it is (<paramref name="current"/>),
    /// a VLAN either place adds is added and a VLAN either place drops is dropped; for a new bridge both are joined.
    /// </summary>
    public static IReadOnlyList<LoadGroup> ReadLoadGroups(XElement bridge, EmulatedSystem system, NetworkBridge? current)
    {
        var known = system.VirtualNetworks().ToDictionary(n => n.Uuid, StringComparer.OrdinalIgnoreCase);
        var groups = bridge.Elements().FirstOrDefault(e => e.Name.LocalName == "LoadGroups")?.Elements().Where(e => e.Name.LocalName == "LoadGroup").ToList() ?? [];
        if (groups.Count == 0)
        {
            var pvid = Vlan(StorageXml.Text(bridge, "PortVLANID") ?? throw new HmcException(Hscl.BadRequest, "A NetworkBridge needs LoadGroups or a PortVLANID."));
            var trunk = bridge.Descendants().FirstOrDefault(e => e.Name.LocalName == "TrunkAdapter");
            return [new LoadGroup(pvid, trunk is null ? [] : Tagged(trunk))];
        }

        return [.. groups.Select((g, i) =>
        {
            var pvid = Vlan(StorageXml.Text(g, "PortVLANID") ?? throw new HmcException(Hscl.BadRequest, "A LoadGroup needs a PortVLANID."));
            var networks = g.Elements().FirstOrDefault(e => e.Name.LocalName == "VirtualNetworks");
            var linked = networks?.Elements().Select(l => l.Attribute("href")?.Value.Split('?')[0].TrimEnd('/').Split('/')[^1] ?? string.Empty)
                .Select(id => known.TryGetValue(id, out var n) ? n.VlanId : throw Hscl.Missing("virtual network", id))
                .Where(v => v != pvid).ToHashSet();
            var trunk = g.Descendants().FirstOrDefault(e => e.Name.LocalName == "TrunkAdapter");
            var tagged = trunk is null ? null : Tagged(trunk).ToHashSet();
            var now = current is not null && i < current.LoadGroups.Count ? current.LoadGroups[i].TaggedVlanIds.ToHashSet() : [];
            var result = new HashSet<int>(now);
            foreach (var source in new[] { linked, tagged }.OfType<HashSet<int>>())
            {
                result.UnionWith(source.Except(now));
                if (current is not null)
                {
                    result.ExceptWith(now.Except(source));
                }
            }

            result.Remove(pvid);
            return new LoadGroup(pvid, [.. result.Order()]);
        })];
    }

    /// <summary>The SEAs of a new NetworkBridge: VIOS (AssignedVirtualIOServer), backing port(s) and trunk priority.</summary>
    public static IReadOnlyList<SeaSpec> ReadSeas(XElement bridge)
    {
        var seas = bridge.Elements().FirstOrDefault(e => e.Name.LocalName == "SharedEthernetAdapters")?.Elements().Where(e => e.Name.LocalName == "SharedEthernetAdapter").ToList() ?? [];
        return [.. seas.Select((s, i) =>
        {
            var vios = s.Elements().FirstOrDefault(e => e.Name.LocalName == "AssignedVirtualIOServer")?.Attribute("href")?.Value.TrimEnd('/').Split('/')[^1]
                ?? throw new HmcException(Hscl.BadRequest, "A SharedEthernetAdapter needs its AssignedVirtualIOServer link.");
            var ports = s.Elements().FirstOrDefault(e => e.Name.LocalName == "BackingDeviceChoice")?.Elements()
                .Select(d => StorageXml.Text(d, "DeviceName")).OfType<string>().ToList() ?? [];
            var priority = s.Descendants().FirstOrDefault(e => e.Name.LocalName == "TrunkPriority")?.Value is { } p && int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : i + 1;
            return new SeaSpec(vios, ports, priority);
        })];
    }

    private static List<int> Tagged(XElement trunk) =>
        [.. (StorageXml.Text(trunk, "TaggedVLANIDs") ?? string.Empty).Split([' ', ','], StringSplitOptions.RemoveEmptyEntries).Select(Vlan)];

    private static int Vlan(string v) => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw Hscl.Value($"The VLAN ID '{v}' is not a number.");

    private static IEnumerable<string> NetworkLinks(EmulatedSystem system, IEnumerable<int> vlans, LinkBuilder links)
    {
        var byVlan = system.VirtualNetworks().ToDictionary(n => n.VlanId);
        return vlans.Where(byVlan.ContainsKey).Select(v => links.Uom($"{system.RelativeUri}/VirtualNetwork/{byVlan[v].Uuid}"));
    }

    private static string Ent(int n) => "ent" + n.ToString(CultureInfo.InvariantCulture);
}
