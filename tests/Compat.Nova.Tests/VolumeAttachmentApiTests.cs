using PowerDrivers.Compat.Nova.Tests.Support;

namespace PowerDrivers.Compat.Nova.Tests;

/// <summary>
/// Nova's <c>os-volume_attachments</c> over HTTP: powervm hosts on the in-memory fake backend (live attach), powerkvm
/// hosts on the real PowerKVM backend over libvirt's test driver (no hot plug).
/// </summary>
public sealed class VolumeAttachmentApiTests(StackFixture fixture) : IClassFixture<StackFixture>
{
    private NovaStack Stack => fixture.Stack;

    [Fact]
    public async Task AttachVolume_ToActiveServer_GoesInUseAndShowsEverywhere()
    {
        var admin = await VirtualIoClient.LoginAsync(Stack);
        var server = await admin.CreateServerAsync("att-1", "powervm");
        var volume = await admin.CreateVolumeAsync("att-v1");

        var (status, json, _) = await admin.SendAsync(HttpMethod.Post, $"/v2.1/servers/{server}/os-volume_attachments", new { volumeAttachment = new { volumeId = volume } });

        Assert.Equal(200, status);
        var attachment = json!["volumeAttachment"]!;
        Assert.Equal(volume, (string?)attachment["id"]);
        Assert.Equal(server, (string?)attachment["serverId"]);
        Assert.Equal(volume, (string?)attachment["volumeId"]);
        var inUse = await admin.WaitForVolumeAsync(volume, "in-use");
        var cinder = Assert.Single(inUse["attachments"]!.AsArray())!;
        Assert.Equal(server, (string?)cinder["server_id"]);
        Assert.Equal(volume, (string?)cinder["volume_id"]);
        Assert.False(string.IsNullOrEmpty((string?)cinder["attachment_id"]));
        Assert.False(string.IsNullOrEmpty((string?)cinder["device"]));
        Assert.Equal("powervm", (string?)inUse["availability_zone"]);

        var list = (await admin.SendAsync(HttpMethod.Get, $"/v2.1/servers/{server}/os-volume_attachments")).Body!["volumeAttachments"]!.AsArray();
        Assert.Equal(volume, (string?)Assert.Single(list)!["volumeId"]);
        Assert.Equal((string?)cinder["device"], (string?)list[0]!["device"]);
        Assert.Equal(200, (await admin.SendAsync(HttpMethod.Get, $"/v2.1/servers/{server}/os-volume_attachments/{volume}")).Status);
        var shown = (await admin.SendAsync(HttpMethod.Get, $"/v2.1/servers/{server}")).Body!["server"]!;
        Assert.Equal(volume, (string?)Assert.Single(shown["os-extended-volumes:volumes_attached"]!.AsArray())!["id"]);
    }

