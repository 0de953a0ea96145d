using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using PowerDrivers.Compat.Nova.Hosting;
using PowerDrivers.Compat.Nova.Identity;
using Api = PowerDrivers.V1;

namespace PowerDrivers.Compat.Nova.Compute;

/// <summary>The server JSON of Nova's API reference, key for key, per microversion and per role.</summary>
internal static class ServerView
{
    /// <summary>The links of a server (or any resource under the compute root).</summary>
    public static JsonArray Links(string root, string collection, string id) =>
        Wire.Links($"{root}/v2.1/{collection}/{id}", $"{root}/{collection}/{id}");

    /// <summary>The summary entry of <c>GET /servers</c>.</summary>
    public static JsonObject Summary(Api.Instance i, string root) => new()
    {
        ["id"] = i.Id,
        ["links"] = Links(root, "servers", i.Id),
        ["name"] = NovaMetadata.ServerName(i),
    };

    /// <summary>The full server of show and <c>GET /servers/detail</c>.</summary>
    public static JsonObject Detail(Api.Instance i, ServerState state, string root, ApiVersion version, Token token, Api.Host? host, JsonObject? addresses = null)
    {
        var created = i.CreateTime?.ToDateTimeOffset() ?? DateTimeOffset.UnixEpoch;
        var updated = i.UpdateTime?.ToDateTimeOffset() ?? created;
        var projectId = NovaMetadata.Get(i, NovaMetadata.ProjectId);
        var flavorId = NovaMetadata.Get(i, NovaMetadata.FlavorId);
        var imageId = NovaMetadata.Get(i, NovaMetadata.ImageId);
        var keyName = NovaMetadata.Get(i, NovaMetadata.KeyName);
        var server = new JsonObject
        {
            ["OS-DCF:diskConfig"] = "MANUAL",
            ["OS-EXT-AZ:availability_zone"] = (host is null ? null : Placement.Zone(host)) ?? NovaMetadata.Get(i, NovaMetadata.Zone),
        };
        if (token.IsAdmin)
        {
            server["OS-EXT-SRV-ATTR:host"] = i.Host;
            server["OS-EXT-SRV-ATTR:hypervisor_hostname"] = i.Host;
            server["OS-EXT-SRV-ATTR:instance_name"] = i.Name;
            if (version.AtLeast(3))
            {
                server["OS-EXT-SRV-ATTR:hostname"] = Hostname(NovaMetadata.ServerName(i));
                server["OS-EXT-SRV-ATTR:kernel_id"] = "";
                server["OS-EXT-SRV-ATTR:launch_index"] = 0;
                server["OS-EXT-SRV-ATTR:ramdisk_id"] = "";
                server["OS-EXT-SRV-ATTR:reservation_id"] = "r-" + i.Id[..8];
                server["OS-EXT-SRV-ATTR:root_device_name"] = "/dev/sda";
                server["OS-EXT-SRV-ATTR:user_data"] = null;
            }
        }

        server["OS-EXT-STS:power_state"] = state.PowerState;
        server["OS-EXT-STS:task_state"] = state.TaskState;
        server["OS-EXT-STS:vm_state"] = state.VmState;
        server["OS-SRV-USG:launched_at"] = state.VmState is "building" ? null : Wire.NovaMicroTime(created);
        server["OS-SRV-USG:terminated_at"] = null;
        server["accessIPv4"] = "";
        server["accessIPv6"] = "";
        server["addresses"] = addresses ?? new JsonObject();
        server["config_drive"] = "";
        server["created"] = Wire.NovaTime(created);
        if (version.AtLeast(19))
        {
            server["description"] = NovaMetadata.Get(i, NovaMetadata.Description) is { Length: > 0 } d ? d : null;
        }

        if (state.Status == "ERROR" && i.Fault is { } fault)
        {
            var f = new JsonObject
            {
                ["code"] = 500,
                ["created"] = Wire.NovaTime(fault.Time?.ToDateTimeOffset() ?? updated),
                ["message"] = fault.Reason.Length > 0 ? fault.Reason : "BackendFailure",
            };
            if (token.IsAdmin)
            {
                f["details"] = fault.Message;
            }

            server["fault"] = f;
        }

        server["flavor"] = new JsonObject { ["id"] = flavorId, ["links"] = new JsonArray(new JsonObject { ["href"] = $"{root}/flavors/{flavorId}", ["rel"] = "bookmark" }) };
        server["hostId"] = HostId(projectId, i.Host);
        if (version.AtLeast(16) && token.IsAdmin)
        {
            server["host_status"] = host is null ? "UNKNOWN" : host.Status == Api.HostStatus.Operating ? "UP" : "DOWN";
        }

        server["id"] = i.Id;
        server["image"] = imageId.Length == 0 ? "" : new JsonObject
        {
            ["id"] = imageId,
            ["links"] = new JsonArray(new JsonObject { ["href"] = $"{root}/images/{imageId}", ["rel"] = "bookmark" }),
        };
        server["key_name"] = keyName.Length > 0 ? keyName : null;
        server["links"] = Links(root, "servers", i.Id);
        if (version.AtLeast(9))
        {
            server["locked"] = false;
        }

        var metadata = new JsonObject();
        foreach (var (k, v) in NovaMetadata.User(i).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            metadata[k] = v;
        }

        server["metadata"] = metadata;
        server["name"] = NovaMetadata.ServerName(i);
        server["os-extended-volumes:volumes_attached"] = new JsonArray(i.Volumes.Select(v => (JsonNode?)(version.AtLeast(3)
            ? new JsonObject { ["delete_on_termination"] = false, ["id"] = v.VolumeId }
            : new JsonObject { ["id"] = v.VolumeId })).ToArray());
        server["progress"] = 0;
        server["security_groups"] = new JsonArray(new JsonObject { ["name"] = "default" });
        server["status"] = state.Status;
        if (version.AtLeast(26))
        {
            server["tags"] = new JsonArray();
        }

        server["tenant_id"] = projectId;
        server["updated"] = Wire.NovaTime(updated);
        server["user_id"] = NovaMetadata.Get(i, NovaMetadata.UserId);
        return server;
    }

