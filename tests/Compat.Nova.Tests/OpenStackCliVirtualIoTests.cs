using PowerDrivers.Compat.Nova.Tests.Support;

namespace PowerDrivers.Compat.Nova.Tests;

/// <summary>
/// Debian's real <c>openstack</c> client driving volumes, networks and ports through Cinder, Neutron and Nova against
/// the driver's own backends: LPARs of the real PowerVM backend on the emulated HMC (live attach), and guests of the real
/// PowerKVM backend on libvirt's embedded test driver (no hot plug: refused while running, done once stopped).
/// </summary>
public sealed class OpenStackCliVirtualIoTests(RealBackendsFixture fixture) : IClassFixture<RealBackendsFixture>
{
    private Uri Url => fixture.Stack.Url;

    private async Task<string> CreateServerAsync(string zone, string image, string name)
    {
        var server = await Cli.JsonAsync(Url, "--os-compute-api-version", "2.37", "server", "create", "--flavor", "m1.small", "--image", image,
            "--availability-zone", zone, "--nic", "none", "--wait", name);
        Assert.Equal("ACTIVE", (string?)server!["status"]);
        return (string)server["id"]!;
    }

    private async Task<string> VolumeStatusAsync(string volume, string status)
    {
        var admin = await VirtualIoClient.LoginAsync(fixture.Stack);
        var id = (string)(await Cli.JsonAsync(Url, "volume", "show", volume))!["id"]!;
        return (string)(await admin.WaitForVolumeAsync(id, status))["status"]!;
    }

    [Fact]
    public async Task VolumeAndPort_OnEmulatedPowerVm_AttachLiveShowAndRemove()
    {
        var server = await CreateServerAsync("powervm", "aix-7.2", "lpar-io");

        var volume = await Cli.JsonAsync(Url, "volume", "create", "--size", "1", "v1");
        var volumeId = (string)volume!["id"]!;
        Assert.Equal("available", (string?)volume["status"]);
        Assert.Equal("thin", (string?)volume["type"]);
        var attached = await Cli.JsonAsync(Url, "server", "add", "volume", server, "v1");
        Assert.Equal(volumeId, (string?)attached!["Volume ID"]);
        Assert.Equal("in-use", await VolumeStatusAsync("v1", "in-use"));
        var listed = (await Cli.JsonAsync(Url, "server", "volume", "list", server))!.AsArray();
        Assert.Equal(volumeId, (string?)Assert.Single(listed)!["Volume ID"]);
        var shownVolume = await Cli.JsonAsync(Url, "volume", "show", "v1");
        Assert.Equal(server, (string?)Assert.Single(shownVolume!["attachments"]!.AsArray())!["server_id"]);

        var network = await Cli.JsonAsync(Url, "network", "create", "--provider-network-type", "vlan", "--provider-segment", "100", "n1");
        Assert.Equal(100, (int)network!["provider:segmentation_id"]!);
        Assert.Contains((await Cli.JsonAsync(Url, "network", "list"))!.AsArray(), n => (string?)n!["Name"] == "n1");
        await Cli.JsonAsync(Url, "subnet", "create", "--network", "n1", "--subnet-range", "10.100.0.0/24", "s1");
        var port = await Cli.JsonAsync(Url, "port", "create", "--network", "n1", "p1");
        Assert.Equal("10.100.0.2", (string?)port!["fixed_ips"]![0]!["ip_address"]);
        await Cli.OkAsync(Url, "server", "add", "port", server, "p1");

        var shown = await Cli.JsonAsync(Url, "server", "show", server);
        Assert.Equal("10.100.0.2", (string?)shown!["addresses"]!["n1"]![0]);
        Assert.Equal(volumeId, (string?)Assert.Single(shown["volumes_attached"]!.AsArray())!["id"]);
        var boundPort = await Cli.JsonAsync(Url, "port", "show", "p1");
        Assert.Equal(server, (string?)boundPort!["device_id"]);
        Assert.Equal("ACTIVE", (string?)boundPort["status"]);

        await Cli.OkAsync(Url, "server", "remove", "port", server, "p1");
        await Cli.OkAsync(Url, "server", "remove", "volume", server, "v1");
        Assert.Equal("available", await VolumeStatusAsync("v1", "available"));
        Assert.Equal("", (string?)(await Cli.JsonAsync(Url, "port", "show", "p1"))!["device_id"]);
        Assert.Empty((await Cli.JsonAsync(Url, "server", "volume", "list", server))?.AsArray() ?? []);

        await Cli.OkAsync(Url, "volume", "delete", "v1");
        await Cli.OkAsync(Url, "port", "delete", "p1");
        await Cli.OkAsync(Url, "network", "delete", "n1");
        await Cli.OkAsync(Url, "server", "delete", "--wait", server);
    }

