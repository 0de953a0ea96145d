using System.Text.Json.Nodes;
using PowerDrivers.Compat.Nova.Tests.Support;

namespace PowerDrivers.Compat.Nova.Tests;

/// <summary>Keystone v3 over HTTP (the powervm hosts behind the front are served by the in-memory fake backend).</summary>
public sealed class KeystoneTests(StackFixture fixture) : IClassFixture<StackFixture>
{
    private NovaStack Stack => fixture.Stack;

    [Fact]
    public async Task IssueToken_Password_Returns201WithSubjectTokenAndKeystoneBody()
    {
        var body = new JsonObject
        {
            ["auth"] = new JsonObject
            {
                ["identity"] = new JsonObject
                {
                    ["methods"] = new JsonArray("password"),
                    ["password"] = new JsonObject { ["user"] = new JsonObject { ["name"] = "demo", ["domain"] = new JsonObject { ["name"] = "Default" }, ["password"] = "demo" } },
                },
            },
        };
        var (status, json, response) = await Stack.SendAsync(HttpMethod.Post, "/v3/auth/tokens", null, body.ToJsonString());

        Assert.Equal(201, status);
        Assert.NotEmpty(response.Headers.GetValues("X-Subject-Token").Single());
        var token = json!["token"]!;
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$", (string)token["expires_at"]!);
        Assert.Equal("demo", (string?)token["project"]!["name"]);
        Assert.Equal("default", (string?)token["user"]!["domain"]!["id"]);
        Assert.DoesNotContain(token["roles"]!.AsArray(), r => (string?)r!["name"] == "admin");
        var catalog = token["catalog"]!.AsArray();
        Assert.Equal(["block-storage", "compute", "identity", "image", "network", "volumev3"], catalog.Select(s => (string)s!["type"]!).Order());
        Assert.All(catalog, s => Assert.Equal(["admin", "internal", "public"], s!["endpoints"]!.AsArray().Select(e => (string)e!["interface"]!).Order()));
        Assert.All(catalog.SelectMany(s => s!["endpoints"]!.AsArray()), e => Assert.Equal("RegionOne", (string?)e!["region"]));
    }

    [Fact]
    public async Task IssueToken_WrongPassword_Is401InKeystoneShape()
    {
        var body = """{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"admin","domain":{"id":"default"},"password":"nope"}}}}}""";
        var (status, json, _) = await Stack.SendAsync(HttpMethod.Post, "/v3/auth/tokens", null, body);

        Assert.Equal(401, status);
        Assert.Equal(401, (int)json!["error"]!["code"]!);
        Assert.Equal("Unauthorized", (string?)json["error"]!["title"]);
    }

    [Fact]
    public async Task TokenMethod_WithValidToken_IssuesANewTokenThatValidates()
    {
        var first = await Stack.TokenAsync();
        var body = new JsonObject { ["auth"] = new JsonObject { ["identity"] = new JsonObject { ["methods"] = new JsonArray("token"), ["token"] = new JsonObject { ["id"] = first } } } };
        var (status, _, response) = await Stack.SendAsync(HttpMethod.Post, "/v3/auth/tokens", null, body.ToJsonString());
        Assert.Equal(201, status);
        var second = response.Headers.GetValues("X-Subject-Token").Single();

        using var validate = new HttpRequestMessage(HttpMethod.Get, "/v3/auth/tokens");
        validate.Headers.Add("X-Auth-Token", first);
        validate.Headers.Add("X-Subject-Token", second);
        using var result = await Stack.Http.SendAsync(validate);
        Assert.Equal(200, (int)result.StatusCode);
        Assert.Equal("admin", (string?)JsonNode.Parse(await result.Content.ReadAsStringAsync())!["token"]!["user"]!["name"]);
    }

    [Fact]
    public async Task ComputeCall_WithoutToken_Is401()
    {
        var (status, _, response) = await Stack.SendAsync(HttpMethod.Get, "/v2.1/servers", null);

        Assert.Equal(401, status);
        Assert.StartsWith("Keystone uri=", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal(401, (await Stack.SendAsync(HttpMethod.Get, "/v2.1/servers", "not-a-token")).Status);
    }

    [Fact]
    public async Task VersionDocuments_NeedNoToken()
    {
        Assert.Equal("v3.14", (string?)(await Stack.SendAsync(HttpMethod.Get, "/v3", null)).Body!["version"]!["id"]);
        Assert.Equal(300, (await Stack.SendAsync(HttpMethod.Get, "/image", null)).Status);
        Assert.Equal(200, (await Stack.SendAsync(HttpMethod.Get, "/", null)).Status);
    }

    [Fact]
    public async Task GlanceImages_FilterByName_ReturnsThatImage()
    {
        var token = await Stack.TokenAsync();
        var (status, json, _) = await Stack.SendAsync(HttpMethod.Get, "/image/v2/images?name=aix-7.2", token);

        Assert.Equal(200, status);
        var image = Assert.Single(json!["images"]!.AsArray());
        Assert.Equal("ppc64", (string?)image!["architecture"]);
        Assert.Equal(200, (await Stack.SendAsync(HttpMethod.Get, "/image/v2/images/" + (string)image["id"]!, token)).Status);
        Assert.Equal(404, (await Stack.SendAsync(HttpMethod.Get, "/image/v2/images/" + Guid.NewGuid(), token)).Status);
    }
}
