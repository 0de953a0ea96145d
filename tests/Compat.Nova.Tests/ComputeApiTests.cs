using System.Text.Json.Nodes;
using PowerDrivers.Compat.Nova.Tests.Support;

namespace PowerDrivers.Compat.Nova.Tests;

/// <summary>Nova v2.1 over HTTP: microversions, request ids, faults and isolation (powervm hosts on the in-memory fake backend).</summary>
public sealed class ComputeApiTests(StackFixture fixture) : IClassFixture<StackFixture>
{
    private NovaStack Stack => fixture.Stack;

    private static object CreateBody(string name, string zone = "powervm", string flavor = "2", string image = "8d6b9b36-5b2e-4c1e-9f4a-2f3c1b0a7e01") => new
    {
        server = new { name, flavorRef = flavor, imageRef = image, availability_zone = zone, networks = "none" },
    };

    private async Task<string> CreateActiveAsync(string token, string name, string zone = "powervm")
    {
        var (status, json, _) = await Stack.SendAsync(HttpMethod.Post, "/v2.1/servers", token, CreateBody(name, zone), "2.37");
        Assert.True(status == 202, json?.ToJsonString());
        var id = (string)json!["server"]!["id"]!;
        await Stack.WaitForStatusAsync(token, id, "ACTIVE");
        return id;
    }

    [Fact]
    public async Task Microversion_InRange_IsEchoedWithVary()
    {
        var token = await Stack.TokenAsync();
        var (status, _, response) = await Stack.SendAsync(HttpMethod.Get, "/v2.1/flavors", token, version: "2.26");

        Assert.Equal(200, status);
        Assert.Equal("compute 2.26", response.Headers.GetValues("OpenStack-API-Version").Single());
        Assert.Equal("2.26", response.Headers.GetValues("X-OpenStack-Nova-API-Version").Single());
        Assert.Contains("OpenStack-API-Version", response.Headers.Vary);
        var id = response.Headers.GetValues("x-openstack-request-id").Single();
        Assert.Matches("^req-[0-9a-f-]{36}$", id);
        Assert.Equal(id, response.Headers.GetValues("x-compute-request-id").Single());
    }

    [Fact]
    public async Task Microversion_AboveMaximum_Is406()
    {
        var token = await Stack.TokenAsync();
        Assert.Equal(406, (await Stack.SendAsync(HttpMethod.Get, "/v2.1/flavors", token, version: "2.99")).Status);
        var latest = await Stack.SendAsync(HttpMethod.Get, "/v2.1/flavors", token, version: "latest");
        Assert.Equal("compute 2.38", latest.Response.Headers.GetValues("OpenStack-API-Version").Single());
    }

    [Fact]
    public async Task VersionDocument_SelfLinksResolveToTheSameDocument()
    {
        var (_, root, _) = await Stack.SendAsync(HttpMethod.Get, "/", null);
        var versions = root!["versions"]!.AsArray();
        Assert.Equal(["v2.0", "v2.1"], versions.Select(v => (string)v!["id"]!));
        foreach (var v in versions)
        {
            var self = (string)v!["links"]![0]!["href"]!;
            var (status, doc, _) = await Stack.SendAsync(HttpMethod.Get, self, null);
            Assert.Equal(200, status);
            Assert.Equal(self, (string?)doc!["version"]!["links"]![0]!["href"]);
        }
    }

    [Fact]
    public async Task CreateServer_ImageRefMinusOne_Is400()
    {
        var token = await Stack.TokenAsync();
        var (status, json, _) = await Stack.SendAsync(HttpMethod.Post, "/v2.1/servers", token, CreateBody("bad", image: "-1"), "2.37");

        Assert.Equal(400, status);
        Assert.Equal(400, (int)json!["badRequest"]!["code"]!);
    }

    [Fact]
    public async Task CreateServer_At237WithoutNetworks_Is400()
    {
        var token = await Stack.TokenAsync();
        var body = new { server = new { name = "nonet", flavorRef = "1", imageRef = "8d6b9b36-5b2e-4c1e-9f4a-2f3c1b0a7e01" } };
        Assert.Equal(400, (await Stack.SendAsync(HttpMethod.Post, "/v2.1/servers", token, body, "2.37")).Status);
    }

