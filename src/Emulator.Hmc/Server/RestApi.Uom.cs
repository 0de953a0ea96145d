using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using PowerDrivers.Emulator.Hmc.Model;
using PowerDrivers.Emulator.Hmc.Wire;

namespace PowerDrivers.Emulator.Hmc.Server;

/// <summary>Routing of <c>/rest/api/uom/…</c>.</summary>
internal sealed partial class RestApi
{
    private async Task UomAsync(HttpContext context, SessionStore.Session session, string[] s, CancellationToken ct)
    {
        var method = context.Request.Method;
        var links = Links(context);
        switch (s)
        {
            case ["ManagementConsole"]:
                RequireGet(method);
                await FeedAsync(context, links.Uom("ManagementConsole"), [ManagementConsoleXml.Entry(hmc, links, inFeed: true)], ["1"], ct).ConfigureAwait(false);
                return;
            case ["ManagementConsole", var id]:
                RequireGet(method);
                Expect(string.Equals(id, hmc.ConsoleUuid, StringComparison.OrdinalIgnoreCase), "management console", id);
                await EntryAsync(context, ManagementConsoleXml.Entry(hmc, links, inFeed: false), "1", ct).ConfigureAwait(false);
                return;
            case ["ManagementConsole", _, "ManagedSystem", .. var rest]:
                await UomAsync(context, session, ["ManagedSystem", .. rest], ct).ConfigureAwait(false);
                return;
            case ["ManagedSystem"]:
                RequireGet(method);
                await FeedAsync(context, links.Uom("ManagedSystem"), hmc.Systems.Select(x => ManagedSystemXml.Entry(x, links, inFeed: true)), hmc.Systems.Select(x => x.ETag), ct).ConfigureAwait(false);
                return;
            case ["ManagedSystem", var id]:
                RequireGet(method);
                var system = System(id);
                await EntryAsync(context, ManagedSystemXml.Entry(system, links, inFeed: false), system.ETag, ct).ConfigureAwait(false);
                return;
            case ["ManagedSystem", var id, "SharedProcessorPool", .. var rest]:
                await PoolsAsync(context, System(id), rest, ct).ConfigureAwait(false);
                return;
            case ["ManagedSystem", var id, "SharedMemoryPool", .. var rest]:
                await MemoryPoolAsync(context, System(id), rest, ct).ConfigureAwait(false);
                return;
            case ["ManagedSystem", var id, "VirtualSwitch", .. var rest]:
                RequireGet(method);
                var owner = System(id);
                Expect(rest.Length == 0 || string.Equals(rest[0], owner.VirtualSwitchUuid, StringComparison.OrdinalIgnoreCase), "virtual switch", rest.FirstOrDefault() ?? string.Empty);
                if (rest.Length == 0)
                {
                    await FeedAsync(context, links.Uom($"{owner.RelativeUri}/VirtualSwitch"), [NetworkXml.SwitchEntry(owner, links, inFeed: true)], ["0"], ct).ConfigureAwait(false);
                }
                else
                {
                    await EntryAsync(context, NetworkXml.SwitchEntry(owner, links, inFeed: false), "0", ct).ConfigureAwait(false);
                }

                return;
            case ["ManagedSystem", var id, "VirtualNetwork", .. var rest]:
                await VirtualNetworksAsync(context, System(id), rest, ct).ConfigureAwait(false);
                return;
            case ["ManagedSystem", var id, "NetworkBridge", .. var rest]:
                await NetworkBridgesAsync(context, System(id), rest, ct).ConfigureAwait(false);
                return;
            case ["SharedStoragePool", .. var rest]:
                await SharedStoragePoolAsync(context, rest, ct).ConfigureAwait(false);
                return;
            case ["Cluster", .. var rest]:
                await ClusterAsync(context, rest, ct).ConfigureAwait(false);
                return;
            case ["ManagedSystem", var id, ("LogicalPartition" or "VirtualIOServer") and var kind, .. var rest]:
                await PartitionsAsync(context, [System(id)], kind == "VirtualIOServer", rest, ct).ConfigureAwait(false);
                return;
            case [("LogicalPartition" or "VirtualIOServer") and var kind, .. var rest]:
                await PartitionsAsync(context, hmc.Systems, kind == "VirtualIOServer", rest, ct).ConfigureAwait(false);
                return;
            case ["jobs", var id]:
                await JobAsync(context, id, ct).ConfigureAwait(false);
                return;
            case ["Event"]:
                RequireGet(method);
                await EventsAsync(context, session, ct).ConfigureAwait(false);
                return;
            default:
                throw new HmcException(Hscl.NotFound, $"The resource {context.Request.Path} does not exist.", 404);
        }
    }

