using PowerDrivers.Compat.Nova.Tests.Support;

namespace PowerDrivers.Compat.Nova.Tests;

/// <summary>
/// Response bodies against the key paths of Nova's (and Keystone's) published API samples at v2.1 (Golden/*.keys): a
/// strict client rejects unknown keys and misses absent ones. Powervm hosts on the in-memory fake backend.
/// </summary>
public sealed class GoldenBodyTests(StackFixture fixture) : IClassFixture<StackFixture>
{
    private NovaStack Stack => fixture.Stack;

    [Fact]
    public async Task ServerCreateAndShow_AsAdminAt21_MatchTheSampleKeys()
    {
        var token = await Stack.TokenAsync();
        var (_, created, _) = await Stack.SendAsync(HttpMethod.Post, "/v2.1/servers", token, new { server = new { name = "golden", flavorRef = "1", imageRef = "8d6b9b36-5b2e-4c1e-9f4a-2f3c1b0a7e01", availability_zone = "powervm" } });
        Assert.Equal(KeyPaths.Golden("server-create-resp.keys"), KeyPaths.Of(created));
        var id = (string)created!["server"]!["id"]!;
        await Stack.WaitForStatusAsync(token, id, "ACTIVE");

        var (_, shown, _) = await Stack.SendAsync(HttpMethod.Get, $"/v2.1/servers/{id}", token);

        Assert.Equal(KeyPaths.Golden("server-get-resp-v2.1-admin.keys"), KeyPaths.Of(shown));
    }

    [Fact]
    public async Task FlavorShow_MatchesTheSampleKeys()
    {
        var (_, body, _) = await Stack.SendAsync(HttpMethod.Get, "/v2.1/flavors/1", await Stack.TokenAsync());
        Assert.Equal(KeyPaths.Golden("flavor-get-resp.keys"), KeyPaths.Of(body));
    }

    [Fact]
    public async Task Versions_MatchTheSampleKeys()
    {
        var (_, body, _) = await Stack.SendAsync(HttpMethod.Get, "/", null);
        Assert.Equal(KeyPaths.Golden("versions-get-resp.keys"), KeyPaths.Of(body));
    }

    [Fact]
    public async Task HypervisorShow_At21_MatchesTheSampleKeys()
    {
        var (_, body, _) = await Stack.SendAsync(HttpMethod.Get, "/v2.1/os-hypervisors/1", await Stack.TokenAsync());
        Assert.Equal(KeyPaths.Golden("hypervisors-show-resp-v2.1.keys"), KeyPaths.Of(body));
        Assert.IsType<string>((string?)body!["hypervisor"]!["cpu_info"]);
    }

    [Fact]
    public async Task Limits_At21_MatchTheSampleKeys()
    {
        var (_, body, _) = await Stack.SendAsync(HttpMethod.Get, "/v2.1/limits", await Stack.TokenAsync());
        Assert.Equal(KeyPaths.Golden("limits-get-resp-v2.1.keys"), KeyPaths.Of(body));
    }

    [Fact]
    public async Task KeystoneToken_MatchesTheKeystoneBodyKeys()
    {
        var body = """{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"admin","domain":{"id":"default"},"password":"admin"}}},"scope":{"project":{"name":"admin","domain":{"id":"default"}}}}}""";
        var (_, json, _) = await Stack.SendAsync(HttpMethod.Post, "/v3/auth/tokens", null, body);
        Assert.Equal(KeyPaths.Golden("keystone-token-resp.keys"), KeyPaths.Of(json));
    }
}