    [Fact]
    public async Task PauseServer_OnFakePowerVmWithoutPause_Is400WithTheBackendReason()
    {
        var token = await Stack.TokenAsync();
        var id = await CreateActiveAsync(token, "api-pause");

        var (status, json, _) = await Stack.SendAsync(HttpMethod.Post, $"/v2.1/servers/{id}/action", token, new { pause = (object?)null });

        Assert.Equal(400, status);
        Assert.Contains("pause", (string?)json!["badRequest"]!["message"], StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task StopServer_WhenStopped_Is409WithNovaWording()
    {
        var token = await Stack.TokenAsync();
        var id = await CreateActiveAsync(token, "api-stop");
        Assert.Equal(202, (await Stack.SendAsync(HttpMethod.Post, $"/v2.1/servers/{id}/action", token, """{"os-stop": null}""")).Status);
        await Stack.WaitForStatusAsync(token, id, "SHUTOFF");

        var (status, json, _) = await Stack.SendAsync(HttpMethod.Post, $"/v2.1/servers/{id}/action", token, """{"os-stop": {}}""");

        Assert.Equal(409, status);
        Assert.Equal($"Cannot 'stop' instance {id} while it is in vm_state stopped", (string?)json!["conflictingRequest"]!["message"]);
    }

    [Fact]
    public async Task ShowServer_OfAnotherProject_Is404()
    {
        var admin = await Stack.TokenAsync();
        var id = await CreateActiveAsync(admin, "api-private");
        var demo = await Stack.TokenAsync("demo", "demo", "demo");

        var (status, json, _) = await Stack.SendAsync(HttpMethod.Get, $"/v2.1/servers/{id}", demo);

        Assert.Equal(404, status);
        Assert.Equal($"Instance {id} could not be found.", (string?)json!["itemNotFound"]!["message"]);
        Assert.DoesNotContain((await Stack.SendAsync(HttpMethod.Get, "/v2.1/servers", demo)).Body!["servers"]!.AsArray(), s => (string?)s!["id"] == id);
    }

    [Fact]
    public async Task AdminApis_AsMember_Are403()
    {
        var demo = await Stack.TokenAsync("demo", "demo", "demo");

        Assert.Equal(403, (await Stack.SendAsync(HttpMethod.Get, "/v2.1/os-hypervisors", demo)).Status);
        var (status, json, _) = await Stack.SendAsync(HttpMethod.Post, "/v2.1/flavors", demo, new { flavor = new { name = "x", ram = 512, vcpus = 1, disk = 0 } });
        Assert.Equal(403, status);
        Assert.NotNull(json!["forbidden"]);
    }

    [Fact]
    public async Task ServerAction_RecordsTheRequestIdOfTheCall()
    {
        var token = await Stack.TokenAsync();
        var id = await CreateActiveAsync(token, "api-actions");
        var (_, _, response) = await Stack.SendAsync(HttpMethod.Post, $"/v2.1/servers/{id}/action", token, """{"reboot": {"type": "HARD"}}""");
        var requestId = response.Headers.GetValues("x-openstack-request-id").Single();

        var (_, json, _) = await Stack.SendAsync(HttpMethod.Get, $"/v2.1/servers/{id}/os-instance-actions", token);

        var actions = json!["instanceActions"]!.AsArray();
        Assert.Contains(actions, a => (string?)a!["action"] == "reboot" && (string?)a["request_id"] == requestId);
        Assert.Contains(actions, a => (string?)a!["action"] == "create");
    }

    [Fact]
    public async Task ListServers_WithLimit_PagesWithANextLink()
    {
        var token = await Stack.TokenAsync();
        await CreateActiveAsync(token, "page-a");
        await CreateActiveAsync(token, "page-b");

        var (_, first, _) = await Stack.SendAsync(HttpMethod.Get, "/v2.1/servers?limit=1&name=page-", token);
        Assert.Single(first!["servers"]!.AsArray());
        var next = (string)first["servers_links"]![0]!["href"]!;
        var (_, second, _) = await Stack.SendAsync(HttpMethod.Get, next, token);

        Assert.Single(second!["servers"]!.AsArray());
        Assert.NotEqual((string?)first["servers"]![0]!["id"], (string?)second["servers"]![0]!["id"]);
        Assert.Equal(400, (await Stack.SendAsync(HttpMethod.Get, "/v2.1/servers?marker=" + Guid.NewGuid(), token)).Status);
    }

    [Fact]
    public async Task FlavorExtraSpecs_InvalidPowerVmValue_Is400()
    {
        var token = await Stack.TokenAsync();
        var (status, json, _) = await Stack.SendAsync(HttpMethod.Post, "/v2.1/flavors/2/os-extra_specs", token, """{"extra_specs": {"powervm:shared_weight": "300"}}""");

        Assert.Equal(400, status);
        Assert.Contains("powervm:shared_weight", (string?)json!["badRequest"]!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keypairs_CreateWithoutPublicKey_GeneratesOneAndListsIt()
    {
        var token = await Stack.TokenAsync();
        var (status, json, _) = await Stack.SendAsync(HttpMethod.Post, "/v2.1/os-keypairs", token, """{"keypair": {"name": "k1"}}""", "2.2");

        Assert.Equal(201, status);
        Assert.StartsWith("ssh-rsa ", (string?)json!["keypair"]!["public_key"], StringComparison.Ordinal);
        Assert.Contains("PRIVATE KEY", (string?)json["keypair"]!["private_key"], StringComparison.Ordinal);
        Assert.Matches("^([0-9a-f]{2}:){15}[0-9a-f]{2}$", (string)json["keypair"]!["fingerprint"]!);
        var list = (await Stack.SendAsync(HttpMethod.Get, "/v2.1/os-keypairs", token)).Body!["keypairs"]!.AsArray();
        Assert.Contains(list, k => (string?)k!["keypair"]!["name"] == "k1");
    }
}
