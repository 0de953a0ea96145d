using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using PowerDrivers.Emulator.Hmc.Model;
using PowerDrivers.Emulator.Hmc.Wire;

namespace PowerDrivers.Emulator.Hmc.Server;

/// <summary>LogicalPartition and VirtualIOServer: feeds, entries, create/update/delete, search, quick properties, jobs.</summary>
internal sealed partial class RestApi
{
    private readonly EntryCache entryCache = new();

    private async Task PartitionsAsync(HttpContext context, IReadOnlyList<EmulatedSystem> systems, bool vios, string[] rest, CancellationToken ct)
    {
        var links = Links(context);
        var method = context.Request.Method;
        var kind = vios ? "VirtualIOServer" : "LogicalPartition";
        var detail = !string.Equals(context.Request.Query["group"].FirstOrDefault(), "None", StringComparison.OrdinalIgnoreCase);
        var self = systems.Count == 1 && context.Request.Path.Value!.Contains("/ManagedSystem/", StringComparison.Ordinal)
            ? links.Uom($"{systems[0].RelativeUri}/{kind}")
            : links.Uom(kind);
        switch (rest)
        {
            case []:
                if (HttpMethods.IsPut(method))
                {
                    await CreateAsync(context, systems, vios, links, ct).ConfigureAwait(false);
                    return;
                }

                RequireGet(method);
                var all = systems.SelectMany(x => x.Partitions(vios)).ToList();
                await PartitionFeedAsync(context, self, all, vios, links, detail, ct).ConfigureAwait(false);
                return;
            case ["search", var expression]:
                RequireGet(method);
                var name = SearchName(expression);
                var found = systems.SelectMany(x => x.Partitions(vios)).Where(p => string.Equals(p.Definition.Name, name, StringComparison.Ordinal)).ToList();
                await PartitionFeedAsync(context, self, found, vios, links, detail, ct).ConfigureAwait(false);
                return;
            case [var uuid]:
                await EntryRequestAsync(context, Find(systems, vios, uuid), links, detail, ct).ConfigureAwait(false);
                return;
            case [var uuid, "do", var operation]:
                await DoAsync(context, Find(systems, vios, uuid), kind, operation, ct).ConfigureAwait(false);
                return;
            case [var uuid, "ClientNetworkAdapter", .. var adapter]:
                await AdaptersAsync(context, Find(systems, vios, uuid), adapter, ct).ConfigureAwait(false);
                return;
            case [var uuid, "VolumeGroup", .. var group] when vios:
                await VolumeGroupsAsync(context, Find(systems, vios, uuid), group, ct).ConfigureAwait(false);
                return;
            case [var uuid, ("VirtualFibreChannelClientAdapter" or "VirtualSCSIClientAdapter") and var adapterKind, .. var adapter] when !vios:
                await ClientAdaptersAsync(context, Find(systems, vios, uuid), adapterKind, adapter, ct).ConfigureAwait(false);
                return;
            case [var uuid, "quick", var property]:
                RequireGet(method);
                await JsonAsync(context, Quick(Find(systems, vios, uuid), property), ct).ConfigureAwait(false);
                return;
            default:
                throw new HmcException(Hscl.NotFound, $"The resource {context.Request.Path} does not exist.", 404);
        }
    }

    private Task PartitionFeedAsync(HttpContext context, string self, List<PartitionView> all, bool vios, LinkBuilder links, bool detail, CancellationToken ct)
    {
        if (vios)
        {
            // A VIOS entry shows more than its own partition record: rendered every time.
            return FeedAsync(context, self, all.Select(p => PartitionXml.Entry(p, links, inFeed: true, detail)), all.Select(p => p.ETag), ct);
        }

        var etag = Reply.FeedETag(all.Select(p => p.ETag));
        if (IsNotModified(context, etag))
        {
            return Reply.EmptyAsync(context, 304);
        }

        if (all.Count == 0)
        {
            return Reply.EmptyAsync(context, 204);
        }

        var feed = EntryCache.Feed(EmulatedSystem.NameUuid("feed:" + self), DateTimeOffset.UtcNow, self, links.Uom($"ManagementConsole/{hmc.ConsoleUuid}"),
            [.. all.Select(p => entryCache.FeedEntry(p, links, detail))]);
        return Reply.TextAsync(context, 200, Uom.AtomMediaType, feed, etag, ct);
    }

