using PowerDrivers.Compat.Nova.Network;
using PowerDrivers.Compat.Nova.Volume;

namespace PowerDrivers.Compat.Nova.Tests;

/// <summary>Front-only state (Neutron ports and subnets, Cinder renames) in its JSON files under the data directory.</summary>
public sealed class FrontStateTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "pd-nova-state-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public void NeutronState_WithDataDirectory_SurvivesARestart()
    {
        var network = Guid.NewGuid().ToString();
        var first = new NeutronState(_dir);
        first.Save(new SubnetRecord { Id = "s1", NetworkId = network, Cidr = "10.9.0.0/24", GatewayIp = "10.9.0.1", CreatedAt = DateTimeOffset.UnixEpoch });
        var ips = first.Allocate(network, null);
        first.Save(new PortRecord { Id = "p1", NetworkId = network, MacAddress = "fa:16:3e:00:00:01", FixedIps = ips, CreatedAt = DateTimeOffset.UnixEpoch });
        Assert.True(first.TryBind("p1", "server-1", "powervm-1", DateTimeOffset.UnixEpoch));
        first.SetNetworkProject(network, "project-1");

        var second = new NeutronState(_dir);

        var port = second.Port("p1")!;
        Assert.Equal("server-1", port.DeviceId);
        Assert.Equal("10.9.0.2", Assert.Single(port.FixedIps).IpAddress);
        Assert.Equal("10.9.0.3", Assert.Single(second.Allocate(network, null)).IpAddress);
        Assert.Equal("project-1", second.NetworkProject(network));
        Assert.False(second.TryBind("p1", "server-2", "powervm-1", DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void NeutronState_NovaCreatedPort_IsDeletedOnUnbind_OthersAreFreed()
    {
        var state = new NeutronState("");
        state.Save(new PortRecord { Id = "mine", NetworkId = "n", MacAddress = "fa:16:3e:00:00:02", DeviceId = "s", InterfaceId = "i1" });
        state.Save(new PortRecord { Id = "nova", NetworkId = "n", MacAddress = "fa:16:3e:00:00:03", DeviceId = "s", InterfaceId = "i2", NovaCreated = true });

        state.Unbind("mine", DateTimeOffset.UnixEpoch);
        state.Unbind("nova", DateTimeOffset.UnixEpoch);

        Assert.Equal("", state.Port("mine")!.DeviceId);
        Assert.Null(state.Port("nova"));
    }

    [Fact]
    public void VolumeOverlay_WithDataDirectory_SurvivesARestart()
    {
        new VolumeOverlay(_dir).Set("v1", new VolumeRename("renamed", "about"));

        var again = new VolumeOverlay(_dir);

        Assert.Equal(new VolumeRename("renamed", "about"), again.Find("v1"));
        again.Forget("v1");
        Assert.Null(new VolumeOverlay(_dir).Find("v1"));
    }
}
