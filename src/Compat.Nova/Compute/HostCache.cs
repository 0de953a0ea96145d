using Api = PowerDrivers.V1;

namespace PowerDrivers.Compat.Nova.Compute;

/// <summary>
/// The driver's hosts, shared between requests for a short time: server views only need each host's zone and status,
/// and ListHosts (capacity of every managed system) would otherwise dominate <c>GET /servers/{id}</c>. Placement,
/// hypervisors and services read fresh.
/// </summary>
internal sealed class HostCache(TimeProvider time)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(2);
    private (DateTimeOffset At, Dictionary<string, Api.Host> Hosts)? _last;

    public async Task<Dictionary<string, Api.Host>> GetAsync(DriverClient driver, bool fresh, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (!fresh && _last is { } last && now - last.At < Lifetime)
        {
            return last.Hosts;
        }

        var response = await driver.Hosts.ListHostsAsync(new Api.ListHostsRequest(), cancellationToken: ct).ConfigureAwait(false);
        var hosts = response.Hosts.ToDictionary(h => h.Name, StringComparer.Ordinal);
        _last = (now, hosts);
        return hosts;
    }
}
