using System.Xml.Linq;
using PowerDrivers.Emulator.Hmc.Model;
using static PowerDrivers.Emulator.Hmc.Wire.Uom;

namespace PowerDrivers.Emulator.Hmc.Wire;

/// <summary>The Event feed (event_feed.txt shape).</summary>
internal static class EventXml
{
    public static XElement Feed(IEnumerable<HmcEvent> events, LinkBuilder links) =>
        Uom.Feed(Guid.NewGuid().ToString(), DateTimeOffset.UtcNow, links.Uom("Event"), null, events.Select(e => Entry(e, links)));

    private static XElement Entry(HmcEvent e, LinkBuilder links)
    {
        var id = EmulatedSystem.NameUuid("Event:" + e.Id);
        var body = Root(Ns, "Event", "V1_3_0", id, 0,
            P("EventType", e.Type, "ROR"),
            P("EventID", e.Id, "ROR"),
            P("EventData", e.RelativeUri.Length == 0 ? null : links.Uom(e.RelativeUri), "ROR"),
            P("EventDetail", e.Detail.Length == 0 ? null : e.Detail, "ROR"));
        return Uom.Entry(id, "Event", DateTimeOffset.UtcNow, links.Uom($"Event/{id}"), PartitionView.EtagOf(id, e.Id), UomType("Event"), body);
    }
}
