using System.Text.Json.Nodes;
using PowerDrivers.Compat.Nova.Hosting;
using PowerDrivers.Compat.Nova.Volume;
using Api = PowerDrivers.V1;

namespace PowerDrivers.Compat.Nova.Compute;

/// <summary>
/// <c>os-volume_attachments</c>: list, show, attach (AttachVolume; 200 with the attachment while the volume goes
/// attaching → in-use) and detach (DetachVolume; 202). The attachment id is the volume id, as in Nova.
/// </summary>
internal static class VolumeAttachmentEndpoints
{
    /// <summary>How long an attach request waits for the driver to name the device before answering without it.</summary>
    private static readonly TimeSpan DeviceWait = TimeSpan.FromSeconds(10);

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/v2.1/servers/{id}/os-volume_attachments", ListAsync);
        app.MapPost("/v2.1/servers/{id}/os-volume_attachments", AttachAsync);
        app.MapGet("/v2.1/servers/{id}/os-volume_attachments/{volumeId}", ShowAsync);
        app.MapDelete("/v2.1/servers/{id}/os-volume_attachments/{volumeId}", DetachAsync);
    }

    private static JsonObject Body(string serverId, string volumeId, string? device) => new()
    {
        ["device"] = device is { Length: > 0 } d ? VolumeView.Device(d) : null,
        ["id"] = volumeId,
        ["serverId"] = serverId,
        ["volumeId"] = volumeId,
    };

    private static async Task ListAsync(HttpContext http)
    {
        var c = new ComputeContext(http);
        var instance = await c.ServerAsync(c.Route("id")).ConfigureAwait(false);
        var items = instance.Volumes.Select(v => (JsonNode?)Body(instance.Id, v.VolumeId, v.Device)).ToArray();
        await Wire.WriteAsync(http, 200, new JsonObject { ["volumeAttachments"] = new JsonArray(items) }).ConfigureAwait(false);
    }

    private static async Task ShowAsync(HttpContext http)
    {
        var c = new ComputeContext(http);
        var instance = await c.ServerAsync(c.Route("id")).ConfigureAwait(false);
        var volumeId = c.Route("volumeId");
        var attachment = instance.Volumes.FirstOrDefault(v => v.VolumeId == volumeId)
            ?? throw NovaFault.NotFound($"Volume {volumeId} is not attached to instance {instance.Id}.");
        await Wire.WriteAsync(http, 200, new JsonObject { ["volumeAttachment"] = Body(instance.Id, volumeId, attachment.Device) }).ConfigureAwait(false);
    }

    private static async Task AttachAsync(HttpContext http)
    {
        var c = new ComputeContext(http);
        var instance = await c.ServerAsync(c.Route("id")).ConfigureAwait(false);
        var body = await Wire.ReadRequiredAsync(http, "volumeAttachment").ConfigureAwait(false);
        var volumeId = Wire.String(body, "volumeId");
        if (volumeId is null || !Guid.TryParse(volumeId, out _))
        {
            throw NovaFault.BadRequest($"Invalid input for field/attribute volumeId. Value: {body["volumeId"]?.ToJsonString() ?? "None"}. 'volumeId' must be a volume UUID");
        }

        var device = Wire.String(body, "device");
        var volume = await c.Driver.FindVolumeAsync(volumeId, c.Aborted).ConfigureAwait(false);
        if (volume is null || !(c.Token.IsAdmin || VolumeView.Owned(volume, c.Token.Project.Id)))
        {
            throw NovaFault.NotFound($"Volume {volumeId} could not be found.");
        }

        if (volume.InstanceId.Length > 0 || volume.Status != Api.VolumeStatus.Available)
        {
            throw NovaFault.BadRequest($"Invalid volume: volume {volumeId} status must be 'available'. Currently in '{VolumeView.Status(volume.Status)}'");
        }

        var hosts = await c.HostsAsync(fresh: false).ConfigureAwait(false);
        var serverZone = hosts.TryGetValue(instance.Host, out var host) ? Placement.Zone(host) : NovaMetadata.Get(instance, NovaMetadata.Zone);
        var volumeZone = VolumeView.Zone(volume, hosts);
        if (volumeZone != VolumeView.AnyZone && volumeZone != serverZone)
        {
            throw NovaFault.BadRequest($"Server and volumes are not in the same availability zone. Server is in: {serverZone}. Volumes are in: {volumeZone}");
        }

        var op = await DeviceAttach.CallAsync(c, instance, "attach_volume", () => c.Driver.Compute.AttachVolumeAsync(
            new Api.AttachVolumeRequest { InstanceId = instance.Id, VolumeId = volumeId, RequestId = c.RequestId }, cancellationToken: c.Aborted).ResponseAsync).ConfigureAwait(false);
        var last = await DeviceAttach.AwaitAsync(c, instance, "attach_volume", op, DeviceWait).ConfigureAwait(false);
        if (last.State == Api.OperationState.Succeeded && await c.Driver.FindAsync(instance.Id, c.Aborted).ConfigureAwait(false) is { } now
            && now.Volumes.FirstOrDefault(v => v.VolumeId == volumeId) is { } attached)
        {
            device = attached.Device;
        }

        await Wire.WriteAsync(http, 200, new JsonObject { ["volumeAttachment"] = Body(instance.Id, volumeId, device) }).ConfigureAwait(false);
    }

    private static async Task DetachAsync(HttpContext http)
    {
        var c = new ComputeContext(http);
        var instance = await c.ServerAsync(c.Route("id")).ConfigureAwait(false);
        var volumeId = c.Route("volumeId");
        if (instance.Volumes.All(v => v.VolumeId != volumeId))
        {
            throw NovaFault.NotFound($"volume_id not found: {volumeId}");
        }

        await DeviceAttach.CallAsync(c, instance, "detach_volume", () => c.Driver.Compute.DetachVolumeAsync(
            new Api.DetachVolumeRequest { InstanceId = instance.Id, VolumeId = volumeId, RequestId = c.RequestId }, cancellationToken: c.Aborted).ResponseAsync).ConfigureAwait(false);
        await Wire.WriteAsync(http, 202, null).ConfigureAwait(false);
    }
}