    private static PartitionView Find(IReadOnlyList<EmulatedSystem> systems, bool vios, string uuid)
    {
        foreach (var system in systems)
        {
            if (system.Find(uuid) is { } p && p.Definition.IsVios == vios)
            {
                return p;
            }
        }

        throw Hscl.Missing(vios ? "virtual I/O server" : "logical partition", uuid);
    }

    private static async Task EntryRequestAsync(HttpContext context, PartitionView p, LinkBuilder links, bool detail, CancellationToken ct)
    {
        var method = context.Request.Method;
        if (HttpMethods.IsDelete(method))
        {
            CheckIfMatch(context, p.ETag, p.Uuid);
            p.System.Delete(p.Uuid);
            await Reply.EmptyAsync(context, 204).ConfigureAwait(false);
            return;
        }

        if (HttpMethods.IsPost(method))
        {
            var body = await BodyAsync(context, ct).ConfigureAwait(false);
            var element = PartitionXmlReader.Parse(body, p.Definition.IsVios ? "VirtualIOServer" : "LogicalPartition");
            if (p.Definition.IsVios)
            {
                p = UpdateVios(context, p, element);
                await EntryAsync(context, PartitionXml.Entry(p, links, inFeed: false, detail), p.ETag, ct).ConfigureAwait(false);
                return;
            }

            var ifMatch = context.Request.Headers.IfMatch.FirstOrDefault();
            p = p.System.Update(p.Uuid, PartitionXmlReader.Read(element, p.Definition), ifMatch is null or "*" ? null : ifMatch);
        }
        else
        {
            RequireGet(method);
        }

        await EntryAsync(context, PartitionXml.Entry(p, links, inFeed: false, detail), p.ETag, ct).ConfigureAwait(false);
    }

    private async Task CreateAsync(HttpContext context, IReadOnlyList<EmulatedSystem> systems, bool vios, LinkBuilder links, CancellationToken ct)
    {
        if (vios)
        {
            throw new HmcException(Hscl.BadRequest, "Virtual I/O Server partitions are created at installation of the emulated system, not through this API.", 405);
        }

        var element = PartitionXmlReader.Parse(await BodyAsync(context, ct).ConfigureAwait(false), "LogicalPartition");
        var system = systems.Count == 1 ? systems[0] : SystemOf(element);
        var created = system.Create(PartitionXmlReader.Read(element, baseline: null) with { Uuid = string.Empty });
        await EntryAsync(context, PartitionXml.Entry(created, links, inFeed: false), created.ETag, ct).ConfigureAwait(false);
    }

    private EmulatedSystem SystemOf(System.Xml.Linq.XElement element)
    {
        var href = element.Elements().FirstOrDefault(e => e.Name.LocalName == "AssociatedManagedSystem")?.Attribute("href")?.Value;
        var uuid = href?.TrimEnd('/').Split('/')[^1];
        return uuid is not null && hmc.FindSystem(uuid) is { } system
            ? system
            : throw new HmcException(Hscl.BadRequest, "Create the partition under /rest/api/uom/ManagedSystem/{uuid}/LogicalPartition, or name its AssociatedManagedSystem.");
    }

    private async Task DoAsync(HttpContext context, PartitionView p, string kind, string operation, CancellationToken ct)
    {
        if (!HmcModel.JobOperations.Contains(operation, StringComparer.Ordinal))
        {
            throw new HmcException(Hscl.NotFound, $"The operation {operation} is not supported for {kind}.", 404);
        }

        if (HttpMethods.IsGet(context.Request.Method))
        {
            await Reply.XmlAsync(context, 200, Uom.WebType("JobRequest"), JobXml.Template(kind, operation), null, ct).ConfigureAwait(false);
            return;
        }

        if (!HttpMethods.IsPut(context.Request.Method))
        {
            throw new HmcException(Hscl.BadRequest, "Submit a job with PUT of the JobRequest template.", 405);
        }

        var parameters = JobXml.ReadParameters(await BodyAsync(context, ct).ConfigureAwait(false));
        var job = hmc.SubmitJob(kind, p.Uuid, operation, parameters, $"{kind}/{p.Uuid}/do/{operation}");
        await Reply.XmlAsync(context, 200, Uom.AtomMediaType, JobXml.Response(job, Links(context)), null, ct).ConfigureAwait(false);
    }

