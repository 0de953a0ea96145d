using System.Globalization;
using System.Xml.Linq;
using PowerDrivers.Driver.Core.Model;

namespace PowerDrivers.Backend.PowerKVM.Domain;

/// <summary>
/// The device XML of attached volumes and NICs (also what live attach and detach send to libvirt), and the one reader of
/// a domain's disks, controllers and interfaces as libvirt reports them.
/// </summary>
internal static class VirtualIoXml
{
    /// <summary>
    /// A volume's disk: file image, qemu driver with the image format, the volume id as serial (how the guest finds it under
    /// <c>/dev/disk/by-id</c>), and on virtio-scsi an explicit drive address on the virtio-scsi controller (pseries would
    /// otherwise put a scsi disk on a spapr-vscsi controller).
    /// </summary>
    public static XElement Disk(VirtualDisk disk)
    {
        ArgumentNullException.ThrowIfNull(disk);
        var element = new XElement("disk", new XAttribute("type", "file"), new XAttribute("device", "disk"),
            new XElement("driver", new XAttribute("name", "qemu"), new XAttribute("type", disk.Format)),
            new XElement("source", new XAttribute("file", disk.SourcePath)),
            new XElement("target", new XAttribute("dev", disk.Target), new XAttribute("bus", disk.Bus)),
            new XElement("serial", disk.VolumeId.ToString("D")));
        if (disk.Kind == AttachmentKind.VirtioScsi)
        {
            element.Add(new XElement("address", new XAttribute("type", "drive"), new XAttribute("controller", disk.Controller),
                new XAttribute("bus", 0), new XAttribute("target", 0), new XAttribute("unit", disk.Unit)));
        }

        return element;
    }

    /// <summary>A virtio-scsi controller with index <paramref name="index"/>.</summary>
    public static XElement ScsiController(int index) =>
        new("controller", new XAttribute("type", "scsi"), new XAttribute("index", index), new XAttribute("model", "virtio-scsi"));

    /// <summary>A virtio NIC on a port of the Open vSwitch bridge tagged with the VLAN (<c>rom</c> off: no iPXE ROM needed on pseries).</summary>
    public static XElement Nic(VirtualNic nic)
    {
        ArgumentNullException.ThrowIfNull(nic);
        return new XElement("interface", new XAttribute("type", "bridge"),
            new XElement("mac", new XAttribute("address", nic.MacAddress)),
            new XElement("source", new XAttribute("bridge", nic.Bridge)),
            new XElement("vlan", new XElement("tag", new XAttribute("id", nic.VlanId))),
            new XElement("virtualport", new XAttribute("type", "openvswitch"),
                new XElement("parameters", new XAttribute("interfaceid", nic.InterfaceId.ToString("D")))),
            new XElement("model", new XAttribute("type", "virtio")),
            new XElement("rom", new XAttribute("enabled", "no")));
    }

    /// <summary>The disks, controllers and interfaces of a domain XML.</summary>
    public static DomainIo Read(string domainXml)
    {
        var root = XDocument.Parse(domainXml).Root ?? throw new InvalidDataException("empty domain XML");
        var devices = root.Element("devices");
        var disks = devices?.Elements("disk").Select(d =>
        {
            var target = d.Element("target");
            var address = d.Element("address");
            return new DiskView(
                (string?)target?.Attribute("dev") ?? "",
                (string?)target?.Attribute("bus") ?? "",
                (string?)d.Element("source")?.Attribute("file") ?? (string?)d.Element("source")?.Attribute("dev") ?? "",
                (string?)d.Element("alias")?.Attribute("name") ?? "",
                (string?)d.Element("serial") ?? "",
                (string?)address?.Attribute("type") == "drive" ? Int(address, "controller") : null,
                (string?)address?.Attribute("type") == "drive" ? Int(address, "unit") : null);
        }).ToList() ?? [];
        var controllers = devices?.Elements("controller").Where(c => (string?)c.Attribute("type") == "scsi")
            .Select(c => new ScsiControllerView(Int(c, "index") ?? 0, (string?)c.Attribute("model") ?? "")).ToList() ?? [];
        var nics = devices?.Elements("interface").Select(i => new NicView(
            ((string?)i.Element("mac")?.Attribute("address") ?? "").ToLowerInvariant(),
            (string?)i.Attribute("type") ?? "",
            (string?)i.Element("source")?.Attribute("bridge") ?? "",
            i.Element("vlan")?.Element("tag") is { } tag ? Int(tag, "id") : null,
            (string?)i.Element("virtualport")?.Attribute("type") ?? "",
            (string?)i.Element("target")?.Attribute("dev") ?? "",
            (string?)i.Element("model")?.Attribute("type") ?? "",
            (string?)i.Element("alias")?.Attribute("name") ?? "")).ToList() ?? [];
        return new DomainIo((string?)root.Element("name") ?? "", disks, controllers, nics);
    }

    private static int? Int(XElement element, string attribute) =>
        int.TryParse((string?)element.Attribute(attribute), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
}

/// <summary>A domain's I/O devices as libvirt reports them.</summary>
internal sealed record DomainIo(string Name, IReadOnlyList<DiskView> Disks, IReadOnlyList<ScsiControllerView> ScsiControllers, IReadOnlyList<NicView> Nics);

/// <summary>A disk: target, bus, source file, alias (live only), serial, drive address.</summary>
internal sealed record DiskView(string Target, string Bus, string Source, string Alias, string Serial, int? Controller, int? Unit);

/// <summary>A scsi controller: index and model ("virtio-scsi", "spapr-vscsi").</summary>
internal sealed record ScsiControllerView(int Index, string Model);

/// <summary>An interface: MAC, type, bridge, VLAN tag, virtual port type, host tap (live only), model, alias.</summary>
internal sealed record NicView(string Mac, string Type, string Bridge, int? Vlan, string VirtualPort, string TargetDev, string Model, string Alias);
