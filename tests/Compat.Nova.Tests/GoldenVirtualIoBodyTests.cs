using PowerDrivers.Compat.Nova.Tests.Support;

namespace PowerDrivers.Compat.Nova.Tests;

/// <summary>
/// Attachment and volume bodies against the key paths of Nova's and Cinder's published API samples (Golden/*.keys).
/// Powervm hosts on the in-memory fake backend.
/// </summary>
public sealed class GoldenVirtualIoBodyTests(StackFixture fixture) : IClassFixture<StackFixture>
{
    private NovaStack Stack => fixture.Stack;

    [Fact]
    public async Task VolumeShowAndAttach_AsAdmin_MatchTheSampleKeys()
    {
        var admin = await VirtualIoClient.LoginAsync(Stack);
        var volume = await admin.CreateVolumeAsync("golden-v");
        Assert.Equal(KeyPaths.Golden("cinder-volume-show-resp-admin.keys"), KeyPaths.Of((await admin.SendAsync(HttpMethod.Get, $"{admin.Volumes}/volumes/{volume}")).Body));
        var server = await admin.CreateServerAsync("golden-io", "powervm");

        var (_, attached, _) = await admin.SendAsync(HttpMethod.Post, $"/v2.1/servers/{server}/os-volume_attachments", new { volumeAttachment = new { volumeId = volume } });

        Assert.Equal(KeyPaths.Golden("volume-attachment-create-resp.keys"), KeyPaths.Of(attached));
    }

    [Fact]
    public async Task InterfaceAttach_MatchesTheSampleKeys()
    {
        var admin = await VirtualIoClient.LoginAsync(Stack);
        var network = await admin.CreateNetworkAsync("golden-net", 300);
        Assert.Equal(201, (await admin.SendAsync(HttpMethod.Post, "/network/v2.0/subnets", new { subnet = new { network_id = network, cidr = "10.3.0.0/24", ip_version = 4 } })).Status);
        var server = await admin.CreateServerAsync("golden-if", "powervm");

        var (_, attached, _) = await admin.SendAsync(HttpMethod.Post, $"/v2.1/servers/{server}/os-interface", new { interfaceAttachment = new { net_id = network } });

        Assert.Equal(KeyPaths.Golden("interface-attachment-create-resp.keys"), KeyPaths.Of(attached));
    }
}
