using PowerDrivers.Compat.Nova.Compute;

namespace PowerDrivers.Compat.Nova.Network;

/// <summary>
/// Keeps ports true to the driver: a port bound to an interface that its server no longer has (the server was deleted,
/// or the interface removed through gRPC) is unbound, or deleted when Nova created it, as Neutron does when Nova tells it.
/// </summary>
internal static class PortBindings
{
    public static async Task<List<PortRecord>> ReconcileAsync(ComputeContext c, IEnumerable<PortRecord> ports)
    {
        var state = c.Service<NeutronState>();
        var now = c.Service<TimeProvider>().GetUtcNow();
        var result = new List<PortRecord>();
        var servers = new Dictionary<string, HashSet<string>?>(StringComparer.Ordinal);
        foreach (var port in ports)
        {
            if (port.InterfaceId.Length == 0)
            {
                result.Add(port);
                continue;
            }

            if (!servers.TryGetValue(port.DeviceId, out var interfaces))
            {
                var instance = await c.Driver.FindAsync(port.DeviceId, c.Aborted).ConfigureAwait(false);
                interfaces = instance?.Interfaces.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
                servers[port.DeviceId] = interfaces;
            }

            if (interfaces?.Contains(port.InterfaceId) == true)
            {
                result.Add(port);
                continue;
            }

            state.Unbind(port.Id, now);
            if (state.Port(port.Id) is { } unbound)
            {
                result.Add(unbound);
            }
        }

        return result;
    }
}
