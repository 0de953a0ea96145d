using Microsoft.AspNetCore.Http;
using PowerDrivers.Emulator.Hmc.Model;
using PowerDrivers.Emulator.Hmc.Wire;

namespace PowerDrivers.Emulator.Hmc.Server;

/// <summary>
/// Virtual I/O resources: SharedStoragePool and Cluster (top level), VolumeGroup and client adapters under a partition,
/// VirtualNetwork and NetworkBridge under a managed system, and the mapping diff of a POSTed VirtualIOServer.
/// </summary>
internal sealed partial class RestApi
{
    // GET the pools (one per system); GET/POST one pool: the POST body's LogicalUnits are the LUs to keep and create.
    private async Task SharedStoragePoolAsync(HttpContext context, string[] rest, CancellationToken ct)
    {
        var links = Links(context);
        var pools = hmc.Systems.Where(s => s.StoragePool is not null).Select(s => (System: s, Pool: s.StoragePool!)).ToList();
        if (rest.Length == 0)
        {
            RequireGet(context.Request.Method);
            await FeedAsync(context, links.Uom("SharedStoragePool"), pools.Select(x => StorageXml.PoolEntry(x.System, x.Pool, links, inFeed: true)), pools.Select(x => x.Pool.ETag), ct).ConfigureAwait(false);
            return;
        }

        var (system, pool) = pools.FirstOrDefault(x => string.Equals(x.Pool.Uuid, rest[0], StringComparison.OrdinalIgnoreCase));
        Expect(system is not null && rest.Length == 1, "shared storage pool", rest[0]);
        if (HttpMethods.IsPost(context.Request.Method))
        {
            var body = PartitionXmlReader.Parse(await BodyAsync(context, ct).ConfigureAwait(false), "SharedStoragePool");
            pool = system!.UpdateLogicalUnits(StorageXml.ReadLogicalUnits(body), IfMatch(context));
        }
        else
        {
            RequireGet(context.Request.Method);
        }

        await EntryAsync(context, StorageXml.PoolEntry(system!, pool!, links, inFeed: false), pool!.ETag, ct).ConfigureAwait(false);
    }

    private async Task ClusterAsync(HttpContext context, string[] rest, CancellationToken ct)
    {
        RequireGet(context.Request.Method);
        var links = Links(context);
        var pools = hmc.Systems.Where(s => s.StoragePool is not null).Select(s => (System: s, Pool: s.StoragePool!)).ToList();
        if (rest.Length == 0)
        {
            await FeedAsync(context, links.Uom("Cluster"), pools.Select(x => StorageXml.ClusterEntry(x.System, x.Pool, links, inFeed: true)), pools.Select(x => x.Pool.ETag), ct).ConfigureAwait(false);
            return;
        }

        var (system, pool) = pools.FirstOrDefault(x => string.Equals(x.Pool.ClusterUuid, rest[0], StringComparison.OrdinalIgnoreCase));
        Expect(system is not null, "cluster", rest[0]);
        await EntryAsync(context, StorageXml.ClusterEntry(system!, pool!, links, inFeed: false), pool!.ETag, ct).ConfigureAwait(false);
    }

