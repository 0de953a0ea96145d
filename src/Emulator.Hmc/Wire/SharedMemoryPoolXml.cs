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

    /// <summary>
    /// Pool size, maximum and paging VIOS partition IDs from a PUT/POSTed pool (Pending…/Current… sizes in MB;
    /// PagingServicePartitions links: primary first, then secondary); missing values keep <paramref name="old"/>'s.
    /// </summary>
    public static (long PoolMb, long MaximumMb, int Primary, int? Secondary) Read(XElement e, EmulatedSystem s, SharedMemoryPool? old)
    {
        string? Text(params string[] names) => names.Select(n => e.Elements().FirstOrDefault(c => c.Name.LocalName == n)?.Value.Trim()).FirstOrDefault(v => !string.IsNullOrEmpty(v));
        long Mb(long? fallback, params string[] names) => Text(names) is { } v
            ? long.TryParse(v, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : throw Hscl.Value($"The value '{v}' of {names[0]} is not a whole number of MB.")
            : fallback ?? throw Hscl.Value($"{names[0]} is required.");
        var pool = Mb(old?.PoolSizeMb, "PendingPoolMemory", "CurrentPoolMemory");
        var max = Mb(old?.MaximumPoolSizeMb, "PendingMaximumPoolMemory", "CurrentMaximumPoolMemory");
        var hrefs = e.Elements().FirstOrDefault(c => c.Name.LocalName == "PagingServicePartitions")?.Elements().Select(l => l.Attribute("href")?.Value).OfType<string>().ToList() ?? [];
        var vioses = s.Partitions(vios: true);
        int Vios(string href) => vioses.FirstOrDefault(v => string.Equals(v.Uuid, href.TrimEnd('/').Split('/')[^1], StringComparison.OrdinalIgnoreCase))?.Definition.Id
            ?? throw Hscl.Value($"The paging service partition {href} is not a Virtual I/O Server partition of managed system {s.Name}.");
        return hrefs.Count switch
        {
            0 when old is not null => (pool, max, old.PrimaryPagingViosId, old.SecondaryPagingViosId),
            0 => throw Hscl.Value("PagingServicePartitions must name the primary (and optionally the secondary) paging VIOS partition."),
            1 => (pool, max, Vios(hrefs[0]), null),
            _ => (pool, max, Vios(hrefs[0]), Vios(hrefs[1])),
        };
    }

    public static string ETag(EmulatedSystem s, SharedMemoryPool pool) => PartitionView.EtagOf(Uuid(s), unchecked((pool.Version * 1_000_003) + s.Version));
}
