using PowerDrivers.Compat.Nova.Tests.Support;

namespace PowerDrivers.Compat.Nova.Tests;

/// <summary>Server actions and admin views over HTTP; the powervm hosts are served by the in-memory fake backend (full features).</summary>
public sealed class ServerActionTests : IAsyncLifetime
{
    private NovaStack _stack = null!;
    private string _token = "";

    public async Task InitializeAsync()
    {
        _stack = await NovaStack.StartAsync(Driver.Core.Conformance.Fakes.FakeBackendOptions.Full);
        _token = await _stack.TokenAsync();
    }

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    private async Task<string> CreateActiveAsync(string name)
    {
        var body = new { server = new { name, flavorRef = "1", imageRef = "8d6b9b36-5b2e-4c1e-9f4a-2f3c1b0a7e01", availability_zone = "powervm" } };
        var (status, json, _) = await _stack.SendAsync(HttpMethod.Post, "/v2.1/servers", _token, body);
        Assert.Equal(202, status);
        var id = (string)json!["server"]!["id"]!;
        await _stack.WaitForStatusAsync(_token, id, "ACTIVE");
        return id;
    }

    private Task<(int Status, System.Text.Json.Nodes.JsonNode? Body, HttpResponseMessage Response)> ActAsync(string id, string body, string? version = null) =>
        _stack.SendAsync(HttpMethod.Post, $"/v2.1/servers/{id}/action", _token, body, version);

    [Fact]
    public async Task SuspendResumePauseUnpause_OnFakeBackend_MoveThroughNovaStatuses()
    {
        var id = await CreateActiveAsync("act-1");

        Assert.Equal(202, (await ActAsync(id, """{"suspend": null}""")).Status);
        await _stack.WaitForStatusAsync(_token, id, "SUSPENDED");
        Assert.Equal(409, (await ActAsync(id, """{"suspend": null}""")).Status);
        Assert.Equal(202, (await ActAsync(id, """{"resume": null}""")).Status);
        await _stack.WaitForStatusAsync(_token, id, "ACTIVE");

        Assert.Equal(202, (await ActAsync(id, """{"pause": {}}""")).Status);
        await _stack.WaitForStatusAsync(_token, id, "PAUSED");
        var (status, json, _) = await ActAsync(id, """{"pause": {}}""");
        Assert.Equal(409, status);
        Assert.Equal($"Cannot 'pause' instance {id} while it is in vm_state paused", (string?)json!["conflictingRequest"]!["message"]);
        Assert.Equal(202, (await ActAsync(id, """{"unpause": null}""")).Status);
        await _stack.WaitForStatusAsync(_token, id, "ACTIVE");
    }

    [Fact]
    public async Task LiveMigrate_UntilTheDriverMigrates_Is400NoValidHostAfterNovaChecks()
    {
        var id = await CreateActiveAsync("act-2");

        Assert.Equal(400, (await ActAsync(id, """{"os-migrateLive": {"host": null, "block_migration": "auto"}}""", "2.30")).Status);
        Assert.Equal(400, (await ActAsync(id, """{"os-migrateLive": {"host": null, "block_migration": false, "disk_over_commit": false}}""")).Status);
        var (status, json, _) = await ActAsync(id, """{"migrate": null}""");
        Assert.Equal(400, status);
        Assert.StartsWith("No valid host was found.", (string?)json!["badRequest"]!["message"], StringComparison.Ordinal);
        Assert.Equal(404, (await ActAsync(Guid.NewGuid().ToString(), """{"migrate": null}""")).Status);
    }

