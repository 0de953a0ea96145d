using System.Globalization;
using System.Xml.Linq;
using PowerDrivers.Emulator.Hmc.Model;

namespace PowerDrivers.Emulator.Hmc.Wire;

/// <summary>
/// Reads the VirtualSCSIMappings / VirtualFibreChannelMappings of a POSTed VirtualIOServer as the mappings the client
/// wants. A mapping whose ServerAdapter names a slot the VIOS has keeps that adapter pair; one without (no adapter
/// elements, or a slot the VIOS does not have) asks for a new pair.
/// </summary>
internal static class MappingXmlReader
{
    public static (IReadOnlyList<ScsiMappingSpec>? Scsi, IReadOnlyList<FcMappingSpec>? Fc) Read(XElement vios, ViosIo current)
    {
        var scsi = Child(vios, "VirtualSCSIMappings")?.Elements().Where(e => e.Name.LocalName == "VirtualSCSIMapping").Select(m =>
        {
            var slot = ServerSlot(m, current.Scsi.Select(s => s.ServerSlot));
            var client = ClientOf(m) ?? current.Scsi.FirstOrDefault(s => s.ServerSlot == slot)?.ClientUuid
                ?? throw new HmcException(Hscl.BadRequest, "A new VirtualSCSIMapping needs its AssociatedLogicalPartition link.");
            return new ScsiMappingSpec(client, slot, Backing(Child(m, "Storage")?.Elements().FirstOrDefault()));
        }).ToList();
        var fc = Child(vios, "VirtualFibreChannelMappings")?.Elements().Where(e => e.Name.LocalName == "VirtualFibreChannelMapping").Select(m =>
        {
            var slot = ServerSlot(m, current.Fc.Select(s => s.ServerSlot));
            var client = ClientOf(m) ?? current.Fc.FirstOrDefault(s => s.ServerSlot == slot)?.ClientUuid
                ?? throw new HmcException(Hscl.BadRequest, "A new VirtualFibreChannelMapping needs its AssociatedLogicalPartition link.");
            var port = Child(m, "Port") is { } p ? StorageXml.Text(p, "PortName") : Child(m, "ServerAdapter") is { } s ? StorageXml.Text(s, "MapPort") : null;
            var wwpns = Child(m, "ClientAdapter") is { } c && StorageXml.Text(c, "WWPNs") is { } w ? w.Split(' ', StringSplitOptions.RemoveEmptyEntries) : null;
            return new FcMappingSpec(client, slot, port, wwpns);
        }).ToList();
        return (scsi, fc);
    }

    private static XElement? Child(XElement e, string name) => e.Elements().FirstOrDefault(c => c.Name.LocalName == name);

    private static string? ClientOf(XElement mapping) =>
        Child(mapping, "AssociatedLogicalPartition")?.Attribute("href")?.Value.TrimEnd('/').Split('/')[^1];

    private static int? ServerSlot(XElement mapping, IEnumerable<int> existing) =>
        Child(mapping, "ServerAdapter") is { } s && StorageXml.Text(s, "VirtualSlotNumber") is { } v
            && int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var slot) && existing.Contains(slot)
            ? slot
            : null;

    private static ScsiBacking? Backing(XElement? storage) => storage?.Name.LocalName switch
    {
        null => null,
        "LogicalUnit" => new ScsiBacking(BackingKind.LogicalUnit, StorageXml.Text(storage, "UniqueDeviceID") ?? Required(storage, "UnitName")),
        "PhysicalVolume" => new ScsiBacking(BackingKind.PhysicalVolume, StorageXml.Text(storage, "VolumeName") ?? Required(storage, "UniqueDeviceID")),
        "VirtualDisk" => new ScsiBacking(BackingKind.VirtualDisk, Required(storage, "DiskName")),
        "VirtualOpticalMedia" => new ScsiBacking(BackingKind.VirtualOptical, Required(storage, "MediaName")),
        var other => throw new HmcException(Hscl.BadRequest, $"The storage element {other} is not supported in a VirtualSCSIMapping."),
    };

    private static string Required(XElement e, string name) =>
        StorageXml.Text(e, name) ?? throw new HmcException(Hscl.BadRequest, $"The {e.Name.LocalName} of a VirtualSCSIMapping needs its {name}.");
}