    [Fact]
    public async Task VolumeAndPort_OnPowerKvm_RefusedWhileRunning_AttachedOnceStopped()
    {
        var server = await CreateServerAsync("powerkvm", "ubuntu-16.04-ppc64el", "kvm-io");
        await Cli.JsonAsync(Url, "volume", "create", "--size", "1", "v-kvm");
        await Cli.JsonAsync(Url, "network", "create", "--provider-network-type", "vlan", "--provider-segment", "101", "n-kvm");
        await Cli.JsonAsync(Url, "port", "create", "--network", "n-kvm", "p-kvm");

        var (code, _, error) = await Cli.RunAsync(Cli.OpenStack, Url, ["server", "add", "volume", server, "v-kvm"]);
        Assert.NotEqual(0, code);
        Assert.Contains("409", error, StringComparison.Ordinal);
        Assert.Contains($"Cannot 'attach_volume' instance {server} while it is in vm_state active", error, StringComparison.Ordinal);
        Assert.Contains("live_volume_attach", error, StringComparison.Ordinal);
        (code, _, error) = await Cli.RunAsync(Cli.OpenStack, Url, ["server", "add", "port", server, "p-kvm"]);
        Assert.NotEqual(0, code);
        Assert.Contains($"Cannot 'attach_interface' instance {server} while it is in vm_state active", error, StringComparison.Ordinal);
        Assert.Contains("live_interface_attach", error, StringComparison.Ordinal);

        await Cli.OkAsync(Url, "server", "stop", server);
        await fixture.Stack.WaitForStatusAsync(await fixture.Stack.TokenAsync(), server, "SHUTOFF");
        var attached = await Cli.JsonAsync(Url, "server", "add", "volume", server, "v-kvm");
        Assert.Equal("/dev/vdb", (string?)attached!["Device"]);
        await Cli.OkAsync(Url, "server", "add", "port", server, "p-kvm");

        Assert.Equal("in-use", await VolumeStatusAsync("v-kvm", "in-use"));
        Assert.Single((await Cli.JsonAsync(Url, "server", "volume", "list", server))!.AsArray());
        var shown = await Cli.JsonAsync(Url, "server", "show", server);
        Assert.NotNull(shown!["addresses"]!["n-kvm"]);
        Assert.Single(shown["volumes_attached"]!.AsArray());
        Assert.Equal(server, (string?)(await Cli.JsonAsync(Url, "port", "show", "p-kvm"))!["device_id"]);

        await Cli.OkAsync(Url, "server", "remove", "port", server, "p-kvm");
        await Cli.OkAsync(Url, "server", "remove", "volume", server, "v-kvm");
        Assert.Equal("available", await VolumeStatusAsync("v-kvm", "available"));
        Assert.Equal("", (string?)(await Cli.JsonAsync(Url, "port", "show", "p-kvm"))!["device_id"]);

        await Cli.OkAsync(Url, "volume", "delete", "v-kvm");
        await Cli.OkAsync(Url, "port", "delete", "p-kvm");
        await Cli.OkAsync(Url, "network", "delete", "n-kvm");
        await Cli.OkAsync(Url, "server", "delete", "--wait", server);
    }

    [Fact]
    public async Task QuotaShowVolumeTypesAndServices_WithBlockStorageAndNetwork_Work()
    {
        var quota = await Cli.JsonAsync(Url, "quota", "show");
        Assert.Equal(-1, (int)quota!["volumes"]!);
        Assert.Equal(-1, (int)quota["networks"]!);

        var types = (await Cli.JsonAsync(Url, "volume", "type", "list"))!.AsArray();
        Assert.Equal(["thick", "thin"], types.Select(t => (string)t!["Name"]!).Order());
        var services = (await Cli.JsonAsync(Url, "volume", "service", "list"))!.AsArray();
        Assert.Contains(services, s => (string?)s!["Host"] == "powerkvm-1@powerkvm" && (string?)s["State"] == "up");
        Assert.Contains((await Cli.JsonAsync(Url, "availability", "zone", "list", "--volume"))!.AsArray(), z => (string?)z!["Zone Name"] == "powervm");
    }

    [Fact]
    public async Task ServerCreateWithNetwork_OnPowerKvm_BootsWithTheInterface()
    {
        await Cli.JsonAsync(Url, "network", "create", "--provider-network-type", "vlan", "--provider-segment", "102", "n-boot");
        await Cli.JsonAsync(Url, "subnet", "create", "--network", "n-boot", "--subnet-range", "10.102.0.0/24", "s-boot");

        var server = await Cli.JsonAsync(Url, "--os-compute-api-version", "2.37", "server", "create", "--flavor", "m1.small", "--image", "ubuntu-16.04-ppc64el",
            "--availability-zone", "powerkvm", "--network", "n-boot", "--wait", "kvm-boot");

        Assert.Equal("ACTIVE", (string?)server!["status"]);
        Assert.Equal("10.102.0.2", (string?)server["addresses"]!["n-boot"]![0]);
        var id = (string)server["id"]!;
        await Cli.OkAsync(Url, "server", "delete", "--wait", id);
        Assert.Empty((await Cli.JsonAsync(Url, "port", "list", "--network", "n-boot"))!.AsArray());
        await Cli.OkAsync(Url, "network", "delete", "n-boot");
    }
}
