using System.Globalization;
using System.Text.Json.Nodes;
using PowerDrivers.Compat.Nova.Hosting;

namespace PowerDrivers.Compat.Nova.Compute;

/// <summary>Flavors: list/detail/show, admin create/delete, extra specs (validated), flavor access.</summary>
internal static class FlavorEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/v2.1/flavors", c => ListAsync(c, detail: false));
        app.MapGet("/v2.1/flavors/detail", c => ListAsync(c, detail: true));
        app.MapGet("/v2.1/flavors/{id}", ShowAsync);
        app.MapPost("/v2.1/flavors", CreateAsync);
        app.MapDelete("/v2.1/flavors/{id}", DeleteAsync);
        app.MapGet("/v2.1/flavors/{id}/os-extra_specs", ExtraSpecsAsync);
        app.MapPost("/v2.1/flavors/{id}/os-extra_specs", SetExtraSpecsAsync);
        app.MapGet("/v2.1/flavors/{id}/os-extra_specs/{key}", ExtraSpecAsync);
        app.MapPut("/v2.1/flavors/{id}/os-extra_specs/{key}", SetExtraSpecAsync);
        app.MapDelete("/v2.1/flavors/{id}/os-extra_specs/{key}", DeleteExtraSpecAsync);
        app.MapGet("/v2.1/flavors/{id}/os-flavor-access", AccessAsync);
        app.MapPost("/v2.1/flavors/{id}/action", AccessActionAsync);
    }

    /// <summary>A flavor as Nova 2.1–2.54 shows it.</summary>
    internal static JsonObject Body(Flavor f, string root) => new()
    {
        ["OS-FLV-DISABLED:disabled"] = false,
        ["disk"] = f.DiskGb,
        ["OS-FLV-EXT-DATA:ephemeral"] = 0,
        ["os-flavor-access:is_public"] = f.IsPublic,
        ["id"] = f.Id,
        ["links"] = ServerView.Links(root, "flavors", f.Id),
        ["name"] = f.Name,
        ["ram"] = f.RamMb,
        ["swap"] = "",
        ["vcpus"] = f.Vcpus,
        ["rxtx_factor"] = 1.0,
    };

    private static Flavor Find(ComputeContext c)
    {
        var id = c.Route("id");
        var flavor = c.Service<FlavorStore>().Find(id);
        return flavor is not null && flavor.VisibleTo(c.Token.Project.Id, c.Token.IsAdmin) ? flavor : throw NovaFault.NotFound($"Flavor {id} could not be found.");
    }

    private static async Task ListAsync(HttpContext http, bool detail)
    {
        var c = new ComputeContext(http);
        var q = http.Request.Query;
        var minRam = int.TryParse(q["minRam"].ToString(), CultureInfo.InvariantCulture, out var r) ? r : 0;
        var minDisk = int.TryParse(q["minDisk"].ToString(), CultureInfo.InvariantCulture, out var d) ? d : 0;
        var isPublic = q["is_public"].ToString().ToLowerInvariant();
        var flavors = c.Service<FlavorStore>().All
            .Where(f => isPublic switch
            {
                "none" => c.Token.IsAdmin || f.VisibleTo(c.Token.Project.Id, false),
                "false" or "0" => !f.IsPublic && f.VisibleTo(c.Token.Project.Id, c.Token.IsAdmin),
                _ => f.IsPublic || (!c.Token.IsAdmin && f.VisibleTo(c.Token.Project.Id, false)),
            })
            .Where(f => f.RamMb >= minRam && f.DiskGb >= minDisk)
            .ToList();
        var (page, next) = Paging.Apply(flavors, f => f.Id, q["marker"].ToString(), q["limit"].ToString());
        var list = new JsonArray(page.Select(f => (JsonNode?)(detail ? Body(f, c.Root) : new JsonObject
        {
            ["id"] = f.Id,
            ["links"] = ServerView.Links(c.Root, "flavors", f.Id),
            ["name"] = f.Name,
        })).ToArray());
        var response = new JsonObject { ["flavors"] = list };
        if (next is not null)
        {
            response["flavors_links"] = Paging.NextLink($"{c.Root}/v2.1/flavors{(detail ? "/detail" : "")}", q, next);
        }

        await Wire.WriteAsync(http, 200, response).ConfigureAwait(false);
    }

    private static Task ShowAsync(HttpContext http)
    {
        var c = new ComputeContext(http);
        return Wire.WriteAsync(http, 200, new JsonObject { ["flavor"] = Body(Find(c), c.Root) });
    }

    private static async Task CreateAsync(HttpContext http)
    {
        var c = new ComputeContext(http);
        c.RequireAdmin("os_compute_api:os-flavor-manage:create");
        var body = await Wire.ReadRequiredAsync(http, "flavor").ConfigureAwait(false);
        var name = Wire.String(body, "name");
        if (string.IsNullOrWhiteSpace(name) || name.Length > 255)
        {
            throw NovaFault.BadRequest("Invalid input for field/attribute name. 'name' is a required property of 1-255 characters");
        }

        var vcpus = Int(body, "vcpus", 1, required: true);
        var ram = Int(body, "ram", 1, required: true);
        var disk = Int(body, "disk", 0, required: true);
        var id = body["id"] is JsonValue idv && idv.ToString() is { Length: > 0 } given && given != "auto" ? given : Guid.NewGuid().ToString();
        var isPublic = body["os-flavor-access:is_public"] is not JsonValue pv || !pv.TryGetValue<bool>(out var p) || p;
        var flavor = new Flavor(id, name, vcpus, ram, disk, isPublic, new Dictionary<string, string>());
        if (!c.Service<FlavorStore>().TryAdd(flavor))
        {
            throw NovaFault.Conflict($"Flavor with name {name} already exists.");
        }

        await Wire.WriteAsync(http, 200, new JsonObject { ["flavor"] = Body(flavor, c.Root) }).ConfigureAwait(false);
    }

    private static int Int(JsonObject body, string key, int min, bool required)
    {
        var node = body[key];
        if (node is null && !required)
        {
            return min;
        }

        var text = node is JsonValue v ? v.ToString() : null;
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min
            ? n
            : throw NovaFault.BadRequest($"Invalid input for field/attribute {key}. Value: {text ?? "None"}. {key} must be an integer >= {min}");
    }

    private static Task DeleteAsync(HttpContext http)
    {
        var c = new ComputeContext(http);
        c.RequireAdmin("os_compute_api:os-flavor-manage:delete");
        var id = c.Route("id");
        return c.Service<FlavorStore>().Remove(id) ? Wire.WriteAsync(http, 202, null) : throw NovaFault.NotFound($"Flavor {id} could not be found.");
    }

    private static JsonObject Specs(IReadOnlyDictionary<string, string> specs)
    {
        var o = new JsonObject();
        foreach (var (k, v) in specs.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            o[k] = v;
        }

        return o;
    }

    private static Task ExtraSpecsAsync(HttpContext http)
    {
        var c = new ComputeContext(http);
        return Wire.WriteAsync(http, 200, new JsonObject { ["extra_specs"] = Specs(Find(c).ExtraSpecs) });
    }

    private static Task ExtraSpecAsync(HttpContext http)
    {
        var c = new ComputeContext(http);
        var key = c.Route("key");
        return Find(c).ExtraSpecs.TryGetValue(key, out var value)
            ? Wire.WriteAsync(http, 200, new JsonObject { [key] = value })
            : throw NovaFault.NotFound($"Flavor {c.Route("id")} has no extra specs with key {key}.");
    }

    private static Dictionary<string, string> ReadSpecs(JsonObject? source)
    {
        var specs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in source ?? [])
        {
            specs[k] = v is JsonValue value
                ? (value.TryGetValue<string>(out var s) ? s : value.ToString())
                : throw NovaFault.BadRequest($"Invalid input for field/attribute extra_specs. Value: {v?.ToJsonString()}.");
        }

        var errors = ExtraSpecValidator.Validate(specs);
        return errors.Count == 0 ? specs : throw NovaFault.BadRequest(string.Join(" ", errors));
    }

    private static async Task SetExtraSpecsAsync(HttpContext http)
    {
        var c = new ComputeContext(http);
        c.RequireAdmin("os_compute_api:os-flavor-extra-specs:create");
        var flavor = Find(c);
        var specs = ReadSpecs(await Wire.ReadRequiredAsync(http, "extra_specs").ConfigureAwait(false));
        flavor.SetExtraSpecs(specs);
        await Wire.WriteAsync(http, 200, new JsonObject { ["extra_specs"] = Specs(specs) }).ConfigureAwait(false);
    }

    private static async Task SetExtraSpecAsync(HttpContext http)
    {
        var c = new ComputeContext(http);
        c.RequireAdmin("os_compute_api:os-flavor-extra-specs:update");
        var flavor = Find(c);
        var body = await Wire.ReadObjectAsync(http).ConfigureAwait(false);
        var key = c.Route("key");
        if (body is null || body.Count != 1 || !body.ContainsKey(key))
        {
            throw NovaFault.BadRequest("Request body and URI mismatch");
        }

        var specs = ReadSpecs(body);
        flavor.SetExtraSpecs(specs);
        await Wire.WriteAsync(http, 200, Specs(specs)).ConfigureAwait(false);
    }

    private static Task DeleteExtraSpecAsync(HttpContext http)
    {
        var c = new ComputeContext(http);
        c.RequireAdmin("os_compute_api:os-flavor-extra-specs:delete");
        var key = c.Route("key");
        return Find(c).RemoveExtraSpec(key) ? Wire.WriteAsync(http, 202, null) : throw NovaFault.NotFound($"Flavor {c.Route("id")} has no extra specs with key {key}.");
    }

    private static Task AccessAsync(HttpContext http)
    {
        var c = new ComputeContext(http);
        c.RequireAdmin("os_compute_api:os-flavor-access");
        var flavor = Find(c);
        if (flavor.IsPublic)
        {
            throw NovaFault.NotFound("Access list not available for public flavors.");
        }

        return Wire.WriteAsync(http, 200, AccessBody(flavor));
    }

    private static JsonObject AccessBody(Flavor flavor) => new()
    {
        ["flavor_access"] = new JsonArray(flavor.Projects.Select(p => (JsonNode?)new JsonObject { ["flavor_id"] = flavor.Id, ["tenant_id"] = p }).ToArray()),
    };

    private static async Task AccessActionAsync(HttpContext http)
    {
        var c = new ComputeContext(http);
        c.RequireAdmin("os_compute_api:os-flavor-access:add_tenant_access");
        var flavor = Find(c);
        var body = await Wire.ReadObjectAsync(http).ConfigureAwait(false) ?? [];
        if (flavor.IsPublic)
        {
            throw NovaFault.Conflict("Can not add access to a public flavor.");
        }

        if (body["addTenantAccess"] is JsonObject add && Wire.String(add, "tenant") is { } tenant)
        {
            if (!flavor.AddProject(tenant))
            {
                throw NovaFault.Conflict($"Flavor access already exists for flavor {flavor.Id} and project {tenant} combination.");
            }
        }
        else if (body["removeTenantAccess"] is JsonObject remove && Wire.String(remove, "tenant") is { } gone)
        {
            if (!flavor.RemoveProject(gone))
            {
                throw NovaFault.NotFound($"Flavor access not found for {flavor.Id} / {gone} combination.");
            }
        }
        else
        {
            throw NovaFault.BadRequest("Invalid flavor access action");
        }

        await Wire.WriteAsync(http, 200, AccessBody(flavor)).ConfigureAwait(false);
    }
}
