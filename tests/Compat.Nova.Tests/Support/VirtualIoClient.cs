using System.Text.Json.Nodes;

namespace PowerDrivers.Compat.Nova.Tests.Support;

/// <summary>Cinder, Neutron and the Nova attachment APIs over HTTP for one user: paths with the project id, polling helpers.</summary>
public sealed class VirtualIoClient
{
    private readonly NovaStack _stack;

    private VirtualIoClient(NovaStack stack, string token, string projectId)
    {
        _stack = stack;
        Token = token;
        ProjectId = projectId;
    }

    public string Token { get; }

    public string ProjectId { get; }

    /// <summary>The Cinder root of the user's project.</summary>
    public string Volumes => $"/volume/v3/{ProjectId}";

    public static async Task<VirtualIoClient> LoginAsync(NovaStack stack, string user = "admin", string password = "admin", string project = "admin")
    {
        var token = await stack.TokenAsync(user, password, project);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v3/auth/tokens");
        request.Headers.Add("X-Auth-Token", token);
        request.Headers.Add("X-Subject-Token", token);
        using var response = await stack.Http.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return new VirtualIoClient(stack, token, (string)body["token"]!["project"]!["id"]!);
    }

    public Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> SendAsync(HttpMethod method, string path, object? body = null, string? version = null) =>
        _stack.SendAsync(method, path, Token, body, version);

    /// <summary>Creates a server (networks none) and waits until it is ACTIVE.</summary>
    public async Task<string> CreateServerAsync(string name, string zone, string image = "8d6b9b36-5b2e-4c1e-9f4a-2f3c1b0a7e01")
    {
        var (status, json, _) = await SendAsync(HttpMethod.Post, "/v2.1/servers",
            new { server = new { name, flavorRef = "2", imageRef = image, availability_zone = zone, networks = "none" } }, "2.37");
        Assert.True(status == 202, json?.ToJsonString());
        var id = (string)json!["server"]!["id"]!;
        await _stack.WaitForStatusAsync(Token, id, "ACTIVE");
        return id;
    }

    /// <summary>Stops a server and waits until it is SHUTOFF.</summary>
    public async Task StopServerAsync(string id)
    {
        Assert.Equal(202, (await SendAsync(HttpMethod.Post, $"/v2.1/servers/{id}/action", """{"os-stop": null}""")).Status);
        await _stack.WaitForStatusAsync(Token, id, "SHUTOFF");
    }

    /// <summary>Creates a volume; returns its id.</summary>
    public async Task<string> CreateVolumeAsync(string name, int size = 1, string? type = null, string? zone = null)
    {
        var (status, json, _) = await SendAsync(HttpMethod.Post, Volumes + "/volumes",
            new { volume = new { name, size, volume_type = type, availability_zone = zone } });
        Assert.True(status == 202, json?.ToJsonString());
        return (string)json!["volume"]!["id"]!;
    }

    /// <summary>Polls a volume until its Cinder status is <paramref name="status"/> (bounded).</summary>
    public async Task<JsonNode> WaitForVolumeAsync(string id, string status)
    {
        JsonNode? volume = null;
        for (var i = 0; i < 300; i++)
        {
            var (_, body, _) = await SendAsync(HttpMethod.Get, $"{Volumes}/volumes/{id}");
            volume = body!["volume"]!;
            if ((string?)volume["status"] == status)
            {
                return volume;
            }

            await Task.Delay(50);
        }

        throw new Xunit.Sdk.XunitException($"volume {id} never became {status}: {volume?.ToJsonString()}");
    }

    /// <summary>Creates a VLAN network; returns its id.</summary>
    public async Task<string> CreateNetworkAsync(string name, int? vlan = null)
    {
        var network = new JsonObject { ["name"] = name };
        if (vlan is { } v)
        {
            network["provider:network_type"] = "vlan";
            network["provider:segmentation_id"] = v;
        }

        var (status, json, _) = await SendAsync(HttpMethod.Post, "/network/v2.0/networks", new JsonObject { ["network"] = network }.ToJsonString());
        Assert.True(status == 201, json?.ToJsonString());
        return (string)json!["network"]!["id"]!;
    }

    /// <summary>Creates a port on a network; returns its body.</summary>
    public async Task<JsonNode> CreatePortAsync(string networkId, string name, string? mac = null)
    {
        var port = new JsonObject { ["network_id"] = networkId, ["name"] = name };
        if (mac is not null)
        {
            port["mac_address"] = mac;
        }

        var (status, json, _) = await SendAsync(HttpMethod.Post, "/network/v2.0/ports", new JsonObject { ["port"] = port }.ToJsonString());
        Assert.True(status == 201, json?.ToJsonString());
        return json!["port"]!;
    }
}