    private EmulatedSystem System(string id) => hmc.FindSystem(id) ?? throw Hscl.Missing("managed system", id);

    private static void Expect(bool found, string kind, string id)
    {
        if (!found)
        {
            throw Hscl.Missing(kind, id);
        }
    }

    private static void RequireGet(string method)
    {
        if (!HttpMethods.IsGet(method) && !HttpMethods.IsHead(method))
        {
            throw new HmcException(Hscl.BadRequest, $"The method {method} is not supported on this resource.", 405);
        }
    }

    private Task FeedAsync(HttpContext context, string self, IEnumerable<XElement> entries, IEnumerable<string> etags, CancellationToken ct)
    {
        var list = entries.ToList();
        var etag = Reply.FeedETag(etags);
        if (IsNotModified(context, etag))
        {
            return Reply.EmptyAsync(context, 304);
        }

        return list.Count == 0
            ? Reply.EmptyAsync(context, 204)
            : Reply.XmlAsync(context, 200, Uom.AtomMediaType, Uom.Feed(EmulatedSystem.NameUuid("feed:" + self), DateTimeOffset.UtcNow, self, Links(context).Uom($"ManagementConsole/{hmc.ConsoleUuid}"), list), etag, ct);
    }

    private static Task EntryAsync(HttpContext context, XElement entry, string etag, CancellationToken ct) =>
        IsNotModified(context, etag)
            ? Reply.EmptyAsync(context, 304)
            : Reply.XmlAsync(context, 200, Uom.AtomMediaType, entry, etag, ct);

    private static bool IsNotModified(HttpContext context, string etag) =>
        HttpMethods.IsGet(context.Request.Method) && context.Request.Headers.IfNoneMatch.FirstOrDefault()?.Trim('"') == etag;

    // Active Memory Sharing: GET the pool (feed of 0 or 1), PUT creates it, POST updates it (If-Match), DELETE removes it.
    private async Task MemoryPoolAsync(HttpContext context, EmulatedSystem system, string[] rest, CancellationToken ct)
    {
        var links = Links(context);
        var method = context.Request.Method;
        var pool = system.MemoryPool;
        if (rest.Length == 0)
        {
            if (HttpMethods.IsPut(method))
            {
                if (pool is not null)
                {
                    throw new HmcException(Hscl.DuplicateName, $"The managed system {system.Name} already has a shared memory pool; update it instead.", 409);
                }

                var (size, max, primary, secondary) = SharedMemoryPoolXml.Read(PartitionXmlReader.Parse(await BodyAsync(context, ct).ConfigureAwait(false), "SharedMemoryPool"), system, null);
                var created = system.SetMemoryPool(size, max, primary, secondary);
                await EntryAsync(context, SharedMemoryPoolXml.Entry(system, created, links, inFeed: false), SharedMemoryPoolXml.ETag(system, created), ct).ConfigureAwait(false);
                return;
            }

            RequireGet(method);
            await FeedAsync(context, links.Uom($"{system.RelativeUri}/SharedMemoryPool"), pool is null ? [] : [SharedMemoryPoolXml.Entry(system, pool, links, inFeed: true)],
                pool is null ? [] : [SharedMemoryPoolXml.ETag(system, pool)], ct).ConfigureAwait(false);
            return;
        }

        Expect(pool is not null && rest.Length == 1 && string.Equals(rest[0], SharedMemoryPoolXml.Uuid(system), StringComparison.OrdinalIgnoreCase), "shared memory pool", rest[0]);
        if (HttpMethods.IsDelete(method))
        {
            CheckIfMatch(context, SharedMemoryPoolXml.ETag(system, pool!), rest[0]);
            system.DeleteMemoryPool();
            await Reply.EmptyAsync(context, 204).ConfigureAwait(false);
            return;
        }

        if (HttpMethods.IsPost(method))
        {
            CheckIfMatch(context, SharedMemoryPoolXml.ETag(system, pool!), rest[0]);
            var (size, max, primary, secondary) = SharedMemoryPoolXml.Read(PartitionXmlReader.Parse(await BodyAsync(context, ct).ConfigureAwait(false), "SharedMemoryPool"), system, pool);
            pool = system.SetMemoryPool(size, max, primary, secondary);
        }
        else
        {
            RequireGet(method);
        }

        await EntryAsync(context, SharedMemoryPoolXml.Entry(system, pool!, links, inFeed: false), SharedMemoryPoolXml.ETag(system, pool!), ct).ConfigureAwait(false);
    }

