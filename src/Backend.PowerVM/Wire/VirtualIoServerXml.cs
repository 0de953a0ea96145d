using System.Xml.Linq;

namespace PowerDrivers.Backend.PowerVM.Wire;

/// <summary>
/// Changes to a VirtualIOServer body, the pypowervm way: mapping elements are added to or dropped from its
/// VirtualSCSIMappings / VirtualFibreChannelMappings lists and the whole VIOS is POSTed back with If-Match. A new
/// mapping without slot numbers asks the HMC for a new adapter pair (next free slots, a new WWPN pair for vFC); one that
/// repeats an existing pair's adapters shares that pair. Dropping the last mapping of a pair removes its adapters.
/// </summary>
internal static class VirtualIoServerXml
{
    public static readonly string MediaType = Uom.UomType(VirtualIoServerView.Type);

    /// <summary>The attribute groups read and written (mappings, storage and network of the VIOS).</summary>
    public const string Groups = "ViosSCSIMapping,ViosFCMapping,ViosStorage,ViosNetwork";

    /// <summary>
    /// The VIOS with a vSCSI mapping of <paramref name="logicalUnit"/> to the partition at <paramref name="partitionHref"/>,
    /// through the adapter pair of <paramref name="pair"/> (a mapping element of the same client on this VIOS) or a new pair.
    /// </summary>
    public static XElement WithScsiMapping(XElement vios, string partitionHref, XElement logicalUnit, XElement? pair)
    {
        var copy = new XElement(vios);
        var ns = copy.Name.Namespace;
        var client = pair?.Child("ClientAdapter") is { } c ? new XElement(c) : NewAdapter(ns, "ClientAdapter", "Client");
        var server = pair?.Child("ServerAdapter") is { } s ? WithoutBacking(new XElement(s)) : NewAdapter(ns, "ServerAdapter", "Server");
        var mapping = new XElement(ns + "VirtualSCSIMapping", new XAttribute("schemaVersion", "V1_0"),
            new XElement(ns + "Metadata", new XElement(ns + "Atom")),
            Link(ns, "AssociatedLogicalPartition", partitionHref),
            client,
            server,
            new XElement(ns + "Storage", new XAttribute("kb", "CUR"), new XAttribute("kxe", "false"), new XElement(logicalUnit)));
        List(copy, "VirtualSCSIMappings").Add(mapping);
        return copy;
    }

    /// <summary>The VIOS without the vSCSI mappings of LU <paramref name="udid"/> to <paramref name="clientUuid"/>; null when it has none.</summary>
    public static XElement? WithoutScsiMappings(XElement vios, string clientUuid, string udid)
    {
        var copy = new XElement(vios);
        var gone = VirtualIoServerView.Items(copy, "VirtualSCSIMappings", "VirtualSCSIMapping")
            .Where(m => VirtualIoServerView.ReadScsi(m) is var v && Same(v.ClientUuid, clientUuid) && Same(v.Backing, udid))
            .ToList();
        gone.ForEach(m => m.Remove());
        return gone.Count > 0 ? copy : null;
    }

    /// <summary>The VIOS without any vSCSI mapping of <paramref name="clientUuid"/>; null when it has none.</summary>
    public static XElement? WithoutClientScsiMappings(XElement vios, string clientUuid)
    {
        var copy = new XElement(vios);
        var gone = VirtualIoServerView.Items(copy, "VirtualSCSIMappings", "VirtualSCSIMapping")
            .Where(m => Same(VirtualIoServerView.ReadScsi(m).ClientUuid, clientUuid))
            .ToList();
        gone.ForEach(m => m.Remove());
        return gone.Count > 0 ? copy : null;
    }

    /// <summary>The mapping element of <paramref name="clientUuid"/> whose adapter pair a new LU mapping can share, or null.</summary>
    public static XElement? ScsiPairOf(XElement vios, string clientUuid) =>
        VirtualIoServerView.Items(vios, "VirtualSCSIMappings", "VirtualSCSIMapping")
            .FirstOrDefault(m => VirtualIoServerView.ReadScsi(m) is { ClientSlot: > 0, ServerSlot: > 0 } v && Same(v.ClientUuid, clientUuid));

    /// <summary>The VIOS with a new vFC mapping: a client vFC adapter (the HMC assigns its WWPN pair) on physical port <paramref name="portName"/>.</summary>
    public static XElement WithFcMapping(XElement vios, string partitionHref, string portName)
    {
        var copy = new XElement(vios);
        var ns = copy.Name.Namespace;
        var mapping = new XElement(ns + "VirtualFibreChannelMapping", new XAttribute("schemaVersion", "V1_0"),
            new XElement(ns + "Metadata", new XElement(ns + "Atom")),
            Link(ns, "AssociatedLogicalPartition", partitionHref),
            NewAdapter(ns, "ClientAdapter", "Client"),
            new XElement(ns + "Port", new XAttribute("kb", "CUR"), new XAttribute("kxe", "false"), new XAttribute("schemaVersion", "V1_0"),
                new XElement(ns + "Metadata", new XElement(ns + "Atom")),
                Uom.P("PortName", portName, "CUR", ns)),
            NewAdapter(ns, "ServerAdapter", "Server"));
        List(copy, "VirtualFibreChannelMappings").Add(mapping);
        return copy;
    }

    /// <summary>The VIOS without the vFC mappings <paramref name="gone"/> selects (with their adapters); null when it selects none.</summary>
    public static XElement? WithoutFcMappings(XElement vios, Func<FcMappingView, bool> gone)
    {
        var copy = new XElement(vios);
        var remove = VirtualIoServerView.Items(copy, "VirtualFibreChannelMappings", "VirtualFibreChannelMapping")
            .Where(m => gone(VirtualIoServerView.ReadFc(m)))
            .ToList();
        remove.ForEach(m => m.Remove());
        return remove.Count > 0 ? copy : null;
    }

    private static XElement NewAdapter(XNamespace ns, string name, string type) =>
        new(ns + name, new XAttribute("kb", "CUR"), new XAttribute("kxe", "false"), new XAttribute("schemaVersion", "V1_0"),
            new XElement(ns + "Metadata", new XElement(ns + "Atom")),
            Uom.P("AdapterType", type, "ROR", ns),
            Uom.P("UseNextAvailableSlotID", true, "CUD", ns));

    /// <summary>A shared server adapter names the pair, not the previous mapping's device.</summary>
    private static XElement WithoutBacking(XElement server)
    {
        server.Child("BackingDeviceName")?.Remove();
        return server;
    }

    private static XElement Link(XNamespace ns, string name, string href) =>
        new(ns + name, new XAttribute("kb", "CUR"), new XAttribute("kxe", "false"), new XAttribute("href", href), new XAttribute("rel", "related"));

    private static XElement List(XElement vios, string name)
    {
        if (vios.Child(name) is { } list)
        {
            return list;
        }

        var created = Uom.Group(name);
        vios.Add(created);
        return created;
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
