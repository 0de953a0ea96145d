using System.Text.Json.Nodes;
using PowerDrivers.Compat.Nova.Hosting;
using Api = PowerDrivers.V1;

namespace PowerDrivers.Compat.Nova.Compute;

/// <summary>
/// os-hypervisors, os-services and os-availability-zone, one hypervisor and one nova-compute service per driver host
/// (ordered by name; ids are 1-based positions). Capacity is the managed system's as HostService reports it.
/// </summary>
internal static class HostEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/v2.1/os-hypervisors", c => HypervisorsAsync(c, detail: false));
        app.MapGet("/v2.1/os-hypervisors/detail", c => HypervisorsAsync(c, detail: true));
        app.MapGet("/v2.1/os-hypervisors/statistics", StatisticsAsync);
        app.MapGet("/v2.1/os-hypervisors/{id}", HypervisorAsync);
        app.MapGet("/v2.1/os-hypervisors/{id}/uptime", UptimeAsync);
        app.MapGet("/v2.1/os-aggregates", AggregatesAsync);
        app.MapGet("/v2.1/os-services", ServicesAsync);
        app.MapGet("/v2.1/os-availability-zone", c => ZonesAsync(c, detail: false));
        app.MapGet("/v2.1/os-availability-zone/detail", c => ZonesAsync(c, detail: true));
    }

    private static async Task<List<Api.Host>> SortedHostsAsync(ComputeContext c) =>
        (await c.HostsAsync().ConfigureAwait(false)).Values.OrderBy(h => h.Name, StringComparer.Ordinal).ToList();

    private static async Task HypervisorsAsync(HttpContext http, bool detail)
    {
        var c = new ComputeContext(http);
        c.RequireAdmin("os_compute_api:os-hypervisors:list");
        var hosts = await SortedHostsAsync(c).ConfigureAwait(false);
        var pattern = Wire.Query(http, "hypervisor_hostname_pattern");
        var selected = hosts.Select((h, n) => (Host: h, Id: n + 1))
            .Where(x => pattern.Length == 0 || x.Host.Name.Contains(pattern, StringComparison.OrdinalIgnoreCase)).ToList();
        string? next = null;
        if (c.Version.AtLeast(33))
        {
            // 2.33: limit and marker (the marker is a hypervisor id).
            (selected, next) = Paging.Apply(selected, x => x.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Wire.Query(http, "marker"), Wire.Query(http, "limit"));
        }

        var list = new JsonArray(selected.Select(x => (JsonNode?)(detail ? Detail(x.Host, x.Id, c.Version) : Summary(x.Host, x.Id))).ToArray());
        var response = new JsonObject { ["hypervisors"] = list };
        if (next is not null)
        {
            response["hypervisors_links"] = Paging.NextLink($"{c.Root}/v2.1/os-hypervisors{(detail ? "/detail" : "")}", http.Request.Query, next);
        }

        await Wire.WriteAsync(http, 200, response).ConfigureAwait(false);
    }

    private static async Task HypervisorAsync(HttpContext http)
    {
        var c = new ComputeContext(http);
        c.RequireAdmin("os_compute_api:os-hypervisors:show");
        var hosts = await SortedHostsAsync(c).ConfigureAwait(false);
        var id = c.Route("id");
        var index = int.TryParse(id, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= hosts.Count
            ? n - 1
            : hosts.FindIndex(h => h.Name == id);
        if (index < 0)
        {
            throw NovaFault.NotFound($"Hypervisor with ID {id} could not be found.");
        }

        await Wire.WriteAsync(http, 200, new JsonObject { ["hypervisor"] = Detail(hosts[index], index + 1, c.Version) }).ConfigureAwait(false);
    }

    private static async Task UptimeAsync(HttpContext http)
    {
        var c = new ComputeContext(http);
        c.RequireAdmin("os_compute_api:os-hypervisors:uptime");
        var hosts = await SortedHostsAsync(c).ConfigureAwait(false);
        var id = c.Route("id");
        var index = int.TryParse(id, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= hosts.Count ? n - 1 : hosts.FindIndex(h => h.Name == id);
        if (index < 0)
        {
            throw NovaFault.NotFound($"Hypervisor with ID {id} could not be found.");
        }

        var body = Summary(hosts[index], index + 1);
        body["uptime"] = $" {Wire.NovaTime(c.Service<TimeProvider>().GetUtcNow())[11..19]} up 1 day,  0:00,  0 users,  load average: 0.00, 0.00, 0.00";
        await Wire.WriteAsync(http, 200, new JsonObject { ["hypervisor"] = body }).ConfigureAwait(false);
    }

    /// <summary>No host aggregates: zones come from the hosts' configuration.</summary>
    private static Task AggregatesAsync(HttpContext http)
    {
        new ComputeContext(http).RequireAdmin("os_compute_api:os-aggregates:index");
        return Wire.WriteAsync(http, 200, new JsonObject { ["aggregates"] = new JsonArray() });
    }

    private static JsonObject Summary(Api.Host h, int id) => new()
    {
        ["hypervisor_hostname"] = h.Name,
        ["id"] = id,
        ["state"] = h.Status == Api.HostStatus.Operating ? "up" : "down",
        ["status"] = "enabled",
    };

    /// <summary>The hypervisor detail of Nova's samples (2.1–2.27: cpu_info is a JSON string; 2.28+: an object).</summary>
    internal static JsonObject Detail(Api.Host h, int id, ApiVersion version)
    {
        var p = h.Processors ?? new Api.HostProcessors();
        var m = h.Memory ?? new Api.HostMemory();
        var vcpus = (int)(p.ActiveCores * Math.Max(1, p.SmtThreads));
        var usedVcpus = p.TotalProcessingUnits > 0
            ? (int)Math.Round((p.TotalProcessingUnits - p.FreeProcessingUnits) * Math.Max(1, p.SmtThreads))
            : Math.Max(0, vcpus - (int)p.FreeVirtualCpus);
        var memory = (long)(m.ActiveMb > 0 ? m.ActiveMb : m.InstalledMb);
        var cpuInfo = new JsonObject
        {
            ["arch"] = "ppc64le",
            ["model"] = "POWER8",
            ["vendor"] = "IBM",
            ["topology"] = new JsonObject { ["cores"] = p.ActiveCores, ["threads"] = p.SmtThreads, ["sockets"] = Math.Max(1u, p.Sockets) },
            ["features"] = new JsonArray(),
        };
        var detail = Summary(h, id);
        detail["cpu_info"] = version.AtLeast(28) ? cpuInfo : cpuInfo.ToJsonString();
        detail["current_workload"] = 0;
        detail["disk_available_least"] = 0;
        detail["free_disk_gb"] = 0;
        detail["free_ram_mb"] = (long)m.FreeMb;
        detail["host_ip"] = "127.0.0.1";
        detail["hypervisor_type"] = Placement.HypervisorType(h);
        detail["hypervisor_version"] = h.Firmware == Api.Firmware.Phyp ? 860 : 2005000;
        detail["local_gb"] = 0;
        detail["local_gb_used"] = 0;
        detail["memory_mb"] = memory;
        detail["memory_mb_used"] = Math.Max(0, memory - (long)m.FreeMb);
        detail["running_vms"] = h.InstanceCount;
        detail["service"] = new JsonObject { ["host"] = h.Name, ["id"] = id, ["disabled_reason"] = null };
        detail["vcpus"] = vcpus;
        detail["vcpus_used"] = usedVcpus;
        return detail;
    }

    private static async Task StatisticsAsync(HttpContext http)
    {
        var c = new ComputeContext(http);
        c.RequireAdmin("os_compute_api:os-hypervisors:statistics");
        var all = (await SortedHostsAsync(c).ConfigureAwait(false)).Select((h, n) => Detail(h, n + 1, c.Version)).ToList();
        long Sum(string key) => all.Sum(d => d[key]!.GetValue<long>());
        int SumInt(string key) => all.Sum(d => Convert.ToInt32(d[key]!.ToString(), System.Globalization.CultureInfo.InvariantCulture));
        await Wire.WriteAsync(http, 200, new JsonObject
        {
            ["hypervisor_statistics"] = new JsonObject
            {
                ["count"] = all.Count,
                ["current_workload"] = 0,
                ["disk_available_least"] = 0,
                ["free_disk_gb"] = 0,
                ["free_ram_mb"] = Sum("free_ram_mb"),
                ["local_gb"] = 0,
                ["local_gb_used"] = 0,
                ["memory_mb"] = Sum("memory_mb"),
                ["memory_mb_used"] = Sum("memory_mb_used"),
                ["running_vms"] = SumInt("running_vms"),
                ["vcpus"] = SumInt("vcpus"),
                ["vcpus_used"] = SumInt("vcpus_used"),
            },
        }).ConfigureAwait(false);
    }

    private static async Task ServicesAsync(HttpContext http)
    {
        var c = new ComputeContext(http);
        c.RequireAdmin("os_compute_api:os-services:list");
        var binary = Wire.Query(http, "binary");
        var hostFilter = Wire.Query(http, "host");
        var now = Wire.NovaMicroTime(c.Service<TimeProvider>().GetUtcNow());
        var services = new JsonArray();
        var hosts = await SortedHostsAsync(c).ConfigureAwait(false);
        for (var n = 0; n < hosts.Count; n++)
        {
            var h = hosts[n];
            if ((binary.Length > 0 && binary != "nova-compute") || (hostFilter.Length > 0 && hostFilter != h.Name))
            {
                continue;
            }

            services.Add(new JsonObject
            {
                ["binary"] = "nova-compute",
                ["disabled_reason"] = null,
                ["host"] = h.Name,
                ["id"] = n + 1,
                ["state"] = h.Status == Api.HostStatus.Operating ? "up" : "down",
                ["status"] = "enabled",
                ["updated_at"] = now,
                ["zone"] = Placement.Zone(h),
            });
            if (c.Version.AtLeast(11))
            {
                services[^1]!["forced_down"] = false;
            }
        }

        await Wire.WriteAsync(http, 200, new JsonObject { ["services"] = services }).ConfigureAwait(false);
    }

    private static async Task ZonesAsync(HttpContext http, bool detail)
    {
        var c = new ComputeContext(http);
        if (detail)
        {
            c.RequireAdmin("os_compute_api:os-availability-zone:detail");
        }

        var now = Wire.NovaMicroTime(c.Service<TimeProvider>().GetUtcNow());
        var zones = new JsonArray();
        foreach (var zone in (await SortedHostsAsync(c).ConfigureAwait(false)).GroupBy(h => Placement.Zone(h), StringComparer.Ordinal))
        {
            JsonObject? hosts = null;
            if (detail)
            {
                hosts = [];
                foreach (var h in zone)
                {
                    hosts[h.Name] = new JsonObject
                    {
                        ["nova-compute"] = new JsonObject
                        {
                            ["active"] = true,
                            ["available"] = h.Status == Api.HostStatus.Operating,
                            ["updated_at"] = now,
                        },
                    };
                }
            }

            zones.Add(new JsonObject
            {
                ["zoneName"] = zone.Key,
                ["zoneState"] = new JsonObject { ["available"] = zone.Any(h => h.Status == Api.HostStatus.Operating) },
                ["hosts"] = hosts,
            });
        }

        await Wire.WriteAsync(http, 200, new JsonObject { ["availabilityZoneInfo"] = zones }).ConfigureAwait(false);
    }
}