    // GET the VIOS's volume groups; POST one with its VirtualDisks / OpticalMedia lists (new names created, missing ones removed).
    private static async Task VolumeGroupsAsync(HttpContext context, PartitionView vios, string[] rest, CancellationToken ct)
    {
        var links = Links(context);
        var system = vios.System;
        var groups = system.VolumeGroups(vios.Uuid);
        if (rest.Length == 0)
        {
            RequireGet(context.Request.Method);
            await Reply.XmlAsync(context, 200, Uom.AtomMediaType, Uom.Feed(EmulatedSystem.NameUuid("feed:vg:" + vios.Uuid), DateTimeOffset.UtcNow, links.Uom($"{system.PartitionUri(vios)}/VolumeGroup"), null,
                groups.Select(g => StorageXml.VolumeGroupEntry(system, vios, g, links, inFeed: true))), Reply.FeedETag(groups.Select(EmulatedSystem.VolumeGroupEtag)), ct).ConfigureAwait(false);
            return;
        }

        var group = groups.FirstOrDefault(g => string.Equals(g.Uuid, rest[0], StringComparison.OrdinalIgnoreCase)) ?? throw Hscl.Missing("volume group", rest[0]);
        if (HttpMethods.IsPost(context.Request.Method))
        {
            var body = PartitionXmlReader.Parse(await BodyAsync(context, ct).ConfigureAwait(false), "VolumeGroup");
            var (disks, media) = StorageXml.ReadVolumeGroup(body, group);
            group = system.UpdateVolumeGroup(vios.Uuid, group.Uuid, disks, media, IfMatch(context));
        }
        else
        {
            RequireGet(context.Request.Method);
        }

        await EntryAsync(context, StorageXml.VolumeGroupEntry(system, vios, group, links, inFeed: false), EmulatedSystem.VolumeGroupEtag(group), ct).ConfigureAwait(false);
    }

    // Client vFC / vSCSI adapters of a partition (read-only: they come and go with the VIOS mappings).
    private static async Task ClientAdaptersAsync(HttpContext context, PartitionView client, string kind, string[] rest, CancellationToken ct)
    {
        RequireGet(context.Request.Method);
        var links = Links(context);
        var system = client.System;
        var entries = kind == "VirtualFibreChannelClientAdapter"
            ? system.FcClientAdapters(client.Uuid).Select(a => (Slot: a.Mapping.ClientSlot, Entry: (Func<bool, global::System.Xml.Linq.XElement>)(f => VirtualIoXml.FcClientEntry(system, client, a, links, f)))).ToList()
            : system.ScsiClientAdapters(client.Uuid).Select(a => (Slot: a.Mapping.ClientSlot, Entry: (Func<bool, global::System.Xml.Linq.XElement>)(f => VirtualIoXml.ScsiClientEntry(system, client, a.ViosUuid, a.Mapping, links, f)))).ToList();
        if (rest.Length == 0)
        {
            if (entries.Count == 0)
            {
                await Reply.EmptyAsync(context, 204).ConfigureAwait(false);
                return;
            }

            var self = links.Uom($"{system.PartitionUri(client)}/{kind}");
            await Reply.XmlAsync(context, 200, Uom.AtomMediaType, Uom.Feed(EmulatedSystem.NameUuid("feed:" + self), DateTimeOffset.UtcNow, self, null, entries.Select(e => e.Entry(true))), client.ETag, ct).ConfigureAwait(false);
            return;
        }

        var found = entries.FirstOrDefault(e => string.Equals(EmulatedSystem.ClientAdapterUuid(client.Uuid, kind, e.Slot), rest[0], StringComparison.OrdinalIgnoreCase));
        Expect(found.Entry is not null, kind, rest[0]);
        await Reply.XmlAsync(context, 200, Uom.AtomMediaType, found.Entry!(false), null, ct).ConfigureAwait(false);
    }

    private async Task VirtualNetworksAsync(HttpContext context, EmulatedSystem system, string[] rest, CancellationToken ct)
    {
        var links = Links(context);
        var method = context.Request.Method;
        if (rest.Length == 0)
        {
            if (HttpMethods.IsPut(method))
            {
                var (vlan, name, tagged) = BridgeXml.ReadNetwork(PartitionXmlReader.Parse(await BodyAsync(context, ct).ConfigureAwait(false), "VirtualNetwork"));
                var created = system.CreateVirtualNetwork(vlan, name, tagged);
                await EntryAsync(context, BridgeXml.NetworkEntry(system, created, links, inFeed: false), BridgeXml.NetworkEtag(created), ct).ConfigureAwait(false);
                return;
            }

            RequireGet(method);
            var all = system.VirtualNetworks();
            await FeedAsync(context, links.Uom($"{system.RelativeUri}/VirtualNetwork"), all.Select(n => BridgeXml.NetworkEntry(system, n, links, inFeed: true)), all.Select(BridgeXml.NetworkEtag), ct).ConfigureAwait(false);
            return;
        }

        var network = system.VirtualNetworks().FirstOrDefault(n => string.Equals(n.Uuid, rest[0], StringComparison.OrdinalIgnoreCase)) ?? throw Hscl.Missing("virtual network", rest[0]);
        if (HttpMethods.IsDelete(method))
        {
            system.DeleteVirtualNetwork(network.Uuid);
            await Reply.EmptyAsync(context, 204).ConfigureAwait(false);
            return;
        }

        RequireGet(method);
        await EntryAsync(context, BridgeXml.NetworkEntry(system, network, links, inFeed: false), BridgeXml.NetworkEtag(network), ct).ConfigureAwait(false);
    }

