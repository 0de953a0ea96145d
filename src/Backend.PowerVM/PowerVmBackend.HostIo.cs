using System.Globalization;
using PowerDrivers.Backend.PowerVM.Hmc;
using PowerDrivers.Backend.PowerVM.Mapping;
using PowerDrivers.Backend.PowerVM.Wire;
using PowerDrivers.Driver.Core.Backends;

namespace PowerDrivers.Backend.PowerVM;

/// <summary>The host's I/O as the HMC reports it: VIOS partitions, their physical adapters, every mapping and the network bridges.</summary>
public sealed partial class PowerVmBackend
{
    /// <inheritdoc/>
    public async Task<HostIo> GetHostIoAsync(string host, CancellationToken cancellationToken)
    {
        var ms = await SystemAsync(host, refresh: false, cancellationToken).ConfigureAwait(false);
        var ctx = Context(host);
        var vioses = (await CallAsync(host, () => _hmc.ListViosAsync(ms.Uuid, cancellationToken), ctx).ConfigureAwait(false)).OrderBy(v => v.Id).ToList();
        var partitions = await CallAsync(host, () => _hmc.ListPartitionsAsync(ms.Uuid, cancellationToken), ctx).ConfigureAwait(false);
        var bridges = await CallAsync(host, () => BridgesOrNoneAsync(ms.Uuid, cancellationToken), ctx).ConfigureAwait(false);
        var byUuid = partitions.ToDictionary(p => p.Uuid, StringComparer.OrdinalIgnoreCase);
        var byId = partitions.GroupBy(p => p.Id).ToDictionary(g => g.Key, g => g.First());
        string ClientName(string uuid, int id) =>
            byUuid.TryGetValue(uuid, out var p) ? p.Name : byId.TryGetValue(id, out var q) ? q.Name : uuid.Length > 0 ? uuid : id.ToString(CultureInfo.InvariantCulture);
        PartitionView? Client(string uuid, int id) => byUuid.GetValueOrDefault(uuid) ?? byId.GetValueOrDefault(id);

        var servers = vioses.Select(v => new IoServer(v.Name, v.Id.ToString(CultureInfo.InvariantCulture), "vios", v.State)).ToList();
        var adapters = vioses.SelectMany(Adapters).ToList();
        var mappings = new List<IoMapping>();
        foreach (var v in vioses)
        {
            // A disk path serves I/O while its VIOS runs (the client's MPIO fails over to the other path otherwise).
            var path = v.IsRunning ? "Enabled" : "Failed";
            mappings.AddRange(v.Scsi.Select(m => new IoMapping("vscsi", v.Name, m.ServerAdapter, m.ClientSlot > 0 || m.ClientUuid.Length > 0 ? ClientName(m.ClientUuid, m.ClientId) : "",
                m.ClientSlot > 0 ? Slot(m.ClientSlot) : "", m.BackingName.Length > 0 ? m.BackingName : m.Backing, [], m.Backing.Length > 0 ? path : "")));
            mappings.AddRange(v.Fc.Select(m =>
            {
                // The first WWPN logs in to the fabric while the client is active, its VIOS runs and the adapter is mapped to a port.
                var client = Client(m.ClientUuid, m.ClientId);
                var loggedIn = v.IsRunning && m.PortName.Length > 0 && client is not null && PartitionStateTable.HoldsCapacity(client.State);
                return new IoMapping("npiv", v.Name, m.ServerAdapter, ClientName(m.ClientUuid, m.ClientId), Slot(m.ClientSlot), m.PortName, m.Wwpns, loggedIn ? "LOGGED_IN" : "NOT_LOGGED_IN");
            }));
        }

        var running = vioses.Where(v => v.IsRunning).Select(v => v.Uuid).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var names = vioses.ToDictionary(v => v.Uuid, v => v.Name, StringComparer.OrdinalIgnoreCase);
        var ioBridges = new List<IoBridge>();
        foreach (var b in bridges)
        {
            // The running SEA with the lowest trunk priority bridges; the others stand by (SEA failover).
            var active = b.Seas.Where(s => running.Contains(s.ViosUuid)).OrderBy(s => s.Priority).FirstOrDefault();
            var vlans = b.Vlans.Order().ToList();
            ioBridges.AddRange(b.Seas.Select(s => new IoBridge(b.Uuid, names.GetValueOrDefault(s.ViosUuid, s.ViosUuid), s.BackingPorts, vlans, s == active, s.Priority)));
        }

        return new HostIo(servers, adapters, mappings, ioBridges);
    }

    private async Task<IReadOnlyList<NetworkBridgeView>> BridgesOrNoneAsync(string system, CancellationToken ct)
    {
        try
        {
            return await _hmc.ListNetworkBridgesAsync(system, ct).ConfigureAwait(false);
        }
        catch (HmcException e) when (e.Status is 404 or 405)
        {
            return [];
        }
    }

    /// <summary>The physical adapters of a VIOS with their ports: FC ports with NPIV use, Ethernet devices under their slot.</summary>
    private static IEnumerable<IoAdapter> Adapters(VirtualIoServerView v)
    {
        var fcPorts = v.FcPorts.Select(p => (Port: p, Adapter: AdapterLocation(p.Location))).ToList();
        var covered = new HashSet<string>(StringComparer.Ordinal);
        foreach (var a in v.Adapters)
        {
            var ports = a.Kind switch
            {
                "fibre-channel" => fcPorts.Where(p => Under(p.Port.Location, a.Location)).Select(p => FcPort(p.Port, covered)).ToList(),
                "ethernet" => v.EthernetPorts.Where(e => Under(e.Location, a.Location)).Select(e => new IoPort(e.Name, "", false, 0, 0)).ToList(),
                _ => [],
            };
            yield return new IoAdapter(v.Name, a.Location, a.Kind, a.Description, ports);
        }

        // Ports the slot list did not account for (the HMC listed the port but not its adapter).
        foreach (var group in fcPorts.Where(p => !covered.Contains(p.Port.Name)).GroupBy(p => p.Adapter))
        {
            yield return new IoAdapter(v.Name, group.Key, "fibre-channel", "Fibre Channel adapter", [.. group.Select(p => FcPort(p.Port, covered))]);
        }
    }

    private static IoPort FcPort(FcPortView p, HashSet<string> covered)
    {
        covered.Add(p.Name);
        return new IoPort(p.Name, p.Wwpn, p.Npiv, p.Npiv ? p.Total - p.Available : 0, p.Total);
    }

    /// <summary>A port's adapter location: its location code without the trailing -Tn.</summary>
    private static string AdapterLocation(string port)
    {
        var i = port.LastIndexOf("-T", StringComparison.Ordinal);
        return i > 0 ? port[..i] : port;
    }

    private static bool Under(string port, string adapter) =>
        adapter.Length > 0 && (port.StartsWith(adapter + "-", StringComparison.OrdinalIgnoreCase) || string.Equals(port, adapter, StringComparison.OrdinalIgnoreCase));
}