    private async Task PoolsAsync(HttpContext context, EmulatedSystem system, string[] rest, CancellationToken ct)
    {
        var links = Links(context);
        var self = links.Uom($"{system.RelativeUri}/SharedProcessorPool");
        var pools = system.Pools();
        if (rest.Length == 0)
        {
            RequireGet(context.Request.Method);
            await FeedAsync(context, self, pools.Select(p => SharedProcessorPoolXml.Entry(system, p, links, inFeed: true)),
                pools.Select(SharedProcessorPoolXml.ETag), ct).ConfigureAwait(false);
            return;
        }

        var view = pools.FirstOrDefault(p => string.Equals(p.Pool.Uuid, rest[0], StringComparison.OrdinalIgnoreCase)) ?? throw Hscl.Missing("shared processor pool", rest[0]);
        if (HttpMethods.IsPost(context.Request.Method))
        {
            var etag = SharedProcessorPoolXml.ETag(view);
            CheckIfMatch(context, etag, view.Pool.Uuid);
            var (name, max, reserved) = SharedProcessorPoolXml.Read(PartitionXmlReader.Parse(await BodyAsync(context, ct).ConfigureAwait(false), "SharedProcessorPool"), view.Pool);
            view = system.UpdatePool(view.Pool.Id, name, max, reserved);
        }
        else
        {
            RequireGet(context.Request.Method);
        }

        await EntryAsync(context, SharedProcessorPoolXml.Entry(system, view, links, inFeed: false), SharedProcessorPoolXml.ETag(view), ct).ConfigureAwait(false);
    }

    private static void CheckIfMatch(HttpContext context, string etag, string id)
    {
        var ifMatch = context.Request.Headers.IfMatch.FirstOrDefault();
        if (ifMatch is not null && ifMatch != "*" && !string.Equals(ifMatch.Trim('"'), etag, StringComparison.Ordinal))
        {
            throw new HmcException(Hscl.EtagMismatch, $"The object {id} was changed by another request (ETag {ifMatch} is stale); read it again and retry.", 412);
        }
    }

    private async Task JobAsync(HttpContext context, string id, CancellationToken ct)
    {
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var jobId) || hmc.FindJob(jobId) is not { } job)
        {
            throw Hscl.Missing("job", id);
        }

        if (HttpMethods.IsDelete(context.Request.Method))
        {
            hmc.DeleteJob(jobId);
            await Reply.EmptyAsync(context, 204).ConfigureAwait(false);
            return;
        }

        RequireGet(context.Request.Method);
        await Reply.XmlAsync(context, 200, Uom.AtomMediaType, JobXml.Response(job, Links(context)), null, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Long-poll read of the event queue. Each consumer has its own queue: the application ID a client names with
    /// <c>QUEUE_CLIENTKEY_METHOD=USE_APPLICATIONID&amp;QUEUE_APPLICATIONID=…</c>, else its session. A new consumer first
    /// hears NEW_CLIENT (refresh everything); later reads wait (bounded) for the changes after the last delivered one
    /// and answer an empty feed when none came.
    /// </summary>
    private async Task EventsAsync(HttpContext context, SessionStore.Session session, CancellationToken ct)
    {
        var links = Links(context);
        var appId = context.Request.Query["QUEUE_APPLICATIONID"].FirstOrDefault();
        var key = string.IsNullOrEmpty(appId) ? "session:" + session.Id : "app:" + appId;
        IReadOnlyList<HmcEvent> events;
        if (!eventCursors.TryGetValue(key, out var cursor))
        {
            eventCursors[key] = hmc.Events.LastId;
            events = [new HmcEvent(hmc.Events.LastId, "NEW_CLIENT", string.Empty, string.Empty)];
        }
        else
        {
            var wait = hmc.Options.EventWait;
            if (double.TryParse(context.Request.Query["timeout"].FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
            {
                wait = TimeSpan.FromSeconds(Math.Min(seconds, wait.TotalSeconds));
            }

            events = wait > TimeSpan.Zero ? await hmc.Events.WaitAsync(cursor, wait, ct).ConfigureAwait(false) : [];
            if (events.Count > 0)
            {
                eventCursors[key] = Math.Max(cursor, events[^1].Id);
            }
        }

        await Reply.XmlAsync(context, 200, Uom.AtomMediaType, EventXml.Feed(events, links), null, ct).ConfigureAwait(false);
    }

    private static Task JsonAsync(HttpContext context, object value, CancellationToken ct)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(value), ct);
    }
}
