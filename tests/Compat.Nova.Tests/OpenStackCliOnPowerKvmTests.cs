using PowerDrivers.Compat.Nova.Tests.Support;

namespace PowerDrivers.Compat.Nova.Tests;

/// <summary>
/// Debian's real <c>openstack</c> client against the front, with guests on a PowerKVM host: the real PowerKVM backend on
/// libvirt's embedded test driver (no fake in the path).
/// </summary>
public sealed class OpenStackCliOnPowerKvmTests(StackFixture fixture) : IClassFixture<StackFixture>
{
    private Uri Url => fixture.Stack.Url;

    [Fact]
    public async Task ServerCreatePauseUnpauseDelete_OnPowerKvm_Works()
    {
        var server = await Cli.JsonAsync(Url, "--os-compute-api-version", "2.37", "server", "create", "--flavor", "m1.small", "--image", "ubuntu-16.04-ppc64el",
            "--availability-zone", "powerkvm", "--nic", "none", "--wait", "kvm-cli-1");
        var id = (string)server!["id"]!;
        Assert.Equal("ACTIVE", (string?)server["status"]);
        Assert.StartsWith("powerkvm-", (string?)server["OS-EXT-SRV-ATTR:host"], StringComparison.Ordinal);

        await Cli.OkAsync(Url, "server", "pause", id);
        var token = await fixture.Stack.TokenAsync();
        await fixture.Stack.WaitForStatusAsync(token, id, "PAUSED");

        var (code, _, error) = await Cli.RunAsync(Cli.OpenStack, Url, ["server", "pause", id]);
        Assert.NotEqual(0, code);
        Assert.Contains($"Cannot 'pause' instance {id} while it is in vm_state paused", error, StringComparison.Ordinal);

        await Cli.OkAsync(Url, "server", "unpause", id);
        await fixture.Stack.WaitForStatusAsync(token, id, "ACTIVE");
        await Cli.OkAsync(Url, "server", "delete", "--wait", id);
    }

    [Fact]
    public async Task ServerResizeConfirmAndRevert_OnPowerKvm_EndActiveWithTheRightFlavor()
    {
        var server = await Cli.JsonAsync(Url, "--os-compute-api-version", "2.37", "server", "create", "--flavor", "m1.small", "--image", "ubuntu-16.04-ppc64el",
            "--availability-zone", "powerkvm:powerkvm-2", "--nic", "none", "--wait", "kvm-cli-resize");
        var id = (string)server!["id"]!;
        Assert.Equal("powerkvm-2", (string?)server["OS-EXT-SRV-ATTR:host"]);
        var token = await fixture.Stack.TokenAsync();

        // 1 → 4 vCPUs passes the running guest's hot-plug maximum: the front powers it off, resizes, and powers it on at confirm.
        await Cli.OkAsync(Url, "server", "resize", "--flavor", "m1.large", "--wait", id);
        await Cli.OkAsync(Url, "server", "resize", "confirm", id);
        var confirmed = await fixture.Stack.WaitForStatusAsync(token, id, "ACTIVE");
        Assert.Equal("4", (string?)confirmed["flavor"]!["id"]);

        await Cli.OkAsync(Url, "server", "resize", "--flavor", "m1.xlarge", "--wait", id);
        await Cli.OkAsync(Url, "server", "resize", "revert", id);
        var reverted = await fixture.Stack.WaitForStatusAsync(token, id, "ACTIVE");
        Assert.Equal("4", (string?)reverted["flavor"]!["id"]);

        await Cli.OkAsync(Url, "server", "delete", "--wait", id);
    }
}