    private static async Task AdaptersAsync(HttpContext context, PartitionView p, string[] rest, CancellationToken ct)
    {
        var links = Links(context);
        var method = context.Request.Method;
        if (rest.Length == 0 && HttpMethods.IsPut(method))
        {
            var (port, tagged, mac) = NetworkXml.ReadAdapter(await BodyAsync(context, ct).ConfigureAwait(false));
            var added = p.System.AddNetworkAdapter(p.Uuid, port, tagged, mac);
            p = p.System.Find(p.Uuid)!;
            await Reply.XmlAsync(context, 200, Uom.AtomMediaType, NetworkXml.AdapterEntry(p, added, links, inFeed: false), null, ct).ConfigureAwait(false);
            return;
        }

        if (rest.Length == 0)
        {
            RequireGet(method);
            if (p.NetworkAdapters.Count == 0)
            {
                await Reply.EmptyAsync(context, 204).ConfigureAwait(false);
                return;
            }

            var self = links.Uom($"{p.System.PartitionUri(p)}/ClientNetworkAdapter");
            await Reply.XmlAsync(context, 200, Uom.AtomMediaType,
                Uom.Feed(EmulatedSystem.NameUuid("feed:" + self), DateTimeOffset.UtcNow, self, null, p.NetworkAdapters.Select(a => NetworkXml.AdapterEntry(p, a, links, inFeed: true))), p.ETag, ct).ConfigureAwait(false);
            return;
        }

        var adapter = p.NetworkAdapters.FirstOrDefault(a => string.Equals(a.Uuid, rest[0], StringComparison.OrdinalIgnoreCase)) ?? throw Hscl.Missing("client network adapter", rest[0]);
        if (HttpMethods.IsDelete(method))
        {
            p.System.RemoveNetworkAdapter(p.Uuid, adapter.Uuid);
            await Reply.EmptyAsync(context, 204).ConfigureAwait(false);
            return;
        }

        RequireGet(method);
        await Reply.XmlAsync(context, 200, Uom.AtomMediaType, NetworkXml.AdapterEntry(p, adapter, links, inFeed: false), null, ct).ConfigureAwait(false);
    }

    private static object Quick(PartitionView p, string property)
    {
        var all = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["PartitionName"] = p.Definition.Name,
            ["PartitionID"] = p.Definition.Id,
            ["PartitionState"] = p.State.ToWire(),
            ["PartitionType"] = p.Definition.Type,
            ["ResourceMonitoringControlState"] = p.RmcActive ? "active" : "inactive",
            ["CurrentMemory"] = p.Current.MemoryMb,
            ["CurrentProcessingUnits"] = p.Current.UnitsCenti / 100m,
            ["CurrentProcessors"] = p.Current.Processors,
            ["CurrentVirtualProcessors"] = p.Current.VirtualProcessors,
            ["IsOperationInProgress"] = p.OperationInProgress,
        };
        if (property == "All")
        {
            return all;
        }

        return all.TryGetValue(property, out var value) ? value : throw new HmcException(Hscl.NotFound, $"The quick property {property} does not exist.", 404);
    }

    /// <summary>The name of a <c>(PartitionName=='x')</c> search.</summary>
    private static string SearchName(string expression)
    {
        var match = SearchPattern().Match(expression);
        return match.Success ? match.Groups["name"].Value : throw new HmcException(Hscl.BadRequest, $"The search expression {expression} is not supported; use (PartitionName=='name').");
    }

    [GeneratedRegex("^\\(PartitionName==(?<q>['\"]?)(?<name>.*)\\k<q>\\)$")]
    private static partial Regex SearchPattern();
}
