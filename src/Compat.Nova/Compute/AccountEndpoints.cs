using System.Text.Json.Nodes;
using PowerDrivers.Compat.Nova.Hosting;
using Api = PowerDrivers.V1;

namespace PowerDrivers.Compat.Nova.Compute;

/// <summary>Keypairs, limits and quotas (per-project absolute limits from configuration, usage counted from the driver).</summary>
internal static class AccountEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/v2.1/os-keypairs", KeypairsAsync);
        app.MapPost("/v2.1/os-keypairs", CreateKeypairAsync);
        app.MapGet("/v2.1/os-keypairs/{name}", KeypairAsync);
        app.MapDelete("/v2.1/os-keypairs/{name}", DeleteKeypairAsync);
        app.MapGet("/v2.1/limits", LimitsAsync);
        app.MapGet("/v2.1/os-quota-sets/{project}", c => QuotasAsync(c, detail: false));
        app.MapGet("/v2.1/os-quota-sets/{project}/detail", c => QuotasAsync(c, detail: true));
        app.MapGet("/v2.1/os-quota-sets/{project}/defaults", c => QuotasAsync(c, detail: false, defaults: true));
        app.MapPut("/v2.1/os-quota-sets/{project}", UpdateQuotasAsync);
    }

    private static JsonObject KeypairBody(Keypair k, ApiVersion version, bool full)
    {
        var body = new JsonObject { ["fingerprint"] = k.Fingerprint, ["name"] = k.Name, ["public_key"] = k.PublicKey };
        if (version.AtLeast(2))
        {
            body["type"] = k.Type;
        }

        if (full)
        {
            body["user_id"] = k.UserId;
            body["created_at"] = Wire.NovaMicroTime(k.CreatedAt);
            body["deleted"] = false;
            body["deleted_at"] = null;
            body["id"] = Math.Abs(k.Name.GetHashCode(StringComparison.Ordinal) % 100000);
            body["updated_at"] = null;
        }

        return body;
    }

    private static Task KeypairsAsync(HttpContext http)
    {
        var c = new ComputeContext(http);
        var user = KeypairUser(c);
        var keys = c.Service<KeypairStore>().For(user).ToList();
        string? next = null;
        if (c.Version.AtLeast(35))
        {
            // 2.35: limit and marker (the marker is a keypair name).
            (keys, next) = Paging.Apply(keys, k => k.Name, Wire.Query(http, "marker"), Wire.Query(http, "limit"));
        }

        var response = new JsonObject { ["keypairs"] = new JsonArray(keys.Select(k => (JsonNode?)new JsonObject { ["keypair"] = KeypairBody(k, c.Version, full: false) }).ToArray()) };
        if (next is not null)
        {
            response["keypairs_links"] = Paging.NextLink($"{c.Root}/v2.1/os-keypairs", http.Request.Query, next);
        }

        return Wire.WriteAsync(http, 200, response);
    }

    /// <summary>The caller, or (2.10+, admins) the <c>user_id</c> asked for.</summary>
    private static string KeypairUser(ComputeContext c)
    {
        var asked = Wire.Query(c.Http, "user_id");
        if (asked.Length == 0 || !c.Version.AtLeast(10) || asked == c.Token.User.Id)
        {
            return c.Token.User.Id;
        }

        c.RequireAdmin("os_compute_api:os-keypairs:index");
        return asked;
    }

    private static Task KeypairAsync(HttpContext http)
    {
        var c = new ComputeContext(http);
        var name = c.Route("name");
        var user = KeypairUser(c);
        var k = c.Service<KeypairStore>().Find(user, name) ?? throw NovaFault.NotFound($"Keypair {name} not found for user {user}");
        return Wire.WriteAsync(http, 200, new JsonObject { ["keypair"] = KeypairBody(k, c.Version, full: true) });
    }

    private static async Task CreateKeypairAsync(HttpContext http)
    {
        var c = new ComputeContext(http);
        var body = await Wire.ReadRequiredAsync(http, "keypair").ConfigureAwait(false);
        var name = Wire.String(body, "name");
        if (string.IsNullOrWhiteSpace(name) || name.Length > 255)
        {
            throw NovaFault.BadRequest("Invalid input for field/attribute name. 'name' is a required property of 1-255 characters");
        }

        var type = c.Version.AtLeast(2) ? Wire.String(body, "type") ?? "ssh" : "ssh";
        if (type is not ("ssh" or "x509"))
        {
            throw NovaFault.BadRequest($"Invalid input for field/attribute type. Value: {type}.");
        }

        var store = c.Service<KeypairStore>();
        if (store.For(c.Token.User.Id).Count() >= c.Service<QuotaLimits>().For(c.Token.Project.Id).KeyPairs)
        {
            throw NovaFault.Forbidden("Quota exceeded, too many key pairs.");
        }

        string? privateKey = null;
        var publicKey = Wire.String(body, "public_key");
        if (publicKey is null)
        {
            (publicKey, privateKey) = KeypairStore.Generate("Generated-by-Nova");
        }

        var fingerprint = KeypairStore.Fingerprint(publicKey) ?? throw NovaFault.BadRequest("Keypair data is invalid: failed to generate fingerprint");
        var keypair = new Keypair(c.Token.User.Id, name, publicKey, fingerprint, type, c.Service<TimeProvider>().GetUtcNow());
        if (!store.TryAdd(keypair))
        {
            throw NovaFault.Conflict($"Key pair '{name}' already exists.");
        }

        var result = KeypairBody(keypair, c.Version, full: false);
        result["user_id"] = keypair.UserId;
        if (privateKey is not null)
        {
            result["private_key"] = privateKey;
        }

        await Wire.WriteAsync(http, c.Version.AtLeast(2) ? 201 : 200, new JsonObject { ["keypair"] = result }).ConfigureAwait(false);
    }

    private static Task DeleteKeypairAsync(HttpContext http)
    {
        var c = new ComputeContext(http);
        var name = c.Route("name");
        var user = KeypairUser(c);
        return c.Service<KeypairStore>().Remove(user, name)
            ? Wire.WriteAsync(http, c.Version.AtLeast(2) ? 204 : 202, null)
            : throw NovaFault.NotFound($"Keypair {name} not found for user {user}");
    }

    /// <summary>Instances, vCPUs and RAM the project's live servers use (flavor sizes, as Nova counts them).</summary>
    internal static async Task<(int Instances, int Cores, int RamMb)> UsageAsync(ComputeContext c, string projectId)
    {
        var flavors = c.Service<FlavorStore>();
        var mine = (await c.Driver.ListAllAsync(false, c.Aborted).ConfigureAwait(false))
            .Where(i => i.State != Api.InstanceState.Deleted && NovaMetadata.Get(i, NovaMetadata.ProjectId) == projectId)
            .Select(i => flavors.Find(NovaMetadata.Get(i, NovaMetadata.FlavorId)))
            .ToList();
        return (mine.Count, mine.Sum(f => f?.Vcpus ?? 0), mine.Sum(f => f?.RamMb ?? 0));
    }

    private static async Task LimitsAsync(HttpContext http)
    {
        var c = new ComputeContext(http);
        var q = c.Service<QuotaLimits>().For(c.Token.Project.Id);
        var (instances, cores, ram) = await UsageAsync(c, c.Token.Project.Id).ConfigureAwait(false);
        var absolute = new JsonObject
        {
            ["maxImageMeta"] = 128,
            ["maxPersonality"] = 5,
            ["maxPersonalitySize"] = 10240,
        };
        if (!c.Version.AtLeast(36))
        {
            absolute["maxSecurityGroupRules"] = -1;
            absolute["maxSecurityGroups"] = -1;
        }

        absolute["maxServerMeta"] = q.MetadataItems;
        absolute["maxTotalCores"] = q.Cores;
        if (!c.Version.AtLeast(36))
        {
            absolute["maxTotalFloatingIps"] = -1;
        }

        absolute["maxTotalInstances"] = q.Instances;
        absolute["maxTotalKeypairs"] = q.KeyPairs;
        absolute["maxTotalRAMSize"] = q.RamMb;
        absolute["maxServerGroups"] = 10;
        absolute["maxServerGroupMembers"] = 10;
        absolute["totalCoresUsed"] = cores;
        absolute["totalInstancesUsed"] = instances;
        absolute["totalRAMUsed"] = ram;
        if (!c.Version.AtLeast(36))
        {
            absolute["totalSecurityGroupsUsed"] = 0;
            absolute["totalFloatingIpsUsed"] = 0;
        }

        absolute["totalServerGroupsUsed"] = 0;
        await Wire.WriteAsync(http, 200, new JsonObject { ["limits"] = new JsonObject { ["absolute"] = absolute, ["rate"] = new JsonArray() } }).ConfigureAwait(false);
    }

    private static async Task UpdateQuotasAsync(HttpContext http)
    {
        var c = new ComputeContext(http);
        c.RequireAdmin("os_compute_api:os-quota-sets:update");
        var body = await Wire.ReadRequiredAsync(http, "quota_set").ConfigureAwait(false);
        var limits = c.Service<QuotaLimits>();
        var project = c.Route("project");
        foreach (var (key, value) in body)
        {
            if (key is "force")
            {
                continue;
            }

            if (key is not ("instances" or "cores" or "ram" or "key_pairs" or "metadata_items")
                || value is not JsonValue v || !int.TryParse(v.ToString(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n) || n < -1)
            {
                throw NovaFault.BadRequest($"Invalid input for field/attribute {key}. Value: {value?.ToJsonString()}.");
            }

            limits.Set(project, key, n);
        }

        await QuotasAsync(http, detail: false).ConfigureAwait(false);
    }

    private static async Task QuotasAsync(HttpContext http, bool detail, bool defaults = false)
    {
        var c = new ComputeContext(http);
        var project = c.Route("project");
        if (project != c.Token.Project.Id)
        {
            c.RequireAdmin("os_compute_api:os-quota-sets:show");
        }

        var q = defaults ? c.Options.Quotas : c.Service<QuotaLimits>().For(project);
        var usage = detail ? await UsageAsync(c, project).ConfigureAwait(false) : default;
        JsonNode Value(int limit, int used) => detail ? new JsonObject { ["in_use"] = used, ["limit"] = limit, ["reserved"] = 0 } : limit;
        var set = new JsonObject
        {
            ["cores"] = Value(q.Cores, usage.Cores),
        };
        if (!c.Version.AtLeast(36))
        {
            set["fixed_ips"] = Value(-1, 0);
            set["floating_ips"] = Value(-1, 0);
        }

        set["id"] = project;
        set["injected_file_content_bytes"] = Value(10240, 0);
        set["injected_file_path_bytes"] = Value(255, 0);
        set["injected_files"] = Value(5, 0);
        set["instances"] = Value(q.Instances, usage.Instances);
        set["key_pairs"] = Value(q.KeyPairs, 0);
        set["metadata_items"] = Value(q.MetadataItems, 0);
        set["ram"] = Value(q.RamMb, usage.RamMb);
        if (!c.Version.AtLeast(36))
        {
            set["security_group_rules"] = Value(-1, 0);
            set["security_groups"] = Value(-1, 0);
        }

        set["server_group_members"] = Value(10, 0);
        set["server_groups"] = Value(10, 0);
        await Wire.WriteAsync(http, 200, new JsonObject { ["quota_set"] = set }).ConfigureAwait(false);
    }
}
