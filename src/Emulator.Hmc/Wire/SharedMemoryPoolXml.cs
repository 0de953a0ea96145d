using System.Xml.Linq;
using PowerDrivers.Emulator.Hmc.Model;
using static PowerDrivers.Emulator.Hmc.Wire.Uom;

namespace PowerDrivers.Emulator.Hmc.Wire;

/// <summary>The SharedMemoryPool entry (Active Memory Sharing) of a managed system: sizes, paging VIOS partitions, members.</summary>
internal static class SharedMemoryPoolXml
{
    public static string Uuid(EmulatedSystem s) => EmulatedSystem.NameUuid("SharedMemoryPool:" + s.Uuid);

    public static XElement Entry(EmulatedSystem s, SharedMemoryPool pool, LinkBuilder links, bool inFeed)
    {
        var uuid = Uuid(s);
        var lpars = s.Partitions(vios: false).Where(p => p.Definition.SharedMemory).ToList();
        var vioses = s.Partitions(vios: true);
        var paging = new[] { pool.PrimaryPagingViosId, pool.SecondaryPagingViosId }
            .Select(id => vioses.FirstOrDefault(v => v.Definition.Id == id))
            .OfType<PartitionView>()
            .Select(v => links.Uom(s.PartitionUri(v)));
        var body = Root(Ns, "SharedMemoryPool", "V1_0", uuid, 0,
            P("CurrentMaximumPoolMemory", pool.MaximumPoolSizeMb, "ROR"),
            P("CurrentPoolMemory", pool.PoolSizeMb, "ROR"),
            P("PendingMaximumPoolMemory", pool.MaximumPoolSizeMb),
            P("PendingPoolMemory", pool.PoolSizeMb),
            Links("PagingServicePartitions", paging),
            P("PoolID", 1, "ROR"),
            P("TotalLogicalMemoryAssigned", lpars.Where(p => p.State.IsActive()).Sum(p => p.Current.MemoryMb), "ROR"),
            Links("AssignedPartitions", lpars.Select(p => links.Uom(s.PartitionUri(p)))));
        return Uom.Entry(uuid, "SharedMemoryPool", DateTimeOffset.UtcNow, links.Uom($"{s.RelativeUri}/SharedMemoryPool/{uuid}"), inFeed ? ETag(s, pool) : null, UomType("SharedMemoryPool"), body);
    }

    public static string ETag(EmulatedSystem s, SharedMemoryPool pool) => PartitionView.EtagOf(Uuid(s), unchecked((pool.Version * 1_000_003) + s.Version));
}
