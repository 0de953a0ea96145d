using System.Text.Json.Nodes;
using PowerDrivers.Compat.Nova.Tests.Support;

namespace PowerDrivers.Compat.Nova.Tests;

/// <summary>Shares one stack between the CLI tests of a class (xunit runs a class's tests one after another).</summary>
public sealed class StackFixture : IAsyncLifetime
{
    public NovaStack Stack { get; private set; } = null!;

    public async Task InitializeAsync() => Stack = await NovaStack.StartAsync();

    public async Task DisposeAsync() => await Stack.DisposeAsync();
}

/// <summary>
/// Debian's real <c>openstack</c> and <c>nova</c> clients against the front; the powervm hosts are served by the
/// in-memory fake backend (a test double until the real PowerVM backend exists), configured without pause like PowerVM.
/// </summary>
public sealed class OpenStackCliOnFakePowerVmTests(StackFixture fixture) : IClassFixture<StackFixture>
{
    private Uri Url => fixture.Stack.Url;

    [Fact]
    public async Task TokenIssue_AdminPassword_PrintsTokenForAdminProject()
    {
        var token = await Cli.JsonAsync(Url, "token", "issue");

        Assert.StartsWith("gAAAA", (string)token!["id"]!, StringComparison.Ordinal);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", (string)token["expires"]!);
        Assert.False(string.IsNullOrEmpty((string?)token["project_id"]));
    }

    [Fact]
    public async Task FlavorListShowCreate_AsAdmin_ShowsDefaultsAndTheNewFlavor()
    {
        var flavors = (await Cli.JsonAsync(Url, "flavor", "list"))!.AsArray();
        Assert.Contains(flavors, f => (string?)f!["Name"] == "m1.small" && (int)f["RAM"]! == 2048);

        var show = await Cli.JsonAsync(Url, "flavor", "show", "m1.medium");
        Assert.Equal(2, (int)show!["vcpus"]!);

        var created = await Cli.JsonAsync(Url, "flavor", "create", "--vcpus", "2", "--ram", "3072", "--disk", "10", "--property", "powervm:proc_units=0.4", "--property", "capabilities:hypervisor_type=phyp", "p8.lpar");
        Assert.Equal("p8.lpar", (string?)created!["name"]);
        var again = await Cli.JsonAsync(Url, "flavor", "show", "p8.lpar");
        Assert.Contains("powervm:proc_units", again!["properties"]!.ToJsonString(), StringComparison.Ordinal);

        // The CLI creates the flavor, then sets the properties: the unknown powervm: key is refused with a 400.
        var (_, _, error) = await Cli.RunAsync(Cli.OpenStack, Url, ["flavor", "create", "--vcpus", "1", "--ram", "512", "--property", "powervm:bogus=1", "p8.bad"]);
        Assert.Contains("400", error, StringComparison.Ordinal);
        Assert.Contains("powervm:bogus", error, StringComparison.Ordinal);
        Assert.Equal("", (await Cli.JsonAsync(Url, "flavor", "show", "p8.bad"))!["properties"]!.ToJsonString().Trim('"', '{', '}'));
    }

    [Fact]
    public async Task ImageList_ListsTheConfiguredCatalogue()
    {
        var images = (await Cli.JsonAsync(Url, "image", "list"))!.AsArray();

        Assert.Contains(images, i => (string?)i!["Name"] == "ubuntu-16.04-ppc64el");
    }

    [Fact]
    public async Task HypervisorListShow_ListsEveryHostWithItsType()
    {
        var list = (await Cli.JsonAsync(Url, "hypervisor", "list"))!.AsArray();
        Assert.Contains(list, h => (string?)h!["Hypervisor Hostname"] == "powervm-1" && (string?)h["Hypervisor Type"] == "phyp");
        Assert.Contains(list, h => (string?)h!["Hypervisor Hostname"] == "powerkvm-1" && (string?)h["Hypervisor Type"] == "QEMU");

        var show = await Cli.JsonAsync(Url, "hypervisor", "show", "powervm-1");
        Assert.Equal("phyp", (string?)show!["hypervisor_type"]);
        Assert.True((int)show["memory_mb"]! > 0);
    }

