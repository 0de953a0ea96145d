using System.Text.RegularExpressions;

namespace PowerDrivers.Backend.PowerVM.Wire;

/// <summary>One entry of the HMC event feed (<c>/rest/api/uom/Event</c>).</summary>
/// <param name="Type">ADD_URI, MODIFY_URI, DELETE_URI, INVALID_URI or NEW_CLIENT.</param>
/// <param name="Data">The changed object's URI (empty for NEW_CLIENT).</param>
internal sealed record HmcEventEntry(string Type, string Data);

/// <summary>Reads the event feed and the logical partition an event's URI names.</summary>
internal static partial class EventFeedXml
{
    /// <summary>The feed's events in order; an empty body (no change within the long poll) is no events.</summary>
    public static IReadOnlyList<HmcEventEntry> Read(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return [];
        }

        return [.. Uom.Parse(body).Descendants()
            .Where(e => e.Name.LocalName == "Event" && e.Elements().Any(c => c.Name.LocalName == "EventType"))
            .Select(e => new HmcEventEntry(
                Child(e, "EventType"),
                Child(e, "EventData")))];
    }

    /// <summary>
    /// (managed system UUID or null, partition UUID) when <paramref name="uri"/> names a logical partition itself
    /// (<c>…/ManagedSystem/{ms}/LogicalPartition/{uuid}</c> or <c>…/LogicalPartition/{uuid}</c>); null for anything else,
    /// including objects below a partition (its adapters) and Virtual I/O Servers.
    /// </summary>
    public static (string? System, string Partition)? Partition(string uri)
    {
        var m = PartitionUri().Match(uri ?? "");
        return m.Success ? (m.Groups["ms"].Success ? m.Groups["ms"].Value : null, m.Groups["lpar"].Value) : null;
    }

    private static string Child(System.Xml.Linq.XElement e, string name) =>
        e.Elements().FirstOrDefault(c => c.Name.LocalName == name)?.Value.Trim() ?? "";

    [GeneratedRegex(@"/(?:ManagedSystem/(?<ms>[^/?#]+)/)?LogicalPartition/(?<lpar>[^/?#]+)/?(?:[?#].*)?$")]
    private static partial Regex PartitionUri();
}
