using System.Globalization;
using System.Xml.Linq;

namespace PowerDrivers.Backend.PowerVM.Wire;

/// <summary>A load group of a network bridge: one trunk adapter per SEA carrying a port VLAN and tagged VLANs.</summary>
/// <param name="PortVlanId">The group's port VLAN ID.</param>
/// <param name="TaggedVlanIds">Tagged VLANs of its trunk adapters.</param>
/// <param name="NetworkUuids">Its VirtualNetworks links (UUIDs).</param>
internal sealed record LoadGroupView(int PortVlanId, IReadOnlyList<int> TaggedVlanIds, IReadOnlyList<string> NetworkUuids)
{
    public IEnumerable<int> Vlans => TaggedVlanIds.Prepend(PortVlanId);
}

/// <summary>A Shared Ethernet Adapter of a bridge.</summary>
/// <param name="ViosUuid">AssignedVirtualIOServer.</param>
/// <param name="Device">entN of the SEA.</param>
/// <param name="BackingPorts">Physical Ethernet devices (several: a link aggregation).</param>
/// <param name="Priority">Trunk priority of its trunk adapters (lower is primary).</param>
/// <param name="IsPrimary">IsPrimary as reported.</param>
internal sealed record SeaView(string ViosUuid, string Device, IReadOnlyList<string> BackingPorts, int Priority, bool? IsPrimary);

/// <summary>A NetworkBridge entry (fake_network_bridge.txt / nbbr_network_bridge_failover.txt shape).</summary>
internal sealed record NetworkBridgeView
{
    public const string Type = "NetworkBridge";

    public required string Uuid { get; init; }
    public int PortVlanId { get; init; }
    public int ControlChannelId { get; init; }
    public IReadOnlyList<LoadGroupView> LoadGroups { get; init; } = [];
    public IReadOnlyList<SeaView> Seas { get; init; } = [];
    public string? ETag { get; init; }
    public required XElement Element { get; init; }

    public IEnumerable<int> Vlans => LoadGroups.SelectMany(g => g.Vlans).Append(PortVlanId).Where(v => v > 0).Distinct();

    public static IReadOnlyList<NetworkBridgeView> ReadAll(string body, string? headerETag = null) =>
        body.Length == 0 ? [] : [.. Uom.Objects(Uom.Parse(body), Type).Select(o => Read(o.Element, o.ETag ?? headerETag))];

    public static NetworkBridgeView Read(XElement e, string? etag) => new()
    {
        Uuid = e.Child("Metadata").Child("Atom").Str("AtomID") ?? "",
        PortVlanId = e.Int("PortVLANID") ?? 0,
        ControlChannelId = e.Int("ControlChannelID") ?? 0,
        LoadGroups = [.. VirtualIoServerView.Items(e, "LoadGroups", "LoadGroup").Select(g =>
        {
            var trunks = VirtualIoServerView.Items(g, "TrunkAdapters", "TrunkAdapter").ToList();
            var tagged = trunks.SelectMany(t => NetworkBridgeXml.Vlans(t.Str("TaggedVLANIDs"))).Distinct().ToList();
            var networks = g.Child("VirtualNetworks")?.Elements().Select(l => l.Attribute("href")?.Value.Split('?')[0].TrimEnd('/').Split('/')[^1]).OfType<string>().ToList() ?? [];
            return new LoadGroupView(g.Int("PortVLANID") ?? trunks.FirstOrDefault().Int("PortVLANID") ?? 0, tagged, networks);
        })],
        Seas = [.. VirtualIoServerView.Items(e, "SharedEthernetAdapters", "SharedEthernetAdapter").Select(s => new SeaView(
            s.HrefUuid("AssignedVirtualIOServer") ?? "",
            s.Str("DeviceName") ?? "",
            [.. s.Child("BackingDeviceChoice")?.Descendants().Where(d => d.Name.LocalName == "DeviceName").Select(d => d.Value.Trim()).Where(n => n.Length > 0) ?? []],
            VirtualIoServerView.Items(s, "TrunkAdapters", "TrunkAdapter").Select(t => t.Int("TrunkPriority") ?? 0).DefaultIfEmpty(0).Min(),
            s.Bool("IsPrimary")))],
        ETag = etag,
        Element = e,
    };
}

/// <summary>A VirtualNetwork (a VLAN on a virtual switch) or a VirtualSwitch.</summary>
/// <param name="Uuid">UUID.</param>
/// <param name="Name">NetworkName / SwitchName.</param>
/// <param name="VlanId">NetworkVLANID (0 for a switch).</param>
/// <param name="SwitchId">VswitchID / SwitchID.</param>
internal sealed record VirtualNetworkView(string Uuid, string Name, int VlanId, int SwitchId);

