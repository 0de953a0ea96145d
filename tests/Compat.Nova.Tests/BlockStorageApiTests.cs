using PowerDrivers.Compat.Nova.Tests.Support;

namespace PowerDrivers.Compat.Nova.Tests;

/// <summary>Cinder v3 over HTTP: volumes, types, faults and isolation (powervm hosts on the in-memory fake backend).</summary>
public sealed class BlockStorageApiTests(StackFixture fixture) : IClassFixture<StackFixture>
{
    private NovaStack Stack => fixture.Stack;

    [Fact]
    public async Task Versions_WithoutToken_ListV3AsCurrent()
    {
        var (status, json, _) = await Stack.SendAsync(HttpMethod.Get, "/volume/", null);

        Assert.Equal(300, status);
        var v3 = json!["versions"]![0]!;
        Assert.Equal("v3.0", (string?)v3["id"]);
        Assert.Equal("CURRENT", (string?)v3["status"]);
        Assert.EndsWith("/volume/v3/", (string?)v3["links"]![0]!["href"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateVolume_WithoutZone_IsAvailableUnboundAndListed()
    {
        var admin = await VirtualIoClient.LoginAsync(Stack);
        var (status, json, response) = await admin.SendAsync(HttpMethod.Post, admin.Volumes + "/volumes", new { volume = new { size = 2, name = "api-v1", description = "data" } });

        Assert.Equal(202, status);
        Assert.Equal("volume 3.0", response.Headers.GetValues("OpenStack-API-Version").Single());
        var volume = json!["volume"]!;
        var id = (string)volume["id"]!;
        Assert.Equal("available", (string?)volume["status"]);
        Assert.Equal(2, (int)volume["size"]!);
        Assert.Equal("thin", (string?)volume["volume_type"]);
        Assert.Equal("nova", (string?)volume["availability_zone"]);
        Assert.Equal("data", (string?)volume["description"]);
        Assert.Null(volume["os-vol-host-attr:host"]);
        Assert.Empty(volume["attachments"]!.AsArray());
        Assert.Equal(admin.ProjectId, (string?)volume["os-vol-tenant-attr:tenant_id"]);

        var shown = (await admin.SendAsync(HttpMethod.Get, $"{admin.Volumes}/volumes/{id}")).Body!["volume"]!;
        Assert.Equal("api-v1", (string?)shown["name"]);
        var summary = (await admin.SendAsync(HttpMethod.Get, admin.Volumes + "/volumes")).Body!["volumes"]!.AsArray();
        Assert.Contains(summary, v => (string?)v!["id"] == id && (string?)v["name"] == "api-v1");
        var byName = (await admin.SendAsync(HttpMethod.Get, admin.Volumes + "/volumes/detail?name=api-v1")).Body!["volumes"]!.AsArray();
        Assert.Equal(id, (string?)Assert.Single(byName)!["id"]);
    }

    [Fact]
    public async Task CreateVolume_ThickType_IsThickAndTypesListBoth()
    {
        var admin = await VirtualIoClient.LoginAsync(Stack);
        var id = await admin.CreateVolumeAsync("api-thick", type: "thick");

        Assert.Equal("thick", (string?)(await admin.SendAsync(HttpMethod.Get, $"{admin.Volumes}/volumes/{id}")).Body!["volume"]!["volume_type"]);
        var types = (await admin.SendAsync(HttpMethod.Get, admin.Volumes + "/types")).Body!["volume_types"]!.AsArray();
        Assert.Equal(["thick", "thin"], types.Select(t => (string)t!["name"]!).Order());
        Assert.Equal("thin", (string?)(await admin.SendAsync(HttpMethod.Get, admin.Volumes + "/types/default")).Body!["volume_type"]!["name"]);
    }

    [Fact]
    public async Task CreateVolume_UnknownTypeBadSizeOrFromImage_AreRefused()
    {
        var admin = await VirtualIoClient.LoginAsync(Stack);

        var (status, json, _) = await admin.SendAsync(HttpMethod.Post, admin.Volumes + "/volumes", new { volume = new { size = 1, volume_type = "gold" } });
        Assert.Equal(404, status);
        Assert.Contains("gold", (string?)json!["itemNotFound"]!["message"], StringComparison.Ordinal);
        (status, json, _) = await admin.SendAsync(HttpMethod.Post, admin.Volumes + "/volumes", new { volume = new { size = 0 } });
        Assert.Equal(400, status);
        Assert.NotNull(json!["badRequest"]);
        (status, _, _) = await admin.SendAsync(HttpMethod.Post, admin.Volumes + "/volumes", new { volume = new { size = 1, imageRef = "8d6b9b36-5b2e-4c1e-9f4a-2f3c1b0a7e01" } });
        Assert.Equal(400, status);
        (status, _, _) = await admin.SendAsync(HttpMethod.Post, admin.Volumes + "/volumes", new { volume = new { size = 1, availability_zone = "nowhere" } });
        Assert.Equal(400, status);
    }

    [Fact]
    public async Task CreateVolume_ZoneAndHost_IsCreatedOnThatHost()
    {
        var admin = await VirtualIoClient.LoginAsync(Stack);
        var id = await admin.CreateVolumeAsync("api-bound", zone: "powervm:powervm-2");

        var volume = await admin.WaitForVolumeAsync(id, "available");
        Assert.Equal("powervm", (string?)volume["availability_zone"]);
        Assert.StartsWith("powervm-2@", (string?)volume["os-vol-host-attr:host"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateVolume_Name_RenamesIt()
    {
        var admin = await VirtualIoClient.LoginAsync(Stack);
        var id = await admin.CreateVolumeAsync("api-old");

        var (status, json, _) = await admin.SendAsync(HttpMethod.Put, $"{admin.Volumes}/volumes/{id}", new { volume = new { name = "api-new" } });

        Assert.Equal(200, status);
        Assert.Equal("api-new", (string?)json!["volume"]!["name"]);
        Assert.Equal("api-new", (string?)(await admin.SendAsync(HttpMethod.Get, $"{admin.Volumes}/volumes/{id}")).Body!["volume"]!["name"]);
        Assert.Empty((await admin.SendAsync(HttpMethod.Get, admin.Volumes + "/volumes/detail?name=api-old")).Body!["volumes"]!.AsArray());
    }

    [Fact]
    public async Task DeleteVolume_Available_Is202AndThenGone()
    {
        var admin = await VirtualIoClient.LoginAsync(Stack);
        var id = await admin.CreateVolumeAsync("api-gone");

        Assert.Equal(202, (await admin.SendAsync(HttpMethod.Delete, $"{admin.Volumes}/volumes/{id}")).Status);

        var (status, json, _) = await admin.SendAsync(HttpMethod.Get, $"{admin.Volumes}/volumes/{id}");
        Assert.Equal(404, status);
        Assert.Equal($"Volume {id} could not be found.", (string?)json!["itemNotFound"]!["message"]);
    }

    [Fact]
    public async Task ShowVolume_OfAnotherProjectOrThroughItsUrl_IsRefused()
    {
        var admin = await VirtualIoClient.LoginAsync(Stack);
        var id = await admin.CreateVolumeAsync("api-private");
        var demo = await VirtualIoClient.LoginAsync(Stack, "demo", "demo", "demo");

        Assert.Equal(404, (await demo.SendAsync(HttpMethod.Get, $"{demo.Volumes}/volumes/{id}")).Status);
        Assert.DoesNotContain((await demo.SendAsync(HttpMethod.Get, demo.Volumes + "/volumes")).Body!["volumes"]!.AsArray(), v => (string?)v!["id"] == id);
        Assert.Equal(400, (await demo.SendAsync(HttpMethod.Get, $"{admin.Volumes}/volumes/{id}")).Status);
        Assert.Equal(401, (await Stack.SendAsync(HttpMethod.Get, $"{admin.Volumes}/volumes", null)).Status);
    }

    [Fact]
    public async Task QuotasAndServices_ReportUsageAndOneServicePerHost()
    {
        var admin = await VirtualIoClient.LoginAsync(Stack);
        await admin.CreateVolumeAsync("api-quota", size: 3);

        var (status, json, _) = await admin.SendAsync(HttpMethod.Get, $"{admin.Volumes}/os-quota-sets/{admin.ProjectId}?usage=True");
        Assert.Equal(200, status);
        Assert.Equal(-1, (int)json!["quota_set"]!["volumes"]!["limit"]!);
        Assert.True((int)json["quota_set"]!["gigabytes"]!["in_use"]! >= 3);
        Assert.Equal(-1, (int)(await admin.SendAsync(HttpMethod.Get, $"{admin.Volumes}/os-quota-sets/{admin.ProjectId}")).Body!["quota_set"]!["volumes"]!);
        var services = (await admin.SendAsync(HttpMethod.Get, $"{admin.Volumes}/os-services")).Body!["services"]!.AsArray();
        Assert.Contains(services, s => (string?)s!["host"] == "powervm-1@powervm" && (string?)s["state"] == "up");
        var demo = await VirtualIoClient.LoginAsync(Stack, "demo", "demo", "demo");
        Assert.Equal(403, (await demo.SendAsync(HttpMethod.Get, $"{demo.Volumes}/os-services")).Status);
    }
}
