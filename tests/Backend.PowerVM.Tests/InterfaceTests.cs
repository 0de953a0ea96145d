using PowerDrivers.Backend.PowerVM.Tests.Support;
using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.Model;
using PowerDrivers.Emulator.Hmc.Faults;

namespace PowerDrivers.Backend.PowerVM.Tests;

/// <summary>Network interfaces: VLAN bridging on the default network bridge and client network adapters, against Emulator.Hmc over HTTPS.</summary>
public sealed class InterfaceTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private VirtualIoHarness _h = null!;

    public async Task InitializeAsync() => _h = await VirtualIoHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private PowerVmBackend Backend => _h.Backend;

    private static InterfaceRequest Request(int vlan, string mac = "") => new(Guid.NewGuid(), Guid.NewGuid(), vlan, mac);

    [Fact]
    public async Task AttachInterface_NewVlan_BridgesItAndCreatesTheAdapterWithTheMac()
    {
        var lpar = await _h.PartitionAsync("nic", running: true);
        Assert.DoesNotContain(2227, _h.System.BridgedVlans());

        var result = await Backend.AttachInterfaceAsync(lpar, Request(2227, "fa:16:3e:00:22:27"), VirtualIoHarness.Progress, None);

        Assert.Equal("fa:16:3e:00:22:27", result.MacAddress);
        Assert.Equal("true", result.Native["bridged_by_attach"]);
        Assert.Contains(2227, _h.System.BridgedVlans());
        Assert.Contains(_h.System.VirtualNetworks(), n => n.VlanId == 2227);
        var adapter = Assert.Single(_h.System.Find(lpar.NativeId)!.NetworkAdapters);
        Assert.Equal("FA163E002227", adapter.MacAddress);
        Assert.Equal(2227, adapter.PortVlanId);
        Assert.Equal(adapter.Uuid, result.Native["adapter_uuid"]);
        Assert.Equal($"C{adapter.Slot}", result.Device);
        Assert.Empty(_h.System.UnbridgedVlans(lpar.NativeId));
    }

    [Fact]
    public async Task AttachInterface_NoMac_ReturnsTheHmcsInLowerCase()
    {
        var lpar = await _h.PartitionAsync("nic-auto", running: false);

        var result = await Backend.AttachInterfaceAsync(lpar, Request(1), VirtualIoHarness.Progress, None);

        Assert.Matches("^([0-9a-f]{2}:){5}[0-9a-f]{2}$", result.MacAddress);
        Assert.Equal("false", result.Native["bridged_by_attach"]);
        Assert.Equal(result.MacAddress.Replace(":", "", StringComparison.Ordinal).ToUpperInvariant(), Assert.Single(_h.System.Find(lpar.NativeId)!.NetworkAdapters).MacAddress);
    }

    [Fact]
    public async Task AttachInterface_DuplicateMac_IsConflictAndLeavesNothingBehind()
    {
        var first = await _h.PartitionAsync("nic-1", running: false);
        var second = await _h.PartitionAsync("nic-2", running: false);
        await Backend.AttachInterfaceAsync(first, Request(1, "fa:16:3e:aa:bb:cc"), VirtualIoHarness.Progress, None);

        var error = await Assert.ThrowsAsync<ConflictError>(() => Backend.AttachInterfaceAsync(second, Request(3001, "FA:16:3E:AA:BB:CC"), VirtualIoHarness.Progress, None));

        Assert.Contains("already in use", error.Message, StringComparison.Ordinal);
        Assert.Empty(_h.System.Find(second.NativeId)!.NetworkAdapters);
        Assert.DoesNotContain(3001, _h.System.BridgedVlans());
    }

    [Fact]
    public async Task AttachInterface_WhenTheAdapterFails_UnbridgesTheVlanItBridged()
    {
        var lpar = await _h.PartitionAsync("nic-revert", running: false);
        _h.Hmc.Model.Faults.Add(new FaultRule { Method = "PUT", PathContains = "/ClientNetworkAdapter", Code = "HSCL9999", Message = "Injected adapter failure.", Status = 500 });

        var error = await Assert.ThrowsAsync<BackendFailureError>(() => Backend.AttachInterfaceAsync(lpar, Request(3002), VirtualIoHarness.Progress, None));

        Assert.Contains("Injected adapter failure", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(3002, _h.System.BridgedVlans());
        Assert.Empty(_h.System.Find(lpar.NativeId)!.NetworkAdapters);
    }

    [Fact]
    public async Task AttachInterface_ActiveWithoutRmc_IsInvalidState()
    {
        var lpar = await _h.PartitionAsync("nic-no-rmc", running: false);
        _h.System.BeginPowerOn(lpar.NativeId);
        _h.System.CompletePowerOn(lpar.NativeId, "of");

        var error = await Assert.ThrowsAsync<InvalidStateError>(() => Backend.AttachInterfaceAsync(lpar, Request(1), VirtualIoHarness.Progress, None));

        Assert.Contains("HSCL0DB4", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "")]
    [InlineData(4095, "")]
    [InlineData(10, "not-a-mac")]
    public async Task AttachInterface_BadVlanOrMac_IsInvalidSpec(int vlan, string mac)
    {
        var lpar = await _h.PartitionAsync("nic-bad", running: false);

        await Assert.ThrowsAsync<InvalidSpecError>(() => Backend.AttachInterfaceAsync(lpar, Request(vlan, mac), VirtualIoHarness.Progress, None));
    }

    [Fact]
    public async Task DetachInterface_RemovesTheAdapterAndKeepsTheVlanBridged()
    {
        var lpar = await _h.PartitionAsync("nic-detach", running: true);
        var request = Request(2300);
        var result = await Backend.AttachInterfaceAsync(lpar, request, VirtualIoHarness.Progress, None);
        var attachment = new InterfaceAttachment(request.Id, request.NetworkId, 2300, result.MacAddress, result.Device, result.Native);

        await Backend.DetachInterfaceAsync(lpar, attachment, VirtualIoHarness.Progress, None);
        await Backend.DetachInterfaceAsync(lpar, attachment, VirtualIoHarness.Progress, None);

        Assert.Empty(_h.System.Find(lpar.NativeId)!.NetworkAdapters);
        Assert.Contains(2300, _h.System.BridgedVlans());
    }
}
