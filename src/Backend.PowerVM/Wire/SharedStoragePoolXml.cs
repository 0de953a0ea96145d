using System.Xml.Linq;

namespace PowerDrivers.Backend.PowerVM.Wire;

/// <summary>A logical unit of a shared storage pool.</summary>
/// <param name="Name">UnitName.</param>
/// <param name="Udid">UniqueDeviceID (the volume's native id).</param>
/// <param name="CapacityGb">UnitCapacity, GB.</param>
/// <param name="Thin">ThinDevice.</param>
/// <param name="Element">The LogicalUnit element as read (sent back as the vSCSI mapping's Storage).</param>
internal sealed record LogicalUnitView(string Name, string Udid, decimal CapacityGb, bool Thin, XElement Element);

/// <summary>A SharedStoragePool entry: capacity, free space (what thick LUs may still take) and its logical units.</summary>
internal sealed record SharedStoragePoolView
{
    public required string Uuid { get; init; }
    public required string Name { get; init; }
    public decimal CapacityGb { get; init; }
    public decimal FreeGb { get; init; }
    public decimal OverCommitGb { get; init; }
    public IReadOnlyList<LogicalUnitView> LogicalUnits { get; init; } = [];
    public string? ETag { get; init; }
    public required XElement Element { get; init; }

    public LogicalUnitView? Find(string udid) =>
        LogicalUnits.FirstOrDefault(l => string.Equals(l.Udid, udid, StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// SharedStoragePool bodies (the pypowervm way: LUs are created and deleted by POSTing the pool with its LogicalUnits
/// list changed — a LogicalUnit without UniqueDeviceID is created, one left out is deleted) and the Cluster feed that
/// names the pool of a managed system's VIOS partitions.
/// </summary>
internal static class SharedStoragePoolXml
{
    public const string Type = "SharedStoragePool";
    public static readonly string MediaType = Uom.UomType(Type);

    public static IReadOnlyList<SharedStoragePoolView> ReadAll(string body, string? headerETag = null) =>
        body.Length == 0 ? [] : [.. Uom.Objects(Uom.Parse(body), Type).Select(o => Read(o.Element, o.ETag ?? headerETag))];

    public static SharedStoragePoolView Read(XElement e, string? etag) => new()
    {
        Uuid = e.Child("Metadata").Child("Atom").Str("AtomID") ?? "",
        Name = e.Str("StoragePoolName") ?? "",
        CapacityGb = e.Dec("Capacity") ?? 0,
        FreeGb = e.Dec("FreeSpace") ?? 0,
        OverCommitGb = e.Dec("OverCommitSpace") ?? 0,
        LogicalUnits = [.. (e.Child("LogicalUnits")?.Elements() ?? []).Where(l => l.Name.LocalName == "LogicalUnit").Select(ReadLu)],
        ETag = etag,
        Element = e,
    };

    public static LogicalUnitView ReadLu(XElement lu) =>
        new(lu.Str("UnitName") ?? "", lu.Str("UniqueDeviceID") ?? "", lu.Dec("UnitCapacity") ?? 0, lu.Bool("ThinDevice") ?? true, lu);

    /// <summary>The pool with a new LogicalUnit (no UniqueDeviceID: the HMC creates it and assigns one).</summary>
    public static XElement WithNewUnit(XElement pool, string name, decimal capacityGb, bool thin)
    {
        var copy = new XElement(pool);
        var ns = copy.Name.Namespace;
        var list = copy.Child("LogicalUnits");
        if (list is null)
        {
            list = Uom.Group("LogicalUnits");
            copy.Add(list);
        }

        list.Add(new XElement(ns + "LogicalUnit", new XAttribute("schemaVersion", "V1_0"),
            new XElement(ns + "Metadata", new XElement(ns + "Atom")),
            Uom.P("ThinDevice", thin, "CUR", ns),
            Uom.P("UnitCapacity", capacityGb.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture), "COR", ns),
            Uom.P("LogicalUnitType", "VirtualIO_Disk", "ROR", ns),
            Uom.P("UnitName", name, "CUR", ns)));
        return copy;
    }

    /// <summary>The pool without the LogicalUnit <paramref name="udid"/> (the HMC deletes it).</summary>
    public static XElement WithoutUnit(XElement pool, string udid)
    {
        var copy = new XElement(pool);
        copy.Child("LogicalUnits")?.Elements()
            .Where(l => l.Name.LocalName == "LogicalUnit" && string.Equals(l.Str("UniqueDeviceID"), udid, StringComparison.OrdinalIgnoreCase))
            .ToList().ForEach(l => l.Remove());
        return copy;
    }

    /// <summary>
    /// (pool UUID, managed system UUIDs of its nodes) for each Cluster of a feed: a node's VirtualIOServer link names
    /// the managed system (<c>…/ManagedSystem/{ms}/VirtualIOServer/{uuid}</c>).
    /// </summary>
    public static IReadOnlyList<(string PoolUuid, IReadOnlyList<string> Systems)> ReadClusters(string body)
    {
        if (body.Length == 0)
        {
            return [];
        }

        return [.. Uom.Objects(Uom.Parse(body), "Cluster").Select(o =>
        {
            var pool = o.Element.HrefUuid("ClusterSharedStoragePool") ?? "";
            var systems = o.Element.Descendants()
                .Where(d => d.Name.LocalName == "VirtualIOServer" && d.Attribute("href") is not null)
                .Select(d => SystemOf(d.Attribute("href")!.Value))
                .OfType<string>()
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToList();
            return (pool, (IReadOnlyList<string>)systems);
        })];
    }

    /// <summary>The managed system UUID in an href <c>…/ManagedSystem/{uuid}/…</c>, or null.</summary>
    public static string? SystemOf(string href)
    {
        var parts = href.Split('?')[0].Split('/');
        var i = Array.FindIndex(parts, p => p == "ManagedSystem");
        return i >= 0 && i + 1 < parts.Length ? parts[i + 1] : null;
    }
}