    [Fact]
    public async Task ServerLifecycle_OnFakePowerVm_CreateListShowStopStartRebootDelete()
    {
        var server = await Cli.JsonAsync(Url, "--os-compute-api-version", "2.37", "server", "create", "--flavor", "m1.small", "--image", "ubuntu-16.04-ppc64el",
            "--availability-zone", "powervm", "--nic", "none", "--wait", "cli-vm-1");
        var id = (string)server!["id"]!;
        Assert.Equal("ACTIVE", (string?)server["status"]);
        Assert.StartsWith("powervm-", (string?)server["OS-EXT-SRV-ATTR:host"], StringComparison.Ordinal);

        var list = (await Cli.JsonAsync(Url, "server", "list"))!.AsArray();
        Assert.Contains(list, s => (string?)s!["ID"] == id && (string?)s["Status"] == "ACTIVE" && (string?)s["Image"] == "ubuntu-16.04-ppc64el" && (string?)s["Flavor"] == "m1.small");

        await Cli.OkAsync(Url, "server", "stop", id);
        await fixture.Stack.WaitForStatusAsync(await fixture.Stack.TokenAsync(), id, "SHUTOFF");
        Assert.Equal("SHUTOFF", (string?)(await Cli.JsonAsync(Url, "server", "show", id))!["status"]);

        await Cli.OkAsync(Url, "server", "start", id);
        await fixture.Stack.WaitForStatusAsync(await fixture.Stack.TokenAsync(), id, "ACTIVE");

        await Cli.OkAsync(Url, "server", "reboot", "--hard", "--wait", id);
        Assert.Equal("ACTIVE", (string?)(await Cli.JsonAsync(Url, "server", "show", id))!["status"]);

        var (novaCode, novaOut, novaErr) = await Cli.RunAsync(Cli.Nova, Url, ["list"]);
        Assert.True(novaCode == 0, novaErr);
        Assert.Contains(id, novaOut, StringComparison.Ordinal);
        Assert.Contains("cli-vm-1", novaOut, StringComparison.Ordinal);

        await Cli.OkAsync(Url, "server", "delete", "--wait", id);
        Assert.DoesNotContain((await Cli.JsonAsync(Url, "server", "list"))!.AsArray(), s => (string?)s!["ID"] == id);
    }

    [Fact]
    public async Task ServerPause_OnFakePowerVmWithoutPause_IsRefusedWithTheBackendReason()
    {
        var server = await Cli.JsonAsync(Url, "--os-compute-api-version", "2.37", "server", "create", "--flavor", "m1.tiny", "--image", "aix-7.2",
            "--availability-zone", "powervm:powervm-2", "--nic", "none", "--wait", "cli-pause");
        var id = (string)server!["id"]!;
        Assert.Equal("powervm-2", (string?)server["OS-EXT-SRV-ATTR:host"]);

        var (code, _, error) = await Cli.RunAsync(Cli.OpenStack, Url, ["server", "pause", id]);

        Assert.NotEqual(0, code);
        Assert.Contains("pause", error, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("400", error, StringComparison.Ordinal);
        await Cli.OkAsync(Url, "server", "delete", "--wait", id);
    }

    [Fact]
    public async Task ServerResize_ConfirmAndRevert_OnFakePowerVm_ChangeTheFlavor()
    {
        var server = await Cli.JsonAsync(Url, "--os-compute-api-version", "2.37", "server", "create", "--flavor", "m1.small", "--image", "ubuntu-16.04-ppc64el",
            "--availability-zone", "powervm", "--nic", "none", "--wait", "cli-resize");
        var id = (string)server!["id"]!;

        await Cli.OkAsync(Url, "server", "resize", "--flavor", "m1.medium", "--wait", id);
        Assert.Equal("VERIFY_RESIZE", (string?)(await Cli.JsonAsync(Url, "server", "show", id))!["status"]);
        await Cli.OkAsync(Url, "server", "resize", "confirm", id);
        var confirmed = await Cli.JsonAsync(Url, "server", "show", id);
        Assert.Equal("ACTIVE", (string?)confirmed!["status"]);
        Assert.StartsWith("m1.medium", (string?)confirmed["flavor"], StringComparison.Ordinal);

        await Cli.OkAsync(Url, "server", "resize", "--flavor", "m1.large", "--wait", id);
        await Cli.OkAsync(Url, "server", "resize", "revert", id);
        var reverted = await fixture.Stack.WaitForStatusAsync(await fixture.Stack.TokenAsync(), id, "ACTIVE");
        Assert.Equal("3", (string?)reverted["flavor"]!["id"]);

        await Cli.OkAsync(Url, "server", "delete", "--wait", id);
    }
}
