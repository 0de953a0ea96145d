using System.Globalization;
using System.Xml.Linq;
using PowerDrivers.Emulator.Hmc.Model;
using static PowerDrivers.Emulator.Hmc.Wire.Uom;

namespace PowerDrivers.Emulator.Hmc.Wire;

/// <summary>ClientNetworkAdapter (cna_feed.txt shape) and VirtualSwitch (fake_virtual_switch.txt shape); reads a new adapter.</summary>
internal static class NetworkXml
{
    public static string AdapterUri(PartitionView p, NetworkAdapter a) => $"{p.System.PartitionUri(p)}/ClientNetworkAdapter/{a.Uuid}";

    public static XElement AdapterEntry(PartitionView p, NetworkAdapter a, LinkBuilder links, bool inFeed)
    {
        var system = p.System;
        var location = $"U{system.Machine.Profile.MachineType}.{system.Machine.Profile.ModelCode}.{system.Machine.Serial}-V{p.Definition.Id}-C{a.Slot}";
        var body = Root(Ns, "ClientNetworkAdapter", "V1_3_0", a.Uuid, 0,
            P("DynamicReconfigurationConnectorName", location),
            P("LocationCode", location, "ROR"),
            P("LocalPartitionID", p.Definition.Id, "CUR"),
            P("VirtualSlotNumber", a.Slot, "COD"),
            P("MACAddress", a.MacAddress, "CUR"),
            P("PortVLANID", a.PortVlanId, "CUR"),
            P("TaggedVLANIDs", string.Join(' ', a.TaggedVlanIds), "CUA"),
            P("TaggedVLANSupported", a.TaggedVlanIds.Count > 0, "CUA"),
            Links("AssociatedVirtualSwitch", [links.Uom($"{system.RelativeUri}/VirtualSwitch/{system.VirtualSwitchUuid}")]),
            P("VirtualSwitchID", a.SwitchId, "ROR"),
            P("ConfiguredMTU", 1500));
        var etag = PartitionView.EtagOf(a.Uuid, a.PortVlanId + (a.TaggedVlanIds.Count * 4096L));
        return Uom.Entry(a.Uuid, "ClientNetworkAdapter", DateTimeOffset.UtcNow, links.Uom(AdapterUri(p, a)), inFeed ? etag : null, UomType("ClientNetworkAdapter"), body);
    }

    public static XElement SwitchEntry(EmulatedSystem system, LinkBuilder links, bool inFeed)
    {
        var body = Root(Ns, "VirtualSwitch", "V1_2_0", system.VirtualSwitchUuid, 0,
            P("SwitchID", 0, "ROR"),
            P("SwitchMode", "Veb"),
            P("SwitchName", EmulatedSystem.DefaultSwitchName),
            Links("VirtualNetworks", system.VirtualNetworks().Select(n => links.Uom($"{system.RelativeUri}/VirtualNetwork/{n.Uuid}"))));
        return Uom.Entry(system.VirtualSwitchUuid, "VirtualSwitch", DateTimeOffset.UtcNow, links.Uom($"{system.RelativeUri}/VirtualSwitch/{system.VirtualSwitchUuid}"),
            inFeed ? "0" : null, UomType("VirtualSwitch"), body);
    }

    /// <summary>Port VLAN, tagged VLANs and an optional MAC from a PUT ClientNetworkAdapter.</summary>
    public static (int PortVlanId, IReadOnlyList<int> Tagged, string? Mac) ReadAdapter(string body)
    {
        var e = PartitionXmlReader.Parse(body, "ClientNetworkAdapter");
        string? Text(string name) => e.Elements().FirstOrDefault(c => c.Name.LocalName == name)?.Value.Trim() is { Length: > 0 } v ? v : null;
        static int Vlan(string v) => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw Hscl.Value($"The VLAN ID '{v}' is not a number.");
        var port = Text("PortVLANID") is { } pv ? Vlan(pv) : throw new HmcException(Hscl.BadRequest, "A ClientNetworkAdapter needs a PortVLANID.");
        var tagged = (Text("TaggedVLANIDs") ?? string.Empty).Split([' ', ','], StringSplitOptions.RemoveEmptyEntries).Select(Vlan).ToList();
        return (port, tagged, Text("MACAddress"));
    }
}