    /// <summary>
    /// Nova's <c>addresses</c>: per network name, each interface's fixed IPs (from its Neutron port) with its MAC; an
    /// interface without a fixed IP leaves its network's list empty, as Nova shows a port without IPs.
    /// </summary>
    public static JsonObject Addresses(Api.Instance i, IReadOnlyDictionary<string, string> networkNames, Func<string, IReadOnlyList<string>> fixedIps)
    {
        var addresses = new JsonObject();
        foreach (var nic in i.Interfaces)
        {
            var label = networkNames.TryGetValue(nic.NetworkId, out var name) ? name : nic.NetworkId;
            if (addresses[label] is not JsonArray list)
            {
                list = [];
                addresses[label] = list;
            }

            foreach (var ip in fixedIps(nic.Id))
            {
                list.Add(new JsonObject
                {
                    ["OS-EXT-IPS-MAC:mac_addr"] = nic.MacAddress,
                    ["OS-EXT-IPS:type"] = "fixed",
                    ["addr"] = ip,
                    ["version"] = 4,
                });
            }
        }

        return addresses;
    }

    /// <summary>Nova's hostId: an opaque per-project hash of the host.</summary>
    public static string HostId(string projectId, string host) =>
        host.Length == 0 ? "" : Convert.ToHexStringLower(SHA224Hash(projectId + host));

    private static byte[] SHA224Hash(string text)
    {
        // SHA-224 is not in .NET; a truncated SHA-256 gives the same 56-hex-digit shape.
        return SHA256.HashData(Encoding.UTF8.GetBytes(text))[..28];
    }

    private static string Hostname(string name)
    {
        var chars = name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray();
        var hostname = new string(chars).Trim('-');
        return hostname.Length == 0 ? "server" : hostname[..Math.Min(63, hostname.Length)];
    }
}
