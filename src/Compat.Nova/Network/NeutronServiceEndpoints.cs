using System.Text.Json.Nodes;
using PowerDrivers.Compat.Nova.Compute;
using PowerDrivers.Compat.Nova.Hosting;

namespace PowerDrivers.Compat.Nova.Network;

/// <summary>What the Neutron clients read besides networks, subnets and ports: versions, resources, extensions, quotas, agents.</summary>
internal static class NeutronServiceEndpoints
{
    private const string Base = "/network/v2.0";

    public static void Map(IEndpointRouteBuilder app, string root)
    {
        app.MapGet("/network", VersionsAsync);
        app.MapGet(root, ResourcesAsync);
        app.MapGet(root + "/extensions", ExtensionsAsync);
        app.MapGet(root + "/extensions/{alias}", ExtensionAsync);
        app.MapGet(root + "/agents", c => Wire.WriteAsync(c, 200, new JsonObject { ["agents"] = new JsonArray() }));
        app.MapGet(root + "/quotas/{project}", c => QuotasAsync(c, details: false));
        app.MapGet(root + "/quotas/{project}/details", c => QuotasAsync(c, details: true));
        app.MapGet(root + "/quotas/{project}/default", c => QuotasAsync(c, details: false));
    }

    private static readonly (string Alias, string Name, string Description)[] Extensions =
    [
        ("provider", "Provider Network", "Expose mapping of virtual networks to physical networks (VLAN segments)"),
        ("binding", "Port Binding", "Expose port bindings of a virtual port to external application"),
        ("subnet_allocation", "Subnet Allocation", "Enables allocation of subnets from a subnet pool"),
    ];

    private static Task VersionsAsync(HttpContext http)
    {
        var root = Wire.BaseUrl(http, http.RequestServices.GetRequiredService<NovaOptions>()) + "/network";
        return Wire.WriteAsync(http, 200, new JsonObject
        {
            ["versions"] = new JsonArray(new JsonObject
            {
                ["id"] = "v2.0",
                ["status"] = "CURRENT",
                ["links"] = new JsonArray(new JsonObject { ["rel"] = "self", ["href"] = root + "/v2.0/" }),
            }),
        });
    }

    private static Task ResourcesAsync(HttpContext http)
    {
        var root = Wire.BaseUrl(http, http.RequestServices.GetRequiredService<NovaOptions>()) + Base;
        var resources = new[] { ("network", "networks"), ("subnet", "subnets"), ("port", "ports") }
            .Select(r => (JsonNode?)new JsonObject
            {
                ["name"] = r.Item1,
                ["collection"] = r.Item2,
                ["links"] = new JsonArray(new JsonObject { ["rel"] = "self", ["href"] = $"{root}/{r.Item2}" }),
            }).ToArray();
        return Wire.WriteAsync(http, 200, new JsonObject { ["resources"] = new JsonArray(resources) });
    }

    private static JsonObject ExtensionBody((string Alias, string Name, string Description) e) => new()
    {
        ["alias"] = e.Alias,
        ["name"] = e.Name,
        ["description"] = e.Description,
        ["updated"] = "2026-01-01T00:00:00-00:00",
        ["links"] = new JsonArray(),
    };

    private static Task ExtensionsAsync(HttpContext http) =>
        Wire.WriteAsync(http, 200, new JsonObject { ["extensions"] = new JsonArray(Extensions.Select(e => (JsonNode?)ExtensionBody(e)).ToArray()) });

    private static Task ExtensionAsync(HttpContext http)
    {
        var alias = (string)http.GetRouteValue("alias")!;
        var found = Extensions.Where(e => e.Alias == alias).Select(ExtensionBody).FirstOrDefault()
            ?? throw NovaFault.Neutron(404, "ExtensionNotFound", $"Extension with alias {alias} does not exist");
        return Wire.WriteAsync(http, 200, new JsonObject { ["extension"] = found });
    }

    /// <summary>Neutron's quota: networks (driver-wide VLANs), subnets and ports unlimited; no routers, floating IPs or security groups.</summary>
    private static async Task QuotasAsync(HttpContext http, bool details)
    {
        var c = new ComputeContext(http);
        var project = c.Route("project");
        if (project != c.Token.Project.Id)
        {
            c.RequireAdmin("get_quota");
        }

        var state = c.Service<NeutronState>();
        var networks = await c.Driver.NetworksAsync(c.Aborted).ConfigureAwait(false);
        var quota = new JsonObject();
        foreach (var (key, limit, used) in new (string, int, int)[]
        {
            ("network", -1, networks.Count(n => state.NetworkProject(n.Id) == project)),
            ("subnet", -1, state.Subnets().Count(s => s.ProjectId == project)),
            ("port", -1, state.Ports().Count(p => p.ProjectId == project)),
            ("router", 0, 0),
            ("floatingip", 0, 0),
            ("security_group", 0, 0),
            ("security_group_rule", 0, 0),
            ("rbac_policy", -1, 0),
            ("subnetpool", 0, 0),
        })
        {
            quota[key] = details ? new JsonObject { ["limit"] = limit, ["used"] = used, ["reserved"] = 0 } : limit;
        }

        await Wire.WriteAsync(http, 200, new JsonObject { ["quota"] = quota }).ConfigureAwait(false);
    }
}
