using PowerDrivers.Compat.Nova.Tests.Support;

namespace PowerDrivers.Compat.Nova.Tests;

/// <summary>A stack with the driver's own backends: PowerVM through the embedded emulated HMC, PowerKVM on libvirt's test driver.</summary>
public sealed class RealBackendsFixture : IAsyncLifetime
{
    public NovaStack Stack { get; private set; } = null!;

    public async Task InitializeAsync() => Stack = await NovaStack.StartWithRealBackendsAsync();

    public async Task DisposeAsync() => await Stack.DisposeAsync();
}

/// <summary>Debian's real <c>openstack</c> client against LPARs of the real PowerVM backend on the emulated HMC (Emulator.Hmc).</summary>
public sealed class OpenStackCliOnEmulatedPowerVmTests(RealBackendsFixture fixture) : IClassFixture<RealBackendsFixture>
{
    private Uri Url => fixture.Stack.Url;

    [Fact]
    public async Task ServerCreatePauseStopDelete_OnEmulatedPowerVm_PauseIsRefusedWithTheReason()
    {
        var server = await Cli.JsonAsync(Url, "--os-compute-api-version", "2.37", "server", "create", "--flavor", "m1.small", "--image", "aix-7.2",
            "--availability-zone", "powervm", "--nic", "none", "--wait", "lpar-cli-1");
        var id = (string)server!["id"]!;
        Assert.Equal("ACTIVE", (string?)server["status"]);
        Assert.StartsWith("powervm-", (string?)server["OS-EXT-SRV-ATTR:host"], StringComparison.Ordinal);

        var (code, _, error) = await Cli.RunAsync(Cli.OpenStack, Url, ["server", "pause", id]);
        Assert.NotEqual(0, code);
        Assert.Contains("400", error, StringComparison.Ordinal);
        Assert.Contains("pause", error, StringComparison.OrdinalIgnoreCase);

        await Cli.OkAsync(Url, "server", "stop", id);
        await fixture.Stack.WaitForStatusAsync(await fixture.Stack.TokenAsync(), id, "SHUTOFF");
        await Cli.OkAsync(Url, "server", "delete", "--wait", id);
    }

    [Fact]
    public async Task ServerResizeConfirmAndRevert_OnEmulatedPowerVm_EndActiveWithTheRightFlavor()
    {
        var server = await Cli.JsonAsync(Url, "--os-compute-api-version", "2.37", "server", "create", "--flavor", "m1.small", "--image", "ubuntu-16.04-ppc64el",
            "--availability-zone", "powervm", "--nic", "none", "--wait", "lpar-cli-resize");
        var id = (string)server!["id"]!;
        var token = await fixture.Stack.TokenAsync();

        await Cli.OkAsync(Url, "server", "resize", "--flavor", "m1.medium", "--wait", id);
        await Cli.OkAsync(Url, "server", "resize", "confirm", id);
        Assert.Equal("3", (string?)(await fixture.Stack.WaitForStatusAsync(token, id, "ACTIVE"))["flavor"]!["id"]);

        await Cli.OkAsync(Url, "server", "resize", "--flavor", "m1.large", "--wait", id);
        await Cli.OkAsync(Url, "server", "resize", "revert", id);
        Assert.Equal("3", (string?)(await fixture.Stack.WaitForStatusAsync(token, id, "ACTIVE"))["flavor"]!["id"]);

        await Cli.OkAsync(Url, "server", "delete", "--wait", id);
    }
}
