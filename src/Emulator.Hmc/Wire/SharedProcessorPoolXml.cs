using System.Xml.Linq;
using System.Globalization;
using PowerDrivers.Emulator.Hmc.Model;
using static PowerDrivers.Emulator.Hmc.Wire.Uom;

namespace PowerDrivers.Emulator.Hmc.Wire;

/// <summary>SharedProcessorPool entries (shrprocpool.txt shape); also reads a pool update.</summary>
internal static class SharedProcessorPoolXml
{
    public static XElement Entry(EmulatedSystem s, SharedPoolView v, LinkBuilder links, bool inFeed)
    {
        var pool = v.Pool;
        var body = pool.Id == 0
            ? Root(Ns, "SharedProcessorPool", "V1_2_0", pool.Uuid, 0,
                Links("AssignedPartitions", v.Members.Select(p => links.Uom(s.PartitionUri(p)))),
                P("PoolID", 0, "ROR"),
                P("AvailableProcUnits", Units(v.AvailableCenti)),
                P("PoolName", pool.Name, "CUR"))
            : Root(Ns, "SharedProcessorPool", "V1_2_0", pool.Uuid, 0,
                v.Members.Count == 0 ? null : Links("AssignedPartitions", v.Members.Select(p => links.Uom(s.PartitionUri(p)))),
                P("CurrentReservedProcessingUnits", Units(pool.ReservedCenti), "ROR"),
                P("MaximumProcessingUnits", Units(pool.MaximumCenti)),
                P("PendingReservedProcessingUnits", Units(pool.ReservedCenti)),
                P("PoolID", pool.Id, "ROR"),
                P("AvailableProcUnits", Units(v.AvailableCenti)),
                P("PoolName", pool.Name, "CUR"));
        var etag = ETag(v);
        return Uom.Entry(pool.Uuid, "SharedProcessorPool", DateTimeOffset.UtcNow, links.Uom($"{s.RelativeUri}/SharedProcessorPool/{pool.Uuid}"), inFeed ? etag : null, UomType("SharedProcessorPool"), body);
    }

    /// <summary>ETag of a pool: changes with its configuration and with what its partitions use.</summary>
    public static string ETag(SharedPoolView v) =>
        PartitionView.EtagOf(v.Pool.Uuid, unchecked((v.Pool.Version * 1_000_003) + (v.UsedCenti * 7919L) + v.AvailableCenti + v.Members.Count));

    /// <summary>Name, maximum and pending reserved units from a POSTed pool (missing ones keep <paramref name="pool"/>'s).</summary>
    public static (string Name, int MaximumCenti, int ReservedCenti) Read(XElement e, SharedPool pool)
    {
        string? Text(string name) => e.Elements().FirstOrDefault(c => c.Name.LocalName == name)?.Value.Trim();
        int Centi(string name, int fallback)
        {
            if (Text(name) is not { Length: > 0 } v)
            {
                return fallback;
            }

            return decimal.TryParse(v, NumberStyles.Number, CultureInfo.InvariantCulture, out var units) && units >= 0 && units * 100 == decimal.Truncate(units * 100)
                ? (int)(units * 100)
                : throw Hscl.Value($"The value {v} of {name} is not valid: processing units are specified in increments of 0.01.");
        }

        return (Text("PoolName") ?? pool.Name, Centi("MaximumProcessingUnits", pool.MaximumCenti), Centi("PendingReservedProcessingUnits", pool.ReservedCenti));
    }
}
