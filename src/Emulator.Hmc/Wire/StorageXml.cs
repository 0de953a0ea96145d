using System.Globalization;
using System.Xml.Linq;
using PowerDrivers.Emulator.Hmc.Model;
using static PowerDrivers.Emulator.Hmc.Wire.Uom;

namespace PowerDrivers.Emulator.Hmc.Wire;

/// <summary>SharedStoragePool, Cluster and VolumeGroup entries, and the LogicalUnit / VirtualDisk elements; reads their updates.</summary>
internal static class StorageXml
{
    public static XElement LogicalUnitElement(LogicalUnit lu) =>
        Group(Ns, "LogicalUnit", null,
            P("ThinDevice", lu.Thin, "CUR"),
            P("UniqueDeviceID", lu.Udid, "ROR"),
            P("UnitCapacity", lu.CapacityGb, "COR"),
            P("LogicalUnitType", "VirtualIO_Disk", "ROR"),
            lu.ClonedFrom is null ? null : P("ClonedFrom", lu.ClonedFrom, "ROR"),
            P("UnitName", lu.Name, "CUR"));

    public static XElement VirtualDiskElement(VolumeGroup group, VirtualDisk d) =>
        Group(Ns, "VirtualDisk", null,
            P("DiskCapacity", d.CapacityGb, "CUR"),
            P("DiskLabel", "None", "CUR"),
            P("DiskName", d.Name, "CUR"),
            P("UniqueDeviceID", "0300" + EmulatedSystem.NameUuid($"{group.Uuid}:{d.Name}").Replace("-", string.Empty, StringComparison.Ordinal), "ROR"));

    public static XElement PoolEntry(EmulatedSystem system, SharedStoragePool pool, LinkBuilder links, bool inFeed)
    {
        var body = Root(Ns, "SharedStoragePool", "V1_0", pool.Uuid, 0,
            P("Capacity", pool.CapacityGb, "ROR"),
            P("FreeSpace", pool.FreeGb, "ROR"),
            P("OverCommitSpace", pool.OverCommitGb, "ROR"),
            P("TotalLogicalUnitSize", pool.TotalLogicalUnitGb, "ROR"),
            Group("LogicalUnits", "CUD", pool.LogicalUnits.Select(LogicalUnitElement)),
            Group("PhysicalVolumes", "CUD", PoolVolumes(system, pool).Select(d => VirtualIoXml.Volume(d, false))),
            P("UniqueDeviceID", pool.Uuid.Replace("-", string.Empty, StringComparison.Ordinal), "ROR"),
            P("StoragePoolName", pool.Name, "CUR"));
        return Uom.Entry(pool.Uuid, "SharedStoragePool", DateTimeOffset.UtcNow, links.Uom($"SharedStoragePool/{pool.Uuid}"), inFeed ? pool.ETag : null, UomType("SharedStoragePool"), body);
    }

    public static XElement ClusterEntry(EmulatedSystem system, SharedStoragePool pool, LinkBuilder links, bool inFeed)
    {
        var nodes = system.ClusterNodes;
        var repository = PoolVolumes(system, pool)[0] with { Name = "hdisk" + (system.PhysicalVolumes(nodes[0].Uuid).Count + 2).ToString(CultureInfo.InvariantCulture) };
        var body = Root(Ns, "Cluster", "V1_0", pool.ClusterUuid, 0,
            P("ClusterName", pool.ClusterName, "CUR"),
            P("ClusterID", pool.ClusterUuid.Replace("-", string.Empty, StringComparison.Ordinal), "ROR"),
            new XElement(Ns + "RepositoryDisk", new XAttribute("kb", "CUR"), new XAttribute("kxe", "false"), VirtualIoXml.Volume(repository, false)),
            Link("ClusterSharedStoragePool", links.Uom($"SharedStoragePool/{pool.Uuid}")),
            Group("Node", "CUD", nodes.Select(n => Group(Ns, "Node", null,
                P("HostName", n.Definition.Name, "CUR"),
                P("PartitionID", n.Definition.Id, "CUR"),
                P("MachineTypeModelAndSerialNumber", system.Machine.MachineTypeModelSerial, "CUR"),
                P("State", n.State == PartitionState.Running ? "Up" : "Down", "ROR"),
                Link("VirtualIOServer", links.Uom(system.PartitionUri(n)))))));
        return Uom.Entry(pool.ClusterUuid, "Cluster", DateTimeOffset.UtcNow, links.Uom($"Cluster/{pool.ClusterUuid}"), inFeed ? pool.ETag : null, UomType("Cluster"), body);
    }