    [Fact]
    public async Task RemoteConsole_Serial_ReturnsTheDriverConsoleUrl()
    {
        var id = await CreateActiveAsync("act-3");

        var (status, json, _) = await _stack.SendAsync(HttpMethod.Post, $"/v2.1/servers/{id}/remote-consoles", _token,
            """{"remote_console": {"protocol": "serial", "type": "serial"}}""", "2.6");

        Assert.Equal(200, status);
        Assert.StartsWith("fake://", (string?)json!["remote_console"]!["url"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateServer_NameAndDescription_AreShown()
    {
        var id = await CreateActiveAsync("act-4");

        var (status, json, _) = await _stack.SendAsync(HttpMethod.Put, $"/v2.1/servers/{id}", _token, """{"server": {"name": "renamed", "description": "d1"}}""", "2.19");

        Assert.Equal(200, status);
        Assert.Equal("renamed", (string?)json!["server"]!["name"]);
        Assert.Equal("d1", (string?)json["server"]!["description"]);
        Assert.Equal(400, (await _stack.SendAsync(HttpMethod.Put, $"/v2.1/servers/{id}", _token, """{"server": {"description": "x"}}""")).Status);
    }

    [Fact]
    public async Task ListServers_StatusFilter_SelectsByNovaStatus()
    {
        var a = await CreateActiveAsync("act-5");
        var b = await CreateActiveAsync("act-6");
        Assert.Equal(202, (await ActAsync(b, """{"os-stop": null}""")).Status);
        await _stack.WaitForStatusAsync(_token, b, "SHUTOFF");

        var shutoff = (await _stack.SendAsync(HttpMethod.Get, "/v2.1/servers/detail?status=SHUTOFF", _token)).Body!["servers"]!.AsArray();

        Assert.Contains(shutoff, s => (string?)s!["id"] == b);
        Assert.DoesNotContain(shutoff, s => (string?)s!["id"] == a);
        Assert.Equal(400, (await _stack.SendAsync(HttpMethod.Get, "/v2.1/servers?status=NOPE", _token, version: "2.38")).Status);
    }

    [Fact]
    public async Task ServicesAndZones_ListEveryComputeHost()
    {
        var services = (await _stack.SendAsync(HttpMethod.Get, "/v2.1/os-services?binary=nova-compute", _token)).Body!["services"]!.AsArray();
        Assert.Equal(4, services.Count);
        Assert.Contains(services, s => (string?)s!["host"] == "powervm-1" && (string?)s["zone"] == "powervm" && (string?)s["state"] == "up");

        var zones = (await _stack.SendAsync(HttpMethod.Get, "/v2.1/os-availability-zone", _token)).Body!["availabilityZoneInfo"]!.AsArray();
        Assert.Equal(["powerkvm", "powervm"], zones.Select(z => (string)z!["zoneName"]!).Order());
    }

    [Fact]
    public async Task Hypervisors_At233WithLimit_PageByMarker()
    {
        var (_, first, _) = await _stack.SendAsync(HttpMethod.Get, "/v2.1/os-hypervisors?limit=3", _token, version: "2.33");
        Assert.Equal(3, first!["hypervisors"]!.AsArray().Count);
        var (_, rest, _) = await _stack.SendAsync(HttpMethod.Get, (string)first["hypervisors_links"]![0]!["href"]!, _token, version: "2.33");

        Assert.Equal(4, (int)Assert.Single(rest!["hypervisors"]!.AsArray())!["id"]!);
        Assert.Equal(4, (await _stack.SendAsync(HttpMethod.Get, "/v2.1/os-hypervisors?limit=3", _token)).Body!["hypervisors"]!.AsArray().Count);
    }

    [Fact]
    public async Task InstanceActions_OfADeletedServer_AreReadableFrom221()
    {
        var id = await CreateActiveAsync("act-7");
        var (_, _, deleted) = await _stack.SendAsync(HttpMethod.Delete, $"/v2.1/servers/{id}", _token);
        var requestId = deleted.Headers.GetValues("x-openstack-request-id").Single();
        for (var i = 0; i < 200 && (await _stack.SendAsync(HttpMethod.Get, $"/v2.1/servers/{id}", _token)).Status != 404; i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(404, (await _stack.SendAsync(HttpMethod.Get, $"/v2.1/servers/{id}/os-instance-actions", _token)).Status);
        var (status, json, _) = await _stack.SendAsync(HttpMethod.Get, $"/v2.1/servers/{id}/os-instance-actions", _token, version: "2.21");
        Assert.Equal(200, status);
        Assert.Contains(json!["instanceActions"]!.AsArray(), a => (string?)a!["action"] == "delete" && (string?)a["request_id"] == requestId);
    }

    [Fact]
    public async Task QuotaUpdate_InstancesOne_RefusesTheSecondServerWith403()
    {
        var demo = await _stack.TokenAsync("demo", "demo", "demo");
        var validate = await _stack.SendAsync(HttpMethod.Post, "/v3/auth/tokens", null,
            """{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"demo","domain":{"id":"default"},"password":"demo"}}}}}""");
        var projectId = (string)validate.Body!["token"]!["project"]!["id"]!;

        Assert.Equal(403, (await _stack.SendAsync(HttpMethod.Put, $"/v2.1/os-quota-sets/{projectId}", demo, """{"quota_set": {"instances": 1}}""")).Status);
        var (status, json, _) = await _stack.SendAsync(HttpMethod.Put, $"/v2.1/os-quota-sets/{projectId}", _token, """{"quota_set": {"instances": 1}}""");
        Assert.Equal(200, status);
        Assert.Equal(1, (int)json!["quota_set"]!["instances"]!);

        var body = new { server = new { name = "q-1", flavorRef = "1", imageRef = "8d6b9b36-5b2e-4c1e-9f4a-2f3c1b0a7e01", availability_zone = "powervm" } };
        Assert.Equal(202, (await _stack.SendAsync(HttpMethod.Post, "/v2.1/servers", demo, body)).Status);
        var (refused, fault, _) = await _stack.SendAsync(HttpMethod.Post, "/v2.1/servers", demo, body);
        Assert.Equal(403, refused);
        Assert.StartsWith("Quota exceeded for instances", (string?)fault!["forbidden"]!["message"], StringComparison.Ordinal);
    }
}
