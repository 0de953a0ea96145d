using System.Globalization;
using System.Text.Json.Nodes;
using Grpc.Core;
using PowerDrivers.Compat.Nova.Compute;
using PowerDrivers.Compat.Nova.Hosting;
using Api = PowerDrivers.V1;

namespace PowerDrivers.Compat.Nova.Volume;

/// <summary>
/// Minimal Cinder v3 (base microversion 3.0) under <c>/volume/v3/{project_id}</c>: volumes (create, list, detail,
/// show, rename, delete); types, zones, services, limits and quotas are in <see cref="CinderAccountEndpoints"/>. Volumes live in the
/// driver (VolumeService); attach and detach go through Nova's <c>os-volume_attachments</c>.
/// </summary>
internal static class CinderEndpoints
{
    private const string Base = "/volume/v3/{project}";
    internal const int MaxSizeGb = 16384;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/volume", VersionsAsync);
        app.MapGet("/volume/v3", VersionsAsync);
        app.MapGet(Base + "/volumes", c => ListAsync(c, detail: false));
        app.MapGet(Base + "/volumes/detail", c => ListAsync(c, detail: true));
        app.MapPost(Base + "/volumes", CreateAsync);
        app.MapGet(Base + "/volumes/{id}", ShowAsync);
        app.MapPut(Base + "/volumes/{id}", UpdateAsync);
        app.MapDelete(Base + "/volumes/{id}", DeleteAsync);
        app.MapPost(Base + "/volumes/{id}/action", ActionAsync);
        CinderAccountEndpoints.Map(app, Base);
    }

    private static Task VersionsAsync(HttpContext http)
    {
        var root = Wire.BaseUrl(http, http.RequestServices.GetRequiredService<NovaOptions>()) + "/volume";
        var v3 = new JsonObject
        {
            ["id"] = "v3.0",
            ["status"] = "CURRENT",
            ["version"] = "3.0",
            ["min_version"] = "3.0",
            ["updated"] = "2026-01-01T00:00:00Z",
            ["links"] = new JsonArray(new JsonObject { ["rel"] = "self", ["href"] = root + "/v3/" }),
            ["media-types"] = new JsonArray(new JsonObject { ["base"] = "application/json", ["type"] = "application/vnd.openstack.volume+json;version=3" }),
        };
        var versions = new JsonObject { ["versions"] = new JsonArray(v3) };
        return Wire.WriteAsync(http, http.Request.Path.StartsWithSegments("/volume/v3", StringComparison.Ordinal) ? 200 : 300, versions);
    }

    /// <summary>The request's context; the project in the URL must be the token's (Cinder's "Malformed request url").</summary>
    internal static ComputeContext Context(HttpContext http)
    {
        var c = new ComputeContext(http);
        if (c.Route("project") != c.Token.Project.Id)
        {
            throw NovaFault.BadRequest("Malformed request url");
        }

        return c;
    }

    private static string ProjectRoot(ComputeContext c) => $"{c.Root}/volume/v3/{c.Token.Project.Id}";

    /// <summary>The volume if the caller may see it (its project, or any for admins); otherwise 404.</summary>
    internal static async Task<Api.Volume> VolumeAsync(ComputeContext c, string id)
    {
        var volume = await c.Driver.FindVolumeAsync(id, c.Aborted).ConfigureAwait(false);
        if (volume is null || !(c.Token.IsAdmin || VolumeView.Owned(volume, c.Token.Project.Id)))
        {
            throw NovaFault.NotFound($"Volume {id} could not be found.");
        }

        return volume;
    }

    private static async Task<JsonObject> DetailAsync(ComputeContext c, Api.Volume v) =>
        VolumeView.Detail(v, c.Service<VolumeOverlay>().Find(v.Id), c.Root, c.Token.Project.Id, c.Token.IsAdmin, await c.HostsAsync(fresh: false).ConfigureAwait(false));

    private static async Task ListAsync(HttpContext http, bool detail)
    {
        var c = Context(http);
        var q = http.Request.Query;
        var allTenants = q["all_tenants"].ToString() is { Length: > 0 } all && all is not ("0" or "false" or "False");
        if (allTenants && !c.Token.IsAdmin)
        {
            allTenants = false;
        }

        var project = allTenants ? q["project_id"].ToString() : c.Token.Project.Id;
        var name = q["name"].ToString();
        var status = q["status"].ToString();
        var overlay = c.Service<VolumeOverlay>();
        var response = await c.Driver.Volumes.ListVolumesAsync(new Api.ListVolumesRequest(), cancellationToken: c.Aborted).ConfigureAwait(false);
        var volumes = response.Volumes
            .Where(v => v.Status != Api.VolumeStatus.Deleted)
            .Where(v => project.Length == 0 || VolumeView.Owned(v, project))
            .Where(v => name.Length == 0 || VolumeView.Name(v, overlay.Find(v.Id)) == name)
            .Where(v => status.Length == 0 || VolumeView.Status(v.Status) == status)
            .OrderByDescending(v => v.CreateTime?.ToDateTimeOffset() ?? DateTimeOffset.MinValue)
            .ThenByDescending(v => v.Id, StringComparer.Ordinal)
            .ToList();
        var (page, next) = Paging.Apply(volumes, v => v.Id, q["marker"].ToString(), q["limit"].ToString());
        var hosts = await c.HostsAsync(fresh: false).ConfigureAwait(false);
        var items = page.Select(v => (JsonNode?)(detail
            ? VolumeView.Detail(v, overlay.Find(v.Id), c.Root, c.Token.Project.Id, c.Token.IsAdmin, hosts)
            : VolumeView.Summary(v, overlay.Find(v.Id), c.Root, c.Token.Project.Id))).ToArray();
        var body = new JsonObject { ["volumes"] = new JsonArray(items) };
        if (next is not null)
        {
            body["volumes_links"] = Paging.NextLink(ProjectRoot(c) + "/volumes" + (detail ? "/detail" : ""), q, next);
        }

        await Wire.WriteAsync(http, 200, body).ConfigureAwait(false);
    }

    private static async Task CreateAsync(HttpContext http)
    {
        var c = Context(http);
        var body = await Wire.ReadRequiredAsync(http, "volume").ConfigureAwait(false);
        var size = body["size"] switch
        {
            JsonValue v when v.TryGetValue<long>(out var n) => n,
            JsonValue v when v.TryGetValue<string>(out var s) && long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n,
            _ => -1,
        };
        if (size is < 1 or > MaxSizeGb)
        {
            throw NovaFault.BadRequest($"Invalid input for field/attribute size. Value: {body["size"]?.ToJsonString() ?? "None"}. 'size' must be an integer of 1-{MaxSizeGb} GiB");
        }

        foreach (var unsupported in new[] { "snapshot_id", "source_volid", "imageRef", "backup_id", "consistencygroup_id", "group_id" })
        {
            if (body[unsupported] is JsonValue given && given.ToString().Length > 0)
            {
                throw NovaFault.BadRequest($"Volumes from a {unsupported.Replace("_id", "", StringComparison.Ordinal).Replace("_volid", " volume", StringComparison.Ordinal)} are not offered by this block storage service: create an empty volume");
            }
        }

        var typeName = Wire.String(body, "volume_type");
        var provisioning = string.IsNullOrEmpty(typeName) ? Api.Provisioning.Thin
            : VolumeTypes.Find(typeName) ?? throw NovaFault.NotFound($"Volume type with name {typeName} could not be found.");
        var name = Wire.String(body, "name") ?? Wire.String(body, "display_name") ?? "";
        if (name.Length > 255)
        {
            throw NovaFault.BadRequest("Invalid input for field/attribute name. 'name' is too long (at most 255 characters)");
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (body["metadata"] is JsonObject md)
        {
            foreach (var (k, v) in md)
            {
                if (k.StartsWith(CinderMetadata.Prefix, StringComparison.Ordinal) || v is not JsonValue value || !value.TryGetValue<string>(out var s))
                {
                    throw NovaFault.BadRequest($"Invalid input for field/attribute metadata. Values must be strings and keys must not start with '{CinderMetadata.Prefix}'");
                }

                metadata[k] = s;
            }
        }

        var host = await HostForZoneAsync(c, Wire.String(body, "availability_zone"), metadata).ConfigureAwait(false);
        metadata[CinderMetadata.ProjectId] = c.Token.Project.Id;
        metadata[CinderMetadata.UserId] = c.Token.User.Id;
        if ((Wire.String(body, "description") ?? Wire.String(body, "display_description")) is { Length: > 0 } description)
        {
            metadata[CinderMetadata.Description] = description;
        }

        if (name.Trim().Length == 0)
        {
            metadata[CinderMetadata.Unnamed] = "true";
        }

        var request = new Api.CreateVolumeRequest
        {
            Name = name.Trim().Length == 0 ? "volume" : name,
            SizeGb = (ulong)size,
            Provisioning = provisioning,
            Host = host,
            RequestId = c.RequestId,
        };
        request.Metadata.Add(metadata);
        Api.Operation op;
        try
        {
            op = await c.Driver.Volumes.CreateVolumeAsync(request, cancellationToken: c.Aborted).ConfigureAwait(false);
        }
        catch (RpcException ex)
        {
            throw CinderFault(ex, null);
        }

        var volume = await c.Driver.Volumes.GetVolumeAsync(new Api.GetVolumeRequest { Id = op.VolumeId }, cancellationToken: c.Aborted).ConfigureAwait(false);
        await Wire.WriteAsync(http, 202, new JsonObject { ["volume"] = await DetailAsync(c, volume).ConfigureAwait(false) }).ConfigureAwait(false);
    }

    /// <summary>
    /// The host a new volume is created on: none for no zone or a zone (the volume is created on the host of the first
    /// server it is attached to; a zone is remembered and checked then), that host for <c>zone:host</c>.
    /// </summary>
    private static async Task<string> HostForZoneAsync(ComputeContext c, string? zone, Dictionary<string, string> metadata)
    {
        if (string.IsNullOrEmpty(zone))
        {
            return "";
        }

        var colon = zone.IndexOf(':', StringComparison.Ordinal);
        var zoneName = colon >= 0 ? zone[..colon] : zone;
        var hostName = colon >= 0 ? zone[(colon + 1)..] : "";
        var hosts = await c.HostsAsync().ConfigureAwait(false);
        if (zoneName.Length > 0 && !hosts.Values.Any(h => Placement.Zone(h) == zoneName))
        {
            throw NovaFault.BadRequest($"Availability zone '{zoneName}' is invalid.");
        }

        if (hostName.Length == 0)
        {
            metadata[CinderMetadata.Zone] = zoneName;
            return "";
        }

        if (!hosts.TryGetValue(hostName, out var host) || (zoneName.Length > 0 && Placement.Zone(host) != zoneName))
        {
            throw NovaFault.BadRequest($"Availability zone '{zone}' is invalid: no host {hostName} in it.");
        }

        return host.Name;
    }

    private static async Task ShowAsync(HttpContext http)
    {
        var c = Context(http);
        var volume = await VolumeAsync(c, c.Route("id")).ConfigureAwait(false);
        await Wire.WriteAsync(http, 200, new JsonObject { ["volume"] = await DetailAsync(c, volume).ConfigureAwait(false) }).ConfigureAwait(false);
    }

    private static async Task UpdateAsync(HttpContext http)
    {
        var c = Context(http);
        var volume = await VolumeAsync(c, c.Route("id")).ConfigureAwait(false);
        var body = await Wire.ReadRequiredAsync(http, "volume").ConfigureAwait(false);
        var overlay = c.Service<VolumeOverlay>();
        var current = overlay.Find(volume.Id);
        var name = Wire.String(body, "name") ?? Wire.String(body, "display_name");
        var description = Wire.String(body, "description") ?? Wire.String(body, "display_description");
        if (name is { Length: > 255 })
        {
            throw NovaFault.BadRequest("Invalid input for field/attribute name. 'name' is too long (at most 255 characters)");
        }

        if (body.ContainsKey("metadata"))
        {
            throw NovaFault.BadRequest("Volume metadata is set at creation only by this block storage service.");
        }

        if (name is not null || description is not null)
        {
            overlay.Set(volume.Id, new VolumeRename(name ?? current?.Name, description ?? current?.Description));
        }

        await Wire.WriteAsync(http, 200, new JsonObject { ["volume"] = await DetailAsync(c, volume).ConfigureAwait(false) }).ConfigureAwait(false);
    }

    private static async Task DeleteAsync(HttpContext http)
    {
        var c = Context(http);
        var volume = await VolumeAsync(c, c.Route("id")).ConfigureAwait(false);
        await DeleteVolumeAsync(c, volume).ConfigureAwait(false);
        await Wire.WriteAsync(http, 202, null).ConfigureAwait(false);
    }

    private static async Task DeleteVolumeAsync(ComputeContext c, Api.Volume volume)
    {
        if (volume.Status is not (Api.VolumeStatus.Available or Api.VolumeStatus.Error))
        {
            throw NovaFault.BadRequest($"Invalid volume: Volume status must be available or error or error_restoring or error_extending or error_managing and must not be migrating, attached, belong to a group, have snapshots, awaiting a transfer, or be disassociated from snapshots after volume transfer. (volume {volume.Id} is {VolumeView.Status(volume.Status)})");
        }

        try
        {
            await c.Driver.Volumes.DeleteVolumeAsync(new Api.DeleteVolumeRequest { Id = volume.Id, RequestId = c.RequestId }, cancellationToken: c.Aborted).ConfigureAwait(false);
        }
        catch (RpcException ex)
        {
            throw CinderFault(ex, volume.Id);
        }

        c.Service<VolumeOverlay>().Forget(volume.Id);
    }

    private static async Task ActionAsync(HttpContext http)
    {
        var c = Context(http);
        var volume = await VolumeAsync(c, c.Route("id")).ConfigureAwait(false);
        var body = await Wire.ReadObjectAsync(http).ConfigureAwait(false);
        var action = body?.Select(kv => kv.Key).FirstOrDefault() ?? "";
        if (action == "os-force_delete")
        {
            c.RequireAdmin("volume_extension:volume_admin_actions:force_delete");
            await DeleteVolumeAsync(c, volume).ConfigureAwait(false);
            await Wire.WriteAsync(http, 202, null).ConfigureAwait(false);
            return;
        }

        throw NovaFault.BadRequest($"Volume action {action} is not offered by this block storage service: attach and detach volumes through the compute API (os-volume_attachments).");
    }

    /// <summary>
    /// A driver refusal in Cinder's words: a volume in use or busy is Cinder's 400 "Invalid volume"; the rest as for Nova.
    /// </summary>
    internal static NovaFault CinderFault(RpcException ex, string? volumeId)
    {
        ArgumentNullException.ThrowIfNull(ex);
        return ex.StatusCode switch
        {
            StatusCode.NotFound when volumeId is not null => NovaFault.NotFound($"Volume {volumeId} could not be found."),
            StatusCode.FailedPrecondition => NovaFault.BadRequest("Invalid volume: " + ex.Status.Detail),
            _ => NovaFault.FromRpc(ex),
        };
    }
}
