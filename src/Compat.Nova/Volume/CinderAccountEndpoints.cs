using System.Text.Json.Nodes;
using PowerDrivers.Compat.Nova.Compute;
using PowerDrivers.Compat.Nova.Hosting;
using Api = PowerDrivers.V1;

namespace PowerDrivers.Compat.Nova.Volume;

/// <summary>What the Cinder clients read besides volumes: volume types, availability zones, services, limits, quotas, extensions.</summary>
internal static class CinderAccountEndpoints
{
    private const int MaxSizeGb = CinderEndpoints.MaxSizeGb;

    public static void Map(IEndpointRouteBuilder app, string root)
    {
        app.MapGet(root + "/types", TypesAsync);
        app.MapGet(root + "/types/default", c => TypeAsync(c, VolumeTypes.Thin));
        app.MapGet(root + "/types/{id}", c => TypeAsync(c, (string)c.GetRouteValue("id")!));
        app.MapGet(root + "/os-availability-zone", ZonesAsync);
        app.MapGet(root + "/os-services", ServicesAsync);
        app.MapGet(root + "/limits", LimitsAsync);
        app.MapGet(root + "/os-quota-sets/{target}", c => QuotasAsync(c, defaults: false));
        app.MapGet(root + "/os-quota-sets/{target}/defaults", c => QuotasAsync(c, defaults: true));
        app.MapGet(root + "/extensions", c => Wire.WriteAsync(c, 200, new JsonObject { ["extensions"] = new JsonArray() }));
    }

    private static ComputeContext Context(HttpContext http) => CinderEndpoints.Context(http);

    private static Task TypesAsync(HttpContext http)
    {
        Context(http);
        return Wire.WriteAsync(http, 200, new JsonObject { ["volume_types"] = new JsonArray(VolumeTypes.Body(VolumeTypes.Thin), VolumeTypes.Body(VolumeTypes.Thick)) });
    }

    private static Task TypeAsync(HttpContext http, string nameOrId)
    {
        Context(http);
        var provisioning = VolumeTypes.Find(nameOrId) ?? throw NovaFault.NotFound($"Volume type {nameOrId} could not be found.");
        return Wire.WriteAsync(http, 200, new JsonObject { ["volume_type"] = VolumeTypes.Body(VolumeTypes.Name(provisioning)) });
    }

    private static async Task ZonesAsync(HttpContext http)
    {
        var c = Context(http);
        var hosts = await c.HostsAsync().ConfigureAwait(false);
        var zones = hosts.Values.GroupBy(Placement.Zone).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (JsonNode?)new JsonObject
            {
                ["zoneName"] = g.Key,
                ["zoneState"] = new JsonObject { ["available"] = g.Any(h => h.Status == Api.HostStatus.Operating) },
            }).ToArray();
        await Wire.WriteAsync(http, 200, new JsonObject { ["availabilityZoneInfo"] = new JsonArray(zones) }).ConfigureAwait(false);
    }

    /// <summary>One cinder-volume service per host (its storage, up while the host operates), as <c>host@backend</c>.</summary>
    private static async Task ServicesAsync(HttpContext http)
    {
        var c = Context(http);
        c.RequireAdmin("volume_extension:services:index");
        var hosts = await c.HostsAsync().ConfigureAwait(false);
        var now = Wire.NovaMicroTime(c.Service<TimeProvider>().GetUtcNow());
        var services = hosts.Values.OrderBy(h => h.Name, StringComparer.Ordinal).Select(h => (JsonNode?)new JsonObject
        {
            ["binary"] = "cinder-volume",
            ["host"] = $"{h.Name}@{Placement.BackendName(h) ?? "unknown"}",
            ["zone"] = Placement.Zone(h),
            ["status"] = "enabled",
            ["state"] = h.Status == Api.HostStatus.Operating ? "up" : "down",
            ["updated_at"] = now,
            ["disabled_reason"] = null,
        }).ToArray();
        await Wire.WriteAsync(http, 200, new JsonObject { ["services"] = new JsonArray(services) }).ConfigureAwait(false);
    }

    private static async Task LimitsAsync(HttpContext http)
    {
        var c = Context(http);
        var response = await c.Driver.Volumes.ListVolumesAsync(new Api.ListVolumesRequest(), cancellationToken: c.Aborted).ConfigureAwait(false);
        var mine = response.Volumes.Where(v => v.Status != Api.VolumeStatus.Deleted && VolumeView.Owned(v, c.Token.Project.Id)).ToList();
        await Wire.WriteAsync(http, 200, new JsonObject
        {
            ["limits"] = new JsonObject
            {
                ["rate"] = new JsonArray(),
                ["absolute"] = new JsonObject
                {
                    ["maxTotalVolumes"] = -1,
                    ["maxTotalVolumeGigabytes"] = -1,
                    ["maxTotalSnapshots"] = 0,
                    ["maxTotalBackups"] = 0,
                    ["maxTotalBackupGigabytes"] = 0,
                    ["totalVolumesUsed"] = mine.Count,
                    ["totalGigabytesUsed"] = mine.Sum(v => (long)v.SizeGb),
                    ["totalSnapshotsUsed"] = 0,
                    ["totalBackupsUsed"] = 0,
                    ["totalBackupGigabytesUsed"] = 0,
                },
            },
        }).ConfigureAwait(false);
    }

    /// <summary>Cinder's quota set: volumes and gigabytes unlimited (the hosts' storage is the limit), no snapshots or backups.</summary>
    private static async Task QuotasAsync(HttpContext http, bool defaults)
    {
        var c = Context(http);
        var target = c.Route("target");
        if (target != c.Token.Project.Id)
        {
            c.RequireAdmin("volume_extension:quotas:show");
        }

        var volumes = defaults ? [] : (await c.Driver.Volumes.ListVolumesAsync(new Api.ListVolumesRequest(), cancellationToken: c.Aborted).ConfigureAwait(false))
            .Volumes.Where(v => v.Status != Api.VolumeStatus.Deleted && VolumeView.Owned(v, target)).ToList();
        var usage = !defaults && Wire.Query(http, "usage") is "True" or "true" or "1";
        var set = new JsonObject { ["id"] = target };
        foreach (var (key, limit, used) in new (string, long, long)[]
        {
            ("volumes", -1, volumes.Count),
            ("gigabytes", -1, volumes.Sum(v => (long)v.SizeGb)),
            ("volumes_thin", -1, volumes.Count(v => v.Provisioning != Api.Provisioning.Thick)),
            ("gigabytes_thin", -1, volumes.Where(v => v.Provisioning != Api.Provisioning.Thick).Sum(v => (long)v.SizeGb)),
            ("volumes_thick", -1, volumes.Count(v => v.Provisioning == Api.Provisioning.Thick)),
            ("gigabytes_thick", -1, volumes.Where(v => v.Provisioning == Api.Provisioning.Thick).Sum(v => (long)v.SizeGb)),
            ("per_volume_gigabytes", MaxSizeGb, 0),
            ("snapshots", 0, 0),
            ("backups", 0, 0),
            ("backup_gigabytes", 0, 0),
            ("groups", 0, 0),
        })
        {
            set[key] = usage ? new JsonObject { ["limit"] = limit, ["in_use"] = used, ["reserved"] = 0, ["allocated"] = 0 } : limit;
        }

        await Wire.WriteAsync(http, 200, new JsonObject { ["quota_set"] = set }).ConfigureAwait(false);
    }
}
