using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PowerDrivers.Compat.Nova.Compute;
using PowerDrivers.Compat.Nova.Hosting;
using PowerDrivers.Compat.Nova.Identity;
using Api = PowerDrivers.V1;

namespace PowerDrivers.Compat.Nova.Volume;

/// <summary>The volume JSON of Cinder v3 (base microversion) and the names it shows for the driver's states.</summary>
internal static partial class VolumeView
{
    /// <summary>The zone an unbound volume created without one is shown in: it may be attached in any zone.</summary>
    public const string AnyZone = "nova";

    /// <summary>Cinder's status for the driver's volume status.</summary>
    public static string Status(Api.VolumeStatus status) => status switch
    {
        Api.VolumeStatus.Creating => "creating",
        Api.VolumeStatus.Available => "available",
        Api.VolumeStatus.Attaching => "attaching",
        Api.VolumeStatus.InUse => "in-use",
        Api.VolumeStatus.Detaching => "detaching",
        Api.VolumeStatus.Deleting => "deleting",
        Api.VolumeStatus.Deleted => "deleted",
        _ => "error",
    };

    /// <summary>The guest device as Nova and Cinder show it: Linux disk names under <c>/dev/</c>, platform names (a client slot) as they are.</summary>
    public static string Device(string device) => LinuxDisk().IsMatch(device) ? "/dev/" + device : device;

    /// <summary>The id of the attachment of a volume to an instance (stable: derived from both).</summary>
    public static string AttachmentId(string volumeId, string instanceId) =>
        new Guid(IdentityDirectory.StableId("volume-attachment", volumeId + "/" + instanceId)).ToString();

    public static string Name(Api.Volume v, VolumeRename? rename) =>
        rename?.Name ?? (CinderMetadata.Get(v, CinderMetadata.Unnamed) == "true" ? "" : v.Name);

    /// <summary>Whether the volume belongs to the project (volumes created outside the front belong to the admin view only).</summary>
    public static bool Owned(Api.Volume v, string projectId) => CinderMetadata.Get(v, CinderMetadata.ProjectId) == projectId;

    public static string Zone(Api.Volume v, IReadOnlyDictionary<string, Api.Host> hosts) =>
        v.Host.Length > 0 && hosts.TryGetValue(v.Host, out var h) ? Placement.Zone(h)
        : CinderMetadata.Get(v, CinderMetadata.Zone) is { Length: > 0 } z ? z : AnyZone;

    public static JsonArray Links(string root, string projectId, string id) =>
        Wire.Links($"{root}/volume/v3/{projectId}/volumes/{id}", $"{root}/volume/{projectId}/volumes/{id}");

    public static JsonObject Summary(Api.Volume v, VolumeRename? rename, string root, string projectId) => new()
    {
        ["id"] = v.Id,
        ["links"] = Links(root, projectId, v.Id),
        ["name"] = NullIfEmpty(Name(v, rename)),
    };

    public static JsonObject Detail(Api.Volume v, VolumeRename? rename, string root, string projectId, bool admin, IReadOnlyDictionary<string, Api.Host> hosts)
    {
        var created = v.CreateTime?.ToDateTimeOffset() ?? DateTimeOffset.UnixEpoch;
        var updated = v.UpdateTime?.ToDateTimeOffset();
        var attachments = new JsonArray();
        if (v.InstanceId.Length > 0 && v.Attachment is { } a)
        {
            attachments.Add(new JsonObject
            {
                ["id"] = v.Id,
                ["attachment_id"] = AttachmentId(v.Id, v.InstanceId),
                ["volume_id"] = v.Id,
                ["server_id"] = v.InstanceId,
                ["host_name"] = v.Host,
                ["device"] = Device(a.Device),
                ["attached_at"] = Wire.NovaMicroTime(updated ?? created),
            });
        }

        var metadata = new JsonObject();
        foreach (var (k, value) in CinderMetadata.User(v).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            metadata[k] = value;
        }

        var body = new JsonObject
        {
            ["id"] = v.Id,
            ["name"] = NullIfEmpty(Name(v, rename)),
            ["description"] = NullIfEmpty(rename?.Description ?? CinderMetadata.Get(v, CinderMetadata.Description)),
            ["status"] = Status(v.Status),
            ["size"] = v.SizeGb,
            ["availability_zone"] = Zone(v, hosts),
            ["volume_type"] = VolumeTypes.Name(v.Provisioning),
            ["attachments"] = attachments,
            ["bootable"] = "false",
            ["encrypted"] = false,
            ["multiattach"] = false,
            ["metadata"] = metadata,
            ["snapshot_id"] = null,
            ["source_volid"] = null,
            ["consistencygroup_id"] = null,
            ["replication_status"] = null,
            ["migration_status"] = null,
            ["user_id"] = NullIfEmpty(CinderMetadata.Get(v, CinderMetadata.UserId)),
            ["os-vol-tenant-attr:tenant_id"] = NullIfEmpty(CinderMetadata.Get(v, CinderMetadata.ProjectId)),
            ["created_at"] = Wire.NovaMicroTime(created),
            ["updated_at"] = updated is { } u ? Wire.NovaMicroTime(u) : null,
            ["links"] = Links(root, projectId, v.Id),
        };
        if (admin)
        {
            body["os-vol-host-attr:host"] = v.Host.Length > 0 ? $"{v.Host}@{v.Backend}#{VolumeTypes.Name(v.Provisioning)}" : null;
            body["os-vol-mig-status-attr:migstat"] = null;
            body["os-vol-mig-status-attr:name_id"] = null;
        }

        if (v.Status == Api.VolumeStatus.Error && v.Fault.Length > 0)
        {
            body["fault"] = v.Fault;
        }

        return body;
    }

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;

    [GeneratedRegex("^(sd|vd|hd|xvd)[a-z]+$", RegexOptions.CultureInvariant)]
    private static partial Regex LinuxDisk();
}