    [Fact]
    public async Task AttachVolume_InUseOrDeleteInUse_Is400InvalidVolume()
    {
        var admin = await VirtualIoClient.LoginAsync(Stack);
        var server = await admin.CreateServerAsync("att-2", "powervm");
        var other = await admin.CreateServerAsync("att-3", "powervm");
        var volume = await admin.CreateVolumeAsync("att-v2");
        Assert.Equal(200, (await admin.SendAsync(HttpMethod.Post, $"/v2.1/servers/{server}/os-volume_attachments", new { volumeAttachment = new { volumeId = volume } })).Status);
        await admin.WaitForVolumeAsync(volume, "in-use");

        var (status, json, _) = await admin.SendAsync(HttpMethod.Post, $"/v2.1/servers/{other}/os-volume_attachments", new { volumeAttachment = new { volumeId = volume } });
        Assert.Equal(400, status);
        Assert.StartsWith("Invalid volume", (string?)json!["badRequest"]!["message"], StringComparison.Ordinal);

        (status, json, _) = await admin.SendAsync(HttpMethod.Delete, $"{admin.Volumes}/volumes/{volume}");
        Assert.Equal(400, status);
        Assert.Contains("in-use", (string?)json!["badRequest"]!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task DetachVolume_Attached_Is202AndVolumeBecomesAvailable()
    {
        var admin = await VirtualIoClient.LoginAsync(Stack);
        var server = await admin.CreateServerAsync("att-4", "powervm");
        var volume = await admin.CreateVolumeAsync("att-v4");
        Assert.Equal(200, (await admin.SendAsync(HttpMethod.Post, $"/v2.1/servers/{server}/os-volume_attachments", new { volumeAttachment = new { volumeId = volume } })).Status);
        await admin.WaitForVolumeAsync(volume, "in-use");

        Assert.Equal(202, (await admin.SendAsync(HttpMethod.Delete, $"/v2.1/servers/{server}/os-volume_attachments/{volume}")).Status);

        var available = await admin.WaitForVolumeAsync(volume, "available");
        Assert.Empty(available["attachments"]!.AsArray());
        Assert.Empty((await admin.SendAsync(HttpMethod.Get, $"/v2.1/servers/{server}/os-volume_attachments")).Body!["volumeAttachments"]!.AsArray());
        var (status, json, _) = await admin.SendAsync(HttpMethod.Delete, $"/v2.1/servers/{server}/os-volume_attachments/{volume}");
        Assert.Equal(404, status);
        Assert.Contains(volume, (string?)json!["itemNotFound"]!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AttachVolume_UnknownOrMalformedVolume_Is404Or400()
    {
        var admin = await VirtualIoClient.LoginAsync(Stack);
        var server = await admin.CreateServerAsync("att-5", "powervm");
        var missing = Guid.NewGuid().ToString();

        var (status, json, _) = await admin.SendAsync(HttpMethod.Post, $"/v2.1/servers/{server}/os-volume_attachments", new { volumeAttachment = new { volumeId = missing } });
        Assert.Equal(404, status);
        Assert.Equal($"Volume {missing} could not be found.", (string?)json!["itemNotFound"]!["message"]);
        Assert.Equal(400, (await admin.SendAsync(HttpMethod.Post, $"/v2.1/servers/{server}/os-volume_attachments", new { volumeAttachment = new { volumeId = "x" } })).Status);
        Assert.Equal(400, (await admin.SendAsync(HttpMethod.Post, $"/v2.1/servers/{server}/os-volume_attachments", new { })).Status);
    }

    [Fact]
    public async Task AttachVolume_FromAnotherZone_Is400()
    {
        var admin = await VirtualIoClient.LoginAsync(Stack);
        var server = await admin.CreateServerAsync("att-6", "powervm");
        var volume = await admin.CreateVolumeAsync("att-v6", zone: "powerkvm");

        var (status, json, _) = await admin.SendAsync(HttpMethod.Post, $"/v2.1/servers/{server}/os-volume_attachments", new { volumeAttachment = new { volumeId = volume } });

        Assert.Equal(400, status);
        Assert.Equal("Server and volumes are not in the same availability zone. Server is in: powervm. Volumes are in: powerkvm", (string?)json!["badRequest"]!["message"]);
    }

    [Fact]
    public async Task AttachVolume_RunningPowerKvmServer_Is409WithTheReason_StoppedWorks()
    {
        var admin = await VirtualIoClient.LoginAsync(Stack);
        var server = await admin.CreateServerAsync("att-kvm", "powerkvm");
        var volume = await admin.CreateVolumeAsync("att-kvm-v");

        var (status, json, _) = await admin.SendAsync(HttpMethod.Post, $"/v2.1/servers/{server}/os-volume_attachments", new { volumeAttachment = new { volumeId = volume } });

        Assert.Equal(409, status);
        var message = (string)json!["conflictingRequest"]!["message"]!;
        Assert.StartsWith($"Cannot 'attach_volume' instance {server} while it is in vm_state active: ", message, StringComparison.Ordinal);
        Assert.Contains("live_volume_attach", message, StringComparison.Ordinal);
        Assert.Equal("available", (string?)(await admin.WaitForVolumeAsync(volume, "available"))["status"]);

        await admin.StopServerAsync(server);
        (status, json, _) = await admin.SendAsync(HttpMethod.Post, $"/v2.1/servers/{server}/os-volume_attachments", new { volumeAttachment = new { volumeId = volume } });
        Assert.Equal(200, status);
        Assert.Equal("/dev/vdb", (string?)json!["volumeAttachment"]!["device"]);
        Assert.Equal("powerkvm", (string?)(await admin.WaitForVolumeAsync(volume, "in-use"))["availability_zone"]);
        Assert.Equal(202, (await admin.SendAsync(HttpMethod.Delete, $"/v2.1/servers/{server}/os-volume_attachments/{volume}")).Status);
        await admin.WaitForVolumeAsync(volume, "available");
    }

    [Fact]
    public async Task ListAttachments_OfAnotherProjectsServer_Is404()
    {
        var admin = await VirtualIoClient.LoginAsync(Stack);
        var server = await admin.CreateServerAsync("att-7", "powervm");
        var demo = await VirtualIoClient.LoginAsync(Stack, "demo", "demo", "demo");

        Assert.Equal(404, (await demo.SendAsync(HttpMethod.Get, $"/v2.1/servers/{server}/os-volume_attachments")).Status);
    }
}
