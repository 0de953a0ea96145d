using System.Globalization;
using System.Net;
using System.Xml.Linq;
using PowerDrivers.Backend.PowerVM.Wire;

namespace PowerDrivers.Backend.PowerVM.Hmc;

/// <summary>Virtual I/O over the HMC: shared storage pool LUs, VIOS mappings, network bridges and client network adapters.</summary>
public sealed partial class HmcClient
{
    /// <summary>The absolute href of a uom object (what links in bodies carry).</summary>
    internal string Href(string relative) => new Uri(_options.Url, "rest/api/uom/" + relative).ToString();

    internal async Task<IReadOnlyList<SharedStoragePoolView>> ListStoragePoolsAsync(CancellationToken ct) =>
        SharedStoragePoolXml.ReadAll(await ReadAsync(c => _api.ListStoragePoolsAsync(c), ct, allowNoContent: true).ConfigureAwait(false));

    /// <summary>One pool with its ETag, or null when the HMC does not know it.</summary>
    internal Task<SharedStoragePoolView?> GetStoragePoolAsync(string uuid, CancellationToken ct) =>
        GetOrNullAsync(c => _api.GetStoragePoolAsync(uuid, c), (body, etag) => First(SharedStoragePoolXml.ReadAll(body, etag)), ct);

    /// <summary>Reads the pool, applies <paramref name="change"/> (null: nothing to do) and POSTs it with If-Match, re-reading on 412.</summary>
    internal Task<SharedStoragePoolView> UpdateStoragePoolAsync(string uuid, Func<SharedStoragePoolView, XElement?> change, CancellationToken ct) =>
        UpdateAsync(c => GetStoragePoolAsync(uuid, c), p => p.ETag, change,
            (body, etag, c) => _api.UpdateStoragePoolAsync(uuid, Uom.Content(body, SharedStoragePoolXml.MediaType), etag, c),
            (body, etag) => First(SharedStoragePoolXml.ReadAll(body, etag)), $"shared storage pool {uuid}", ct);

    /// <summary>(pool UUID, managed system UUIDs) of every storage cluster; empty when the HMC serves no Cluster objects.</summary>
    internal async Task<IReadOnlyList<(string PoolUuid, IReadOnlyList<string> Systems)>> ListClustersAsync(CancellationToken ct)
    {
        try
        {
            return SharedStoragePoolXml.ReadClusters(await ReadAsync(c => _api.ListClustersAsync(c), ct, allowNoContent: true).ConfigureAwait(false));
        }
        catch (HmcException ex) when (ex.Status is (int)HttpStatusCode.NotFound or (int)HttpStatusCode.MethodNotAllowed)
        {
            return [];
        }
    }

    internal async Task<IReadOnlyList<VirtualIoServerView>> ListViosAsync(string system, CancellationToken ct) =>
        VirtualIoServerView.ReadAll(await ReadAsync(c => _api.ListViosAsync(system, c), ct, allowNoContent: true).ConfigureAwait(false));

    internal Task<VirtualIoServerView?> GetViosAsync(string system, string uuid, CancellationToken ct) =>
        GetOrNullAsync(c => _api.GetViosAsync(system, uuid, c), (body, etag) => First(VirtualIoServerView.ReadAll(body, etag)), ct);

    /// <summary>Reads the VIOS, applies <paramref name="change"/> (null: nothing to do) and POSTs it with If-Match, re-reading on 412.</summary>
    internal Task<VirtualIoServerView> UpdateViosAsync(string system, string uuid, Func<VirtualIoServerView, XElement?> change, CancellationToken ct) =>
        UpdateAsync(c => GetViosAsync(system, uuid, c), v => v.ETag, change,
            (body, etag, c) => _api.UpdateViosAsync(system, uuid, Uom.Content(body, VirtualIoServerXml.MediaType), etag, c),
            (body, etag) => First(VirtualIoServerView.ReadAll(body, etag)), $"Virtual I/O Server {uuid}", ct);

    /// <summary>The client vFC adapters of a partition as (client slot, server slot, vfchost, port, WWPN pair).</summary>
    internal async Task<IReadOnlyList<FcMappingView>> ListFcClientAdaptersAsync(string partition, CancellationToken ct)
    {
        var body = await ReadAsync(c => _api.ListFcClientAdaptersAsync(partition, c), ct, allowNoContent: true).ConfigureAwait(false);
        return VirtualIoServerView.ReadClientAdapters(body, partition);
    }

    internal async Task<IReadOnlyList<VirtualNetworkView>> ListVirtualSwitchesAsync(string system, CancellationToken ct) =>
        NetworkBridgeXml.ReadSwitches(await ReadAsync(c => _api.ListVirtualSwitchesAsync(system, c), ct, allowNoContent: true).ConfigureAwait(false));

    /// <summary>The virtual networks of a system; empty when the HMC serves none.</summary>
    internal async Task<IReadOnlyList<VirtualNetworkView>> ListVirtualNetworksAsync(string system, CancellationToken ct)
    {
        try
        {
            return NetworkBridgeXml.ReadNetworks(await ReadAsync(c => _api.ListVirtualNetworksAsync(system, c), ct, allowNoContent: true).ConfigureAwait(false));
        }
        catch (HmcException ex) when (ex.Status is (int)HttpStatusCode.NotFound or (int)HttpStatusCode.MethodNotAllowed)
        {
            return [];
        }
    }

