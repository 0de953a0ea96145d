using System.Collections.Concurrent;
using System.Xml.Linq;
using PowerDrivers.Emulator.Hmc.Model;
using PowerDrivers.Emulator.Hmc.Wire;

namespace PowerDrivers.Emulator.Hmc.Server;

/// <summary>
/// LogicalPartition feed entries already rendered, as the text they have inside a feed. An entry is rendered again
/// only when something it shows changed (version, state, RMC, job in progress, allocation, definition, adapters),
/// so a feed GET over unchanged partitions builds no XML for them. Bounded: cleared when it grows past
/// <see cref="Capacity"/> entries (deleted partitions and other hosts' base addresses fall out that way).
/// </summary>
internal sealed class EntryCache
{
    public const int Capacity = 8192;
    private const string FeedEnd = "</feed>";
    private readonly ConcurrentDictionary<(string Uuid, string Base, bool Detail), Rendered> entries = new();

    public string FeedEntry(PartitionView p, LinkBuilder links, bool detail)
    {
        if (p.Definition.SharedMemory)
        {
            // Shows the shared memory pool's paging VIOS partitions too: rendered every time.
            return InFeed(PartitionXml.Entry(p, links, inFeed: true, detail));
        }

        var key = (p.Uuid, links.Base, detail);
        if (entries.TryGetValue(key, out var cached) && Same(cached.View, p))
        {
            return cached.Text;
        }

        var text = InFeed(PartitionXml.Entry(p, links, inFeed: true, detail));
        if (entries.Count >= Capacity)
        {
            entries.Clear();
        }

        entries[key] = new Rendered(p, text);
        return text;
    }

    /// <summary>A feed from entry texts: the same text as serialising the whole feed element.</summary>
    public static string Feed(string id, DateTimeOffset updated, string selfHref, string? consoleHref, IReadOnlyList<string> entryTexts)
    {
        var head = Uom.Feed(id, updated, selfHref, consoleHref, []).ToString(SaveOptions.DisableFormatting);
        var cut = head.LastIndexOf(FeedEnd, StringComparison.Ordinal);
        var builder = new System.Text.StringBuilder(head.Length + entryTexts.Sum(e => e.Length));
        builder.Append(head, 0, cut);
        foreach (var entry in entryTexts)
        {
            builder.Append(entry);
        }

        return builder.Append(FeedEnd).ToString();
    }

    // Rendered inside a feed so the namespace declarations are exactly those the full feed would carry.
    private static string InFeed(XElement entry)
    {
        var text = Uom.Feed("x", DateTimeOffset.UnixEpoch, "x", null, [entry]).ToString(SaveOptions.DisableFormatting);
        var start = text.IndexOf("<entry", StringComparison.Ordinal);
        return text[start..text.LastIndexOf(FeedEnd, StringComparison.Ordinal)];
    }

    private static bool Same(PartitionView a, PartitionView b) =>
        a.Version == b.Version && a.State == b.State && a.RmcActive == b.RmcActive && a.OperationInProgress == b.OperationInProgress &&
        a.BootedAtMs == b.BootedAtMs && a.CreatedMs == b.CreatedMs && Equals(a.Current, b.Current) && ReferenceEquals(a.Definition, b.Definition) &&
        ReferenceEquals(a.System, b.System) && a.NetworkAdapters.SequenceEqual(b.NetworkAdapters);

    private sealed record Rendered(PartitionView View, string Text);
}