/// <summary>A client virtual Ethernet adapter (cna_feed.txt shape).</summary>
/// <param name="Uuid">Adapter UUID.</param>
/// <param name="Slot">Virtual slot.</param>
/// <param name="MacAddress">MAC, 12 hex digits as the HMC writes it.</param>
/// <param name="PortVlanId">Port VLAN ID.</param>
internal sealed record ClientNetworkAdapterView(string Uuid, int Slot, string MacAddress, int PortVlanId)
{
    /// <summary>aa:bb:cc:dd:ee:ff.</summary>
    public string Mac => NetworkBridgeXml.ColonMac(MacAddress);
}

/// <summary>NetworkBridge changes (a VLAN added to a load group), VirtualNetwork / VirtualSwitch feeds and ClientNetworkAdapter bodies.</summary>
internal static class NetworkBridgeXml
{
    public static readonly string MediaType = Uom.UomType(NetworkBridgeView.Type);
    public static readonly string AdapterType = Uom.UomType("ClientNetworkAdapter");
    public static readonly string NetworkType = Uom.UomType("VirtualNetwork");

    /// <summary>Most tagged VLANs one trunk adapter carries.</summary>
    public const int MaxTaggedVlans = 18;

    public static IReadOnlyList<int> Vlans(string? text) =>
        [.. (text ?? "").Split([' ', ','], StringSplitOptions.RemoveEmptyEntries)
            .Select(v => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0).Where(n => n > 0)];

    /// <summary>
    /// The bridge with <paramref name="vlanId"/> added as a tagged VLAN of the last load group with room (its trunk
    /// adapters' TaggedVLANIDs, and the VLAN's VirtualNetwork link when known); null when every group is full.
    /// </summary>
    public static XElement? WithVlan(XElement bridge, int vlanId, string? networkHref)
    {
        var copy = new XElement(bridge);
        var ns = copy.Name.Namespace;
        var group = VirtualIoServerView.Items(copy, "LoadGroups", "LoadGroup")
            .LastOrDefault(g => VirtualIoServerView.Items(g, "TrunkAdapters", "TrunkAdapter").All(t => Vlans(t.Str("TaggedVLANIDs")).Count < MaxTaggedVlans));
        if (group is null)
        {
            return null;
        }

        foreach (var trunk in VirtualIoServerView.Items(group, "TrunkAdapters", "TrunkAdapter"))
        {
            var tagged = Vlans(trunk.Str("TaggedVLANIDs")).Append(vlanId).Distinct().ToList();
            SetAfter(trunk, Uom.P("TaggedVLANIDs", string.Join(' ', tagged), "CUA", ns), "QualityOfServicePriorityEnabled", "PortVLANID");
            SetAfter(trunk, Uom.P("TaggedVLANSupported", true, "CUA", ns), "TaggedVLANIDs");
        }

        if (networkHref is not null)
        {
            var links = group.Child("VirtualNetworks");
            if (links is null)
            {
                links = new XElement(ns + "VirtualNetworks", new XAttribute("kb", "CUD"), new XAttribute("kxe", "false"));
                group.Add(links);
            }

            links.Add(new XElement(ns + "link", new XAttribute("href", networkHref), new XAttribute("rel", "related")));
        }

        return copy;
    }

    /// <summary>The bridge without <paramref name="vlanId"/> as a tagged VLAN (and without the VirtualNetwork link <paramref name="networkUuid"/>); null when it does not carry it tagged.</summary>
    public static XElement? WithoutVlan(XElement bridge, int vlanId, string? networkUuid)
    {
        var copy = new XElement(bridge);
        var ns = copy.Name.Namespace;
        var changed = false;
        foreach (var group in VirtualIoServerView.Items(copy, "LoadGroups", "LoadGroup"))
        {
            foreach (var trunk in VirtualIoServerView.Items(group, "TrunkAdapters", "TrunkAdapter"))
            {
                var tagged = Vlans(trunk.Str("TaggedVLANIDs")).ToList();
                if (tagged.Remove(vlanId))
                {
                    changed = true;
                    SetAfter(trunk, Uom.P("TaggedVLANIDs", string.Join(' ', tagged), "CUA", ns), "QualityOfServicePriorityEnabled", "PortVLANID");
                }
            }

            group.Child("VirtualNetworks")?.Elements()
                .Where(l => networkUuid is not null && (l.Attribute("href")?.Value.Split('?')[0].TrimEnd('/').EndsWith(networkUuid, StringComparison.OrdinalIgnoreCase) ?? false))
                .ToList().ForEach(l => l.Remove());
        }

        return changed ? copy : null;
    }