    /// <summary>Creates the VirtualNetwork of a VLAN; null when the HMC does not create networks through this API.</summary>
    internal async Task<VirtualNetworkView?> CreateVirtualNetworkAsync(string system, int vlanId, string switchName, string switchHref, CancellationToken ct)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"VLAN{vlanId}-{switchName.Split('(')[0]}");
        try
        {
            var body = await ReadAsync(c => _api.CreateVirtualNetworkAsync(system, Uom.Content(NetworkBridgeXml.Network(vlanId, name, switchHref), NetworkBridgeXml.NetworkType), c), ct).ConfigureAwait(false);
            return First(NetworkBridgeXml.ReadNetworks(body));
        }
        catch (HmcException ex) when (ex.Status is (int)HttpStatusCode.NotFound or (int)HttpStatusCode.MethodNotAllowed)
        {
            return null;
        }
    }

    internal async Task<IReadOnlyList<NetworkBridgeView>> ListNetworkBridgesAsync(string system, CancellationToken ct) =>
        NetworkBridgeView.ReadAll(await ReadAsync(c => _api.ListNetworkBridgesAsync(system, c), ct, allowNoContent: true).ConfigureAwait(false));

    /// <summary>Reads the bridge, applies <paramref name="change"/> (null: nothing to do) and POSTs it with If-Match, re-reading on 412.</summary>
    internal Task<NetworkBridgeView> UpdateNetworkBridgeAsync(string system, string uuid, Func<NetworkBridgeView, XElement?> change, CancellationToken ct) =>
        UpdateAsync(c => GetOrNullAsync(x => _api.GetNetworkBridgeAsync(system, uuid, x), (body, etag) => First(NetworkBridgeView.ReadAll(body, etag)), c),
            b => b.ETag, change,
            (body, etag, c) => _api.UpdateNetworkBridgeAsync(system, uuid, Uom.Content(body, NetworkBridgeXml.MediaType), etag, c),
            (body, etag) => First(NetworkBridgeView.ReadAll(body, etag)), $"network bridge {uuid}", ct);

    internal async Task<IReadOnlyList<ClientNetworkAdapterView>> ListNetworkAdaptersAsync(string partition, CancellationToken ct) =>
        NetworkBridgeXml.ReadAdapters(await ReadAsync(c => _api.ListNetworkAdaptersAsync(partition, c), ct, allowNoContent: true).ConfigureAwait(false));

    internal async Task<ClientNetworkAdapterView> CreateNetworkAdapterAsync(string partition, XElement body, CancellationToken ct) =>
        First(NetworkBridgeXml.ReadAdapters(await ReadAsync(c => _api.CreateNetworkAdapterAsync(partition, Uom.Content(body, NetworkBridgeXml.AdapterType), c), ct).ConfigureAwait(false)))
            ?? throw new HmcException(200, null, "the HMC answered the create without a ClientNetworkAdapter");

    /// <summary>Removes a client network adapter; false when the HMC no longer has it.</summary>
    internal async Task<bool> DeleteNetworkAdapterAsync(string partition, string adapter, CancellationToken ct)
    {
        try
        {
            await SendAsync(c => _api.DeleteNetworkAdapterAsync(partition, adapter, c), ct, allowNoContent: true).ConfigureAwait(false);
            return true;
        }
        catch (HmcException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private async Task<T?> GetOrNullAsync<T>(Func<CancellationToken, Task<HttpResponseMessage>> call, Func<string, string?, T?> parse, CancellationToken ct)
        where T : class
    {
        try
        {
            var (body, etag) = await SendAsync(call, ct).ConfigureAwait(false);
            return parse(body, etag);
        }
        catch (HmcException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Read → change → POST with If-Match; on 412 read again and re-apply, up to <see cref="HmcClientOptions.EtagRetries"/> times.</summary>
    private async Task<T> UpdateAsync<T>(Func<CancellationToken, Task<T?>> read, Func<T, string?> etagOf, Func<T, XElement?> change,
        Func<XElement, string, CancellationToken, Task<HttpResponseMessage>> post, Func<string, string?, T?> parse, string what, CancellationToken ct)
        where T : class
    {
        for (var attempt = 0; ; attempt++)
        {
            var current = await read(ct).ConfigureAwait(false) ?? throw new HmcException(404, null, $"The {what} was not found.");
            if (change(current) is not { } body)
            {
                return current;
            }

            try
            {
                var (text, etag) = await SendAsync(c => post(body, etagOf(current) ?? "*", c), ct, allowNoContent: true).ConfigureAwait(false);
                return (text.Length > 0 ? parse(text, etag) : null)
                    ?? await read(ct).ConfigureAwait(false)
                    ?? throw new HmcException(404, null, $"The {what} was not found.");
            }
            catch (HmcException ex) when (ex.Status == (int)HttpStatusCode.PreconditionFailed && attempt < _options.EtagRetries)
            {
                // Changed since it was read (another mapping, another LU): read it again and re-apply.
            }
        }
    }
}