    // PUT creates a bridge (SEAs + load groups), POST (If-Match) replaces its load groups, DELETE removes it.
    private async Task NetworkBridgesAsync(HttpContext context, EmulatedSystem system, string[] rest, CancellationToken ct)
    {
        var links = Links(context);
        var method = context.Request.Method;
        if (rest.Length == 0)
        {
            if (HttpMethods.IsPut(method))
            {
                var body = PartitionXmlReader.Parse(await BodyAsync(context, ct).ConfigureAwait(false), "NetworkBridge");
                var control = StorageXml.Text(body, "ControlChannelID") is { } c && int.TryParse(c, global::System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : 0;
                var created = system.CreateNetworkBridge(BridgeXml.ReadLoadGroups(body, system, current: null), BridgeXml.ReadSeas(body), control);
                await EntryAsync(context, BridgeXml.BridgeEntry(system, created, links, inFeed: false), created.ETag, ct).ConfigureAwait(false);
                return;
            }

            RequireGet(method);
            var all = system.NetworkBridges();
            await FeedAsync(context, links.Uom($"{system.RelativeUri}/NetworkBridge"), all.Select(b => BridgeXml.BridgeEntry(system, b, links, inFeed: true)), all.Select(b => b.ETag), ct).ConfigureAwait(false);
            return;
        }

        var bridge = system.FindNetworkBridge(rest[0]) ?? throw Hscl.Missing("network bridge", rest[0]);
        if (HttpMethods.IsDelete(method))
        {
            CheckIfMatch(context, bridge.ETag, bridge.Uuid);
            system.DeleteNetworkBridge(bridge.Uuid);
            await Reply.EmptyAsync(context, 204).ConfigureAwait(false);
            return;
        }

        if (HttpMethods.IsPost(method))
        {
            var body = PartitionXmlReader.Parse(await BodyAsync(context, ct).ConfigureAwait(false), "NetworkBridge");
            bridge = system.UpdateNetworkBridge(bridge.Uuid, BridgeXml.ReadLoadGroups(body, system, bridge), IfMatch(context));
        }
        else
        {
            RequireGet(method);
        }

        await EntryAsync(context, BridgeXml.BridgeEntry(system, bridge, links, inFeed: false), bridge.ETag, ct).ConfigureAwait(false);
    }

    /// <summary>A POSTed VirtualIOServer: its mapping lists are diffed against the VIOS's (adapters created/removed).</summary>
    private static PartitionView UpdateVios(HttpContext context, PartitionView vios, global::System.Xml.Linq.XElement body)
    {
        CheckIfMatch(context, vios.ETag, vios.Uuid);
        var system = vios.System;
        var (scsi, fc) = MappingXmlReader.Read(body, system.ViosIoOf(vios.Uuid));
        var definition = PartitionXmlReader.Read(body, vios.Definition);
        if (definition.Processors != vios.Definition.Processors || definition.Memory != vios.Definition.Memory || definition.Name != vios.Definition.Name)
        {
            system.Update(vios.Uuid, definition);
        }

        if (scsi is not null || fc is not null)
        {
            system.UpdateMappings(vios.Uuid, scsi, fc);
        }

        return system.Find(vios.Uuid)!;
    }

    private static string? IfMatch(HttpContext context) => context.Request.Headers.IfMatch.FirstOrDefault() is { } v && v != "*" ? v : null;
}