    public static IReadOnlyList<VirtualNetworkView> ReadNetworks(string body) =>
        body.Length == 0 ? [] : [.. Uom.Objects(Uom.Parse(body), "VirtualNetwork").Select(o => new VirtualNetworkView(
            o.Element.Child("Metadata").Child("Atom").Str("AtomID") ?? "", o.Element.Str("NetworkName") ?? "",
            o.Element.Int("NetworkVLANID") ?? 0, o.Element.Int("VswitchID") ?? 0))];

    public static IReadOnlyList<VirtualNetworkView> ReadSwitches(string body) =>
        body.Length == 0 ? [] : [.. Uom.Objects(Uom.Parse(body), "VirtualSwitch").Select(o => new VirtualNetworkView(
            o.Element.Child("Metadata").Child("Atom").Str("AtomID") ?? "", o.Element.Str("SwitchName") ?? "", 0, o.Element.Int("SwitchID") ?? 0))];

    /// <summary>A new VirtualNetwork for <paramref name="vlanId"/> on the switch at <paramref name="switchHref"/> (fake_virtual_network_feed.txt order).</summary>
    public static XElement Network(int vlanId, string name, string switchHref) =>
        Uom.Root(Uom.Ns, "VirtualNetwork", "V1_0",
            new XElement(Uom.Ns + "AssociatedSwitch", new XAttribute("kb", "COD"), new XAttribute("kxe", "false"), new XAttribute("href", switchHref), new XAttribute("rel", "related")),
            Uom.P("NetworkName", name, "CUR"),
            Uom.P("NetworkVLANID", vlanId, "COD"),
            Uom.P("TaggedNetwork", true, "COD"));

    public static IReadOnlyList<ClientNetworkAdapterView> ReadAdapters(string body) =>
        body.Length == 0 ? [] : [.. Uom.Objects(Uom.Parse(body), "ClientNetworkAdapter").Select(o => new ClientNetworkAdapterView(
            o.Element.Child("Metadata").Child("Atom").Str("AtomID") ?? "", o.Element.Int("VirtualSlotNumber") ?? 0,
            o.Element.Str("MACAddress") ?? "", o.Element.Int("PortVLANID") ?? 0))];

    /// <summary>A new ClientNetworkAdapter on <paramref name="portVlanId"/> (cna_feed.txt order); no MAC: the HMC generates one.</summary>
    public static XElement Adapter(int portVlanId, string? mac, string? switchHref) =>
        Uom.Root(Uom.Ns, "ClientNetworkAdapter", "V1_0",
            Uom.P("UseNextAvailableSlotID", true, "CUD"),
            string.IsNullOrEmpty(mac) ? null : Uom.P("MACAddress", HmcMac(mac), "CUR"),
            Uom.P("PortVLANID", portVlanId, "CUR"),
            Uom.P("TaggedVLANSupported", false, "CUA"),
            switchHref is null ? null : new XElement(Uom.Ns + "AssociatedVirtualSwitch", new XAttribute("kb", "CUD"), new XAttribute("kxe", "false"),
                new XElement(Uom.Ns + "link", new XAttribute("href", switchHref), new XAttribute("rel", "related"))));

    /// <summary>aa:bb:cc:dd:ee:ff → AABBCCDDEEFF (the HMC's form).</summary>
    public static string HmcMac(string mac) => mac.Replace(":", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).ToUpperInvariant();

    /// <summary>AABBCCDDEEFF → aa:bb:cc:dd:ee:ff.</summary>
    public static string ColonMac(string hmc)
    {
        var hex = HmcMac(hmc).ToLowerInvariant();
        return hex.Length == 12 ? string.Join(':', Enumerable.Range(0, 6).Select(i => hex.Substring(i * 2, 2))) : hex;
    }

    /// <summary>Replaces <paramref name="value"/>'s element, or inserts it after the first of <paramref name="after"/> present.</summary>
    private static void SetAfter(XElement parent, XElement value, params string[] after)
    {
        if (parent.Child(value.Name.LocalName) is { } old)
        {
            old.ReplaceWith(value);
            return;
        }

        var anchor = after.Select(parent.Child).FirstOrDefault(a => a is not null);
        if (anchor is null)
        {
            parent.Add(value);
        }
        else
        {
            anchor.AddAfterSelf(value);
        }
    }
}
