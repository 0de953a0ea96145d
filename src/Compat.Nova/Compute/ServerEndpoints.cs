using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Grpc.Core;
using PowerDrivers.Compat.Nova.Hosting;
using PowerDrivers.Compat.Nova.Image;
using Api = PowerDrivers.V1;

namespace PowerDrivers.Compat.Nova.Compute;

/// <summary>Servers: create, list (summary and detail, with filters and paging), show, update, delete, instance actions.</summary>
internal static class ServerEndpoints
{
    private const int DriverNameLimit = 31;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/v2.1/servers", CreateAsync);
        app.MapGet("/v2.1/servers", c => ListAsync(c, detail: false));
        app.MapGet("/v2.1/servers/detail", c => ListAsync(c, detail: true));
        app.MapGet("/v2.1/servers/{id}", ShowAsync);
        app.MapPut("/v2.1/servers/{id}", UpdateAsync);
        app.MapDelete("/v2.1/servers/{id}", DeleteAsync);
        app.MapGet("/v2.1/servers/{id}/metadata", MetadataAsync);
        app.MapGet("/v2.1/servers/{id}/os-instance-actions", ActionsAsync);
        app.MapGet("/v2.1/servers/{id}/os-instance-actions/{requestId}", ActionAsync);
    }

    private static async Task CreateAsync(HttpContext http)
    {
        var c = new ComputeContext(http);
        var body = await Wire.ReadRequiredAsync(http, "server").ConfigureAwait(false);
        var name = Wire.String(body, "name");
        if (string.IsNullOrWhiteSpace(name) || name.Length > 255)
        {
            throw NovaFault.BadRequest("Invalid input for field/attribute name. 'name' is a required property of 1-255 characters");
        }

        var flavorRef = Wire.String(body, "flavorRef") ?? throw NovaFault.BadRequest("Invalid input for field/attribute flavorRef. 'flavorRef' is a required property");
        var flavor = c.Service<FlavorStore>().Find(LastSegment(flavorRef));
        if (flavor is null || !flavor.VisibleTo(c.Token.Project.Id, c.Token.IsAdmin))
        {
            throw NovaFault.BadRequest($"Flavor {flavorRef} could not be found.");
        }

        var imageRef = body["imageRef"] is JsonValue iv ? iv.ToString() : null;
        if (imageRef is null || !Guid.TryParse(LastSegment(imageRef), out _))
        {
            throw NovaFault.BadRequest("Invalid imageRef provided.");
        }

        var image = c.Service<ImageCatalog>().Find(LastSegment(imageRef)) ?? throw NovaFault.BadRequest($"Image {imageRef} could not be found.");
        var nics = await ValidateNetworksAsync(c, body["networks"]).ConfigureAwait(false);
        var keyName = Wire.String(body, "key_name");
        if (keyName is not null && c.Service<KeypairStore>().Find(c.Token.User.Id, keyName) is null)
        {
            throw NovaFault.BadRequest("Invalid key_name provided.");
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (body["metadata"] is JsonObject md)
        {
            foreach (var (k, v) in md)
            {
                if (k.StartsWith(NovaMetadata.Prefix, StringComparison.Ordinal) || v is not JsonValue value || !value.TryGetValue<string>(out var s))
                {
                    throw NovaFault.BadRequest($"Invalid input for field/attribute metadata. Value: {md.ToJsonString()}. metadata values must be strings and keys must not start with '{NovaMetadata.Prefix}'");
                }

                metadata[k] = s;
            }
        }
        else if (body["metadata"] is not null)
        {
            throw NovaFault.BadRequest("Invalid input for field/attribute metadata. 'metadata' must be an object");
        }

        await CheckQuotaAsync(c, flavor).ConfigureAwait(false);
        var hosts = await c.HostsAsync().ConfigureAwait(false);
        var host = Placement.Choose(hosts.Values, Wire.String(body, "availability_zone"), flavor);
        var (processors, memory) = FlavorSpecMapper.Map(flavor, host);
        metadata[NovaMetadata.ProjectId] = c.Token.Project.Id;
        metadata[NovaMetadata.UserId] = c.Token.User.Id;
        metadata[NovaMetadata.FlavorId] = flavor.Id;
        metadata[NovaMetadata.ImageId] = image.Id;
        metadata[NovaMetadata.Zone] = Placement.Zone(host);
        if (keyName is not null)
        {
            metadata[NovaMetadata.KeyName] = keyName;
        }

        if (c.Version.AtLeast(19) && Wire.String(body, "description") is { Length: > 0 } description)
        {
            metadata[NovaMetadata.Description] = description;
        }

        var spec = new Api.InstanceSpec
        {
            Host = host.Name,
            Processors = processors,
            Memory = memory,
            Guest = new Api.GuestSpec
            {
                OsType = image.OsType switch { "aix" => Api.OsType.Aix, "ibmi" => Api.OsType.IbmI, _ => Api.OsType.Linux },
                Endianness = image.Architecture == "ppc64" ? Api.Endianness.Big : Api.Endianness.Little,
                BootImage = image.Id,
            },
        };
        spec.Metadata.Add(metadata);
        if (FlavorSpecMapper.AvailabilityPriority(flavor) is { } priority)
        {
            spec.AvailabilityPriority = priority;
        }

        var operation = await CreateWithNameAsync(c, spec, name, start: nics.Count == 0).ConfigureAwait(false);
        c.RecordAction("create", operation.InstanceId, operation.Id);
        if (nics.Count > 0)
        {
            // Interfaces go in while the instance is stopped (every backend can change a stopped definition), then it starts.
            var builds = c.Service<ServerBuilds>();
            builds.Begin(operation.InstanceId);
            var build = new NetworkBuild(c.Driver, c.Service<Network.NeutronState>(), builds, c.Service<TimeProvider>(), c.Service<ILoggerFactory>().CreateLogger<NetworkBuild>());
            var stopping = c.Service<IHostApplicationLifetime>().ApplicationStopping;
            _ = Task.Run(() => build.RunAsync(operation, host.Name, c.Token.Project.Id, nics, c.RequestId, stopping), CancellationToken.None);
        }

        var location = $"{c.Root}/v2.1/servers/{operation.InstanceId}";
        http.Response.Headers.Location = location;
        await Wire.WriteAsync(http, 202, new JsonObject
        {
            ["server"] = new JsonObject
            {
                ["OS-DCF:diskConfig"] = "MANUAL",
                ["adminPass"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(9)),
                ["id"] = operation.InstanceId,
                ["links"] = ServerView.Links(c.Root, "servers", operation.InstanceId),
                ["security_groups"] = new JsonArray(new JsonObject { ["name"] = "default" }),
            },
        }).ConfigureAwait(false);
    }

    private static async Task CheckQuotaAsync(ComputeContext c, Flavor flavor)
    {
        var q = c.Service<QuotaLimits>().For(c.Token.Project.Id);
        var (instances, cores, ram) = await AccountEndpoints.UsageAsync(c, c.Token.Project.Id).ConfigureAwait(false);
        foreach (var (resource, requested, used, limit) in new[] { ("instances", 1, instances, q.Instances), ("cores", flavor.Vcpus, cores, q.Cores), ("ram", flavor.RamMb, ram, q.RamMb) })
        {
            if (limit >= 0 && used + requested > limit)
            {
                throw NovaFault.Forbidden($"Quota exceeded for {resource}: Requested {requested}, but already used {used} of {limit} {resource}");
            }
        }
    }

    /// <summary>Creates with the Nova name as the driver name when it fits the driver's rule, else a derived unique one.</summary>
    private static async Task<Api.Operation> CreateWithNameAsync(ComputeContext c, Api.InstanceSpec spec, string name, bool start)
    {
        var driverName = DriverName(name);
        for (var attempt = 0; ; attempt++)
        {
            spec.Name = attempt == 0 ? driverName : $"{driverName[..Math.Min(driverName.Length, DriverNameLimit - 9)]}-{RandomNumberGenerator.GetHexString(8, lowercase: true)}";
            spec.Metadata.Remove(NovaMetadata.Name);
            if (spec.Name != name)
            {
                spec.Metadata[NovaMetadata.Name] = name;
            }

            try
            {
                return await c.Driver.Compute.CreateInstanceAsync(
                    new Api.CreateInstanceRequest { Spec = spec, Start = start, RequestId = c.RequestId }, cancellationToken: c.Aborted).ConfigureAwait(false);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.AlreadyExists && attempt < 3)
            {
                // Nova allows duplicate names; the driver wants them unique per host.
            }
            catch (RpcException ex)
            {
                throw NovaFault.FromRpc(ex);
            }
        }
    }

    private static string DriverName(string name)
    {
        var chars = name.Select(ch => ch is < (char)0x20 or > (char)0x7e || "()\\<>*$&?|[]'\"`".Contains(ch, StringComparison.Ordinal) ? '_' : ch).ToArray();
        var cleaned = new string(chars).Trim();
        if (cleaned.Length == 0)
        {
            cleaned = "server";
        }

        return cleaned.Length <= DriverNameLimit ? cleaned : cleaned[..DriverNameLimit];
    }

    /// <summary>
    /// The networks asked for: none for <c>none</c>/<c>auto</c> (2.37+) or an empty list; otherwise each
    /// <c>{"uuid": network, "fixed_ip"?}</c> or <c>{"port": id}</c>, checked now (unknown network or port 400, a bound
    /// port 409), added by the build.
    /// </summary>
    private static async Task<List<NicRequest>> ValidateNetworksAsync(ComputeContext c, JsonNode? networks)
    {
        if (networks is null)
        {
            if (c.Version.AtLeast(37))
            {
                throw NovaFault.BadRequest("Invalid input for field/attribute server. 'networks' is a required property");
            }

            return [];
        }

        if (networks is JsonValue v && v.TryGetValue<string>(out var word))
        {
            if (!c.Version.AtLeast(37) || word is not ("none" or "auto"))
            {
                throw NovaFault.BadRequest($"Invalid input for field/attribute networks. Value: {word}.");
            }

            return [];
        }

        if (networks is not JsonArray list)
        {
            throw NovaFault.BadRequest("Invalid input for field/attribute networks. 'networks' must be a list");
        }

        var nics = new List<NicRequest>();
        var ports = c.Service<Network.NeutronState>();
        foreach (var entry in list)
        {
            if (entry is not JsonObject o)
            {
                throw NovaFault.BadRequest("Invalid input for field/attribute networks. Each network must be an object");
            }

            if (Wire.String(o, "port") is { Length: > 0 } portId)
            {
                var port = ports.Port(portId);
                if (port is null || !(c.Token.IsAdmin || port.ProjectId == c.Token.Project.Id))
                {
                    throw NovaFault.BadRequest($"Port id {portId} could not be found.");
                }

                if (port.DeviceId.Length > 0)
                {
                    throw NovaFault.Conflict($"Port {portId} is still in use.");
                }

                nics.Add(new NicRequest(port.NetworkId, port.Id, null));
                continue;
            }

            var networkId = Wire.String(o, "uuid");
            if (networkId is null || !Guid.TryParse(networkId, out _))
            {
                throw NovaFault.BadRequest($"Bad networks format: network uuid is not in proper format ({networkId})");
            }

            try
            {
                await c.Driver.Networks.GetNetworkAsync(new Api.GetNetworkRequest { Id = networkId }, cancellationToken: c.Aborted).ConfigureAwait(false);
            }
            catch (RpcException ex) when (ex.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument)
            {
                throw NovaFault.BadRequest($"Network {networkId} could not be found.");
            }

            nics.Add(new NicRequest(networkId, "", Wire.String(o, "fixed_ip")));
        }

        return nics;
    }

    private static string LastSegment(string reference) => reference.TrimEnd('/').Split('/')[^1];

    private static async Task ListAsync(HttpContext http, bool detail)
    {
        var c = new ComputeContext(http);
        var q = http.Request.Query;
        var allTenants = q.ContainsKey("all_tenants") && q["all_tenants"].ToString() is not ("0" or "false" or "False");
        if (allTenants)
        {
            c.RequireAdmin("os_compute_api:servers:index:get_all_tenants");
        }

        var projectFilter = allTenants
            ? (q["project_id"].ToString() is { Length: > 0 } p ? p : q["tenant_id"].ToString())
            : c.Token.Project.Id;
        IReadOnlyList<Api.InstanceState>? states = null;
        if (q["status"].ToString() is { Length: > 0 } status)
        {
            states = ServerState.StatesFor(status);
            if (states is null)
            {
                if (c.Version.AtLeast(38))
                {
                    throw NovaFault.BadRequest($"Invalid status value");
                }

                states = [];
            }
        }

        var includeDeleted = c.Token.IsAdmin && q["deleted"].ToString() is "true" or "True" or "1";
        var instances = await c.Driver.ListAllAsync(includeDeleted || states?.Contains(Api.InstanceState.Deleted) == true, c.Aborted).ConfigureAwait(false);
        var nameRegex = q["name"].ToString() is { Length: > 0 } n ? SafeRegex(n) : null;
        var host = c.Token.IsAdmin ? q["host"].ToString() : "";
        var flavor = q["flavor"].ToString();
        var image = q["image"].ToString();
        DateTimeOffset? changesSince = q["changes-since"].ToString() is { Length: > 0 } since
            ? (DateTimeOffset.TryParse(since, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var t) ? t : throw NovaFault.BadRequest("Invalid changes-since value"))
            : null;
        var selected = instances
            .Where(i => projectFilter.Length == 0 || NovaMetadata.Get(i, NovaMetadata.ProjectId) == projectFilter)
            .Where(i => states is null || states.Contains(i.State))
            .Where(i => includeDeleted || changesSince is not null || i.State != Api.InstanceState.Deleted || states is not null)
            .Where(i => nameRegex is null || nameRegex.IsMatch(NovaMetadata.ServerName(i)))
            .Where(i => host.Length == 0 || i.Host == host)
            .Where(i => flavor.Length == 0 || NovaMetadata.Get(i, NovaMetadata.FlavorId) == flavor)
            .Where(i => image.Length == 0 || NovaMetadata.Get(i, NovaMetadata.ImageId) == image)
            .Where(i => changesSince is null || (i.UpdateTime?.ToDateTimeOffset() ?? DateTimeOffset.MinValue) >= changesSince)
            .OrderByDescending(i => i.CreateTime?.ToDateTimeOffset() ?? DateTimeOffset.MinValue)
            .ThenByDescending(i => i.Id, StringComparer.Ordinal)
            .ToList();

        var (page, next) = Paging.Apply(selected, i => i.Id, q["marker"].ToString(), q["limit"].ToString());
        var servers = new JsonArray();
        foreach (var i in page)
        {
            servers.Add(detail ? await c.DetailAsync(i).ConfigureAwait(false) : ServerView.Summary(i, c.Root));
        }

        var response = new JsonObject { ["servers"] = servers };
        if (next is not null)
        {
            response["servers_links"] = Paging.NextLink($"{c.Root}/v2.1/servers{(detail ? "/detail" : "")}", http.Request.Query, next);
        }

        await Wire.WriteAsync(http, 200, response).ConfigureAwait(false);
    }

    private static Regex SafeRegex(string pattern)
    {
        try
        {
            return new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
        }
        catch (ArgumentException)
        {
            return new Regex(Regex.Escape(pattern), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
        }
    }

    private static async Task ShowAsync(HttpContext http)
    {
        var c = new ComputeContext(http);
        var instance = await c.ServerAsync(c.Route("id")).ConfigureAwait(false);
        await Wire.WriteAsync(http, 200, new JsonObject { ["server"] = await c.DetailAsync(instance).ConfigureAwait(false) }).ConfigureAwait(false);
    }

    private static async Task UpdateAsync(HttpContext http)
    {
        var c = new ComputeContext(http);
        var instance = await c.ServerAsync(c.Route("id")).ConfigureAwait(false);
        var body = await Wire.ReadRequiredAsync(http, "server").ConfigureAwait(false);
        var request = new Api.UpdateInstanceRequest { Id = instance.Id, UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask() };
        var metadata = new Dictionary<string, string>(instance.Spec.Metadata, StringComparer.Ordinal);
        if (Wire.String(body, "name") is { } name)
        {
            if (name.Trim().Length == 0 || name.Length > 255)
            {
                throw NovaFault.BadRequest("Invalid input for field/attribute name.");
            }

            var driverName = DriverName(name);
            if (driverName != instance.Name)
            {
                request.Name = driverName;
                request.UpdateMask.Paths.Add("name");
            }

            metadata.Remove(NovaMetadata.Name);
            if (driverName != name)
            {
                metadata[NovaMetadata.Name] = name;
            }
        }

        if (body.ContainsKey("description"))
        {
            if (!c.Version.AtLeast(19))
            {
                throw NovaFault.BadRequest("Invalid input for field/attribute server. Additional properties are not allowed ('description' was unexpected)");
            }

            metadata.Remove(NovaMetadata.Description);
            if (Wire.String(body, "description") is { Length: > 0 } d)
            {
                metadata[NovaMetadata.Description] = d;
            }
        }

        request.Metadata.Add(metadata);
        request.UpdateMask.Paths.Add("metadata");
        Api.Instance updated;
        try
        {
            updated = await c.Driver.Compute.UpdateInstanceAsync(request, cancellationToken: c.Aborted).ConfigureAwait(false);
        }
        catch (RpcException ex)
        {
            throw NovaFault.FromRpc(ex, instance.Id);
        }

        await Wire.WriteAsync(http, 200, new JsonObject { ["server"] = await c.DetailAsync(updated).ConfigureAwait(false) }).ConfigureAwait(false);
    }

    private static async Task DeleteAsync(HttpContext http)
    {
        var c = new ComputeContext(http);
        var instance = await c.ServerAsync(c.Route("id")).ConfigureAwait(false);
        try
        {
            var op = await c.Driver.Compute.DeleteInstanceAsync(
                new Api.DeleteInstanceRequest { Id = instance.Id, Force = true, RequestId = c.RequestId }, cancellationToken: c.Aborted).ConfigureAwait(false);
            c.RecordAction("delete", instance.Id, op.Id);
        }
        catch (RpcException ex)
        {
            throw NovaFault.FromRpc(ex, instance.Id);
        }

        await Wire.WriteAsync(http, 204, null).ConfigureAwait(false);
    }

    private static async Task MetadataAsync(HttpContext http)
    {
        var c = new ComputeContext(http);
        var instance = await c.ServerAsync(c.Route("id")).ConfigureAwait(false);
        var md = new JsonObject();
        foreach (var (k, v) in NovaMetadata.User(instance))
        {
            md[k] = v;
        }

        await Wire.WriteAsync(http, 200, new JsonObject { ["metadata"] = md }).ConfigureAwait(false);
    }

    private static async Task ActionsAsync(HttpContext http)
    {
        var c = new ComputeContext(http);
        var instance = await DeletedOrLiveAsync(c).ConfigureAwait(false);
        var actions = c.Service<ActionLog>().For(instance.Id).Select(a => (JsonNode?)ActionBody(a)).ToArray();
        await Wire.WriteAsync(http, 200, new JsonObject { ["instanceActions"] = new JsonArray(actions) }).ConfigureAwait(false);
    }

    /// <summary>The server, or from 2.21 on also a deleted one (its instance actions stay readable).</summary>
    private static async Task<Api.Instance> DeletedOrLiveAsync(ComputeContext c)
    {
        var id = c.Route("id");
        if (c.Version.AtLeast(21) && Guid.TryParse(id, out _))
        {
            try
            {
                var any = await c.Driver.Compute.GetInstanceAsync(new Api.GetInstanceRequest { Id = id }, cancellationToken: c.Aborted).ConfigureAwait(false);
                return c.Visible(any) ? any : throw NovaFault.ServerNotFound(id);
            }
            catch (RpcException ex) when (ex.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument)
            {
                throw NovaFault.ServerNotFound(id);
            }
        }

        return await c.ServerAsync(id).ConfigureAwait(false);
    }

    private static async Task ActionAsync(HttpContext http)
    {
        var c = new ComputeContext(http);
        var instance = await DeletedOrLiveAsync(c).ConfigureAwait(false);
        var requestId = c.Route("requestId");
        var action = c.Service<ActionLog>().For(instance.Id).FirstOrDefault(a => a.RequestId == requestId)
            ?? throw NovaFault.NotFound($"Action for request_id {requestId} on instance {instance.Id} not found");
        var body = ActionBody(action);
        body["events"] = new JsonArray();
        await Wire.WriteAsync(http, 200, new JsonObject { ["instanceAction"] = body }).ConfigureAwait(false);
    }

    private static JsonObject ActionBody(InstanceAction a) => new()
    {
        ["action"] = a.Action,
        ["instance_uuid"] = a.InstanceId,
        ["message"] = null,
        ["project_id"] = a.ProjectId,
        ["request_id"] = a.RequestId,
        ["start_time"] = Wire.NovaMicroTime(a.StartTime),
        ["user_id"] = a.UserId,
    };
}