    public static XElement VolumeGroupEntry(EmulatedSystem system, PartitionView vios, VolumeGroup g, LinkBuilder links, bool inFeed)
    {
        var disks = system.PhysicalVolumes(vios.Uuid);
        var body = Root(Ns, "VolumeGroup", "V1_0", g.Uuid, 0,
            P("AvailableSize", g.FreeGb, "ROR"),
            P("FreeSpace", g.FreeGb, "ROR"),
            P("GroupCapacity", g.CapacityGb, "ROR"),
            P("GroupName", g.Name, "CUR"),
            Group("MediaRepositories", "CUD", g.RepositoryName is null ? null : Group(Ns, "VirtualMediaRepository", null,
                Group("OpticalMedia", "CUD", g.OpticalMedia.Select(m => Group(Ns, "VirtualOpticalMedia", null,
                    P("MediaName", m.Name, "CUR"),
                    P("MediaUDID", "0e" + m.Name, "ROR"),
                    P("MountType", m.MountType),
                    P("Size", m.SizeGb.ToString("0.000000", CultureInfo.InvariantCulture), "CUR")))),
                P("RepositoryName", g.RepositoryName, "CUR"),
                P("RepositorySize", g.RepositorySizeGb, "CUR"))),
            Group("PhysicalVolumes", "CUD", disks.Where(d => g.PhysicalVolumes.Contains(d.Name)).Select(d => VirtualIoXml.Volume(d, false))),
            P("UniqueDeviceID", g.Uuid.Replace("-", string.Empty, StringComparison.Ordinal), "ROR"),
            Group("VirtualDisks", "CUD", g.VirtualDisks.Select(d => VirtualDiskElement(g, d))));
        return Uom.Entry(g.Uuid, "VolumeGroup", DateTimeOffset.UtcNow, links.Uom($"{system.PartitionUri(vios)}/VolumeGroup/{g.Uuid}"),
            inFeed ? EmulatedSystem.VolumeGroupEtag(g) : null, UomType("VolumeGroup"), body);
    }

    /// <summary>The LUs of a POSTed SharedStoragePool: each UnitName with UnitCapacity, ThinDevice and (for existing ones) UniqueDeviceID.</summary>
    public static IReadOnlyList<LogicalUnitSpec> ReadLogicalUnits(XElement pool)
    {
        var list = pool.Elements().FirstOrDefault(e => e.Name.LocalName == "LogicalUnits")
            ?? throw new HmcException(Hscl.BadRequest, "The SharedStoragePool needs its LogicalUnits element (list every LU to keep, add new ones without UniqueDeviceID).");
        return [.. list.Elements().Where(e => e.Name.LocalName == "LogicalUnit").Select(lu =>
        {
            var name = Text(lu, "UnitName") ?? throw new HmcException(Hscl.BadRequest, "A LogicalUnit needs a UnitName.");
            var capacity = Text(lu, "UnitCapacity") is { } c ? Number(c, "UnitCapacity") : 0;
            var thin = !string.Equals(Text(lu, "ThinDevice"), "false", StringComparison.OrdinalIgnoreCase);
            return new LogicalUnitSpec(name, capacity, thin, Text(lu, "UniqueDeviceID"));
        })];
    }

    /// <summary>The logical volumes and repository media of a POSTed VolumeGroup.</summary>
    public static (IReadOnlyList<VirtualDisk> Disks, IReadOnlyList<VirtualOpticalMedia> Media) ReadVolumeGroup(XElement group, VolumeGroup current)
    {
        var disksElement = group.Elements().FirstOrDefault(e => e.Name.LocalName == "VirtualDisks");
        IReadOnlyList<VirtualDisk> disks = disksElement is null
            ? current.VirtualDisks
            : [.. disksElement.Elements().Where(e => e.Name.LocalName == "VirtualDisk").Select(d => new VirtualDisk(
                Text(d, "DiskName") ?? throw new HmcException(Hscl.BadRequest, "A VirtualDisk needs a DiskName."),
                Text(d, "DiskCapacity") is { } c ? Number(c, "DiskCapacity") : 0))];
        var repository = group.Descendants().FirstOrDefault(e => e.Name.LocalName == "OpticalMedia");
        IReadOnlyList<VirtualOpticalMedia> media = repository is null
            ? current.OpticalMedia
            : [.. repository.Elements().Where(e => e.Name.LocalName == "VirtualOpticalMedia").Select(m => new VirtualOpticalMedia(
                Text(m, "MediaName") ?? throw new HmcException(Hscl.BadRequest, "A VirtualOpticalMedia needs a MediaName."),
                Text(m, "Size") is { } s ? Number(s, "Size") : 0,
                Text(m, "MountType") ?? "rw"))];
        return (disks, media);
    }

    internal static string? Text(XElement e, string name) => e.Elements().FirstOrDefault(c => c.Name.LocalName == name)?.Value.Trim() is { Length: > 0 } v ? v : null;

    internal static decimal Number(string value, string what) =>
        decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : throw Hscl.Value($"The {what} '{value}' is not a number.");

    private static List<PhysicalVolume> PoolVolumes(EmulatedSystem system, SharedStoragePool pool)
    {
        // The pool's SAN LUNs, zoned to every VIOS of the cluster.
        var half = (long)(pool.CapacityGb * 1024 / 2);
        return [.. Enumerable.Range(0, 2).Select(i =>
        {
            var udid = "01M0lCTTIxNDU" + EmulatedSystem.NameUuid($"{pool.Uuid}:pv{i}").Replace("-", string.Empty, StringComparison.Ordinal)[..24].ToUpperInvariant();
            return new PhysicalVolume("hdisk" + (system.PhysicalVolumes(system.ClusterNodes[0].Uuid).Count + i).ToString(CultureInfo.InvariantCulture),
                $"{system.Machine.Profile.PcieSlots[0].LocationCode}-T1-W500507680215B741-L{i}000000000000", udid, half, "MPIO IBM 2076 FC Disk", true);
        })];
    }
}
