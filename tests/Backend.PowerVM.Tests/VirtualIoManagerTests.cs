using PowerDrivers.Backend.PowerVM.Tests.Support;
using PowerDrivers.Driver.Core.Model;
using PowerDrivers.Driver.Core.Operations;

namespace PowerDrivers.Backend.PowerVM.Tests;

/// <summary>Volumes and interfaces through the ComputeManager over the PowerVM backend and Emulator.Hmc: what the driver stores is what the HMC has.</summary>
public sealed class VirtualIoManagerTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private VirtualIoHarness _h = null!;

    public async Task InitializeAsync() => _h = await VirtualIoHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private ComputeManager Manager => _h.Driver.Manager;

    private async Task SucceedsAsync(Task<OperationRecord> call)
    {
        var op = await _h.Driver.FinishAsync(call);
        Assert.True(op.State == OperationState.Succeeded, $"{op.Kind} ended {op.State}: {op.Error?.Reason} {op.Error?.Message}");
    }

    [Fact]
    public async Task VolumeLifecycle_CreateAttachRunningDetachDelete_LeavesTheHmcClean()
    {
        var lpar = await _h.PartitionAsync("mgr-volume", running: true);
        var created = await _h.Driver.FinishAsync(Manager.CreateVolumeAsync(new VolumeSpec("db", 50, Provisioning.Thick, VirtualIoHarness.Host, new Dictionary<string, string>()), "", None));
        Assert.Equal(OperationState.Succeeded, created.State);
        var volume = (await Manager.ListVolumesAsync(VirtualIoHarness.Host, false, None)).Single();
        Assert.Single(_h.System.StoragePool!.LogicalUnits, l => l.Udid == volume.NativeId && !l.Thin);

        await SucceedsAsync(Manager.AttachVolumeAsync(lpar.Id, volume.Id, null, "", None));

        var attached = Assert.Single((await Manager.GetInstanceAsync(lpar.Id, None)).Volumes);
        Assert.Equal(AttachmentKind.Vscsi, attached.Kind);
        Assert.Equal("2", attached.Native["paths"]);
        Assert.Equal(2, _h.System.DiskPaths(lpar.NativeId).Count);

        await SucceedsAsync(Manager.DetachVolumeAsync(lpar.Id, volume.Id, "", None));
        Assert.Empty(_h.System.ScsiClientAdapters(lpar.NativeId));
        await SucceedsAsync(Manager.DeleteVolumeAsync(volume.Id, "", None));
        Assert.Empty(_h.System.StoragePool!.LogicalUnits);
    }

    [Fact]
    public async Task AttachVolume_Unbound_CreatesTheLuOnTheInstancesHostByNpiv()
    {
        var lpar = await _h.PartitionAsync("mgr-npiv", running: false);
        await _h.Driver.FinishAsync(Manager.CreateVolumeAsync(new VolumeSpec("san", 5, Provisioning.Thin, "", new Dictionary<string, string>()), "", None));
        var volume = (await Manager.ListVolumesAsync("", false, None)).Single();

        await SucceedsAsync(Manager.AttachVolumeAsync(lpar.Id, volume.Id, AttachmentKind.Npiv, "", None));

        var attachment = Assert.Single((await Manager.GetInstanceAsync(lpar.Id, None)).Volumes);
        Assert.Equal(4, attachment.Native["wwpns"].Split([',', ' ']).Length);
        Assert.Equal(2, _h.System.FcClientAdapters(lpar.NativeId).Count);
        Assert.Single(_h.System.StoragePool!.LogicalUnits);

        await SucceedsAsync(Manager.DetachVolumeAsync(lpar.Id, volume.Id, "", None));
        Assert.Empty(_h.System.FcClientAdapters(lpar.NativeId));
    }

    [Fact]
    public async Task DeleteInstance_WithVolumesAttached_UnmapsThemSoTheLuCanGo()
    {
        var lpar = await _h.PartitionAsync("mgr-delete", running: true);
        var disk = await CreateVolumeAsync("disk");
        var san = await CreateVolumeAsync("san");
        await SucceedsAsync(Manager.AttachVolumeAsync(lpar.Id, disk.Id, AttachmentKind.Vscsi, "", None));
        await SucceedsAsync(Manager.AttachVolumeAsync(lpar.Id, san.Id, AttachmentKind.Npiv, "", None));

        await SucceedsAsync(Manager.DeleteAsync(lpar.Id, force: true, "", None));

        Assert.All(await _h.ViosOverRestAsync(), v =>
        {
            Assert.DoesNotContain(v.Scsi, m => string.Equals(m.ClientUuid, lpar.NativeId, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(v.Fc, m => string.Equals(m.ClientUuid, lpar.NativeId, StringComparison.OrdinalIgnoreCase));
        });
        await SucceedsAsync(Manager.DeleteVolumeAsync(disk.Id, "", None));
        Assert.DoesNotContain(_h.System.StoragePool!.LogicalUnits, l => l.Udid == disk.NativeId);
    }

    private async Task<Driver.Core.Storage.VolumeRecord> CreateVolumeAsync(string name)
    {
        var op = await _h.Driver.FinishAsync(Manager.CreateVolumeAsync(new VolumeSpec(name, 4, Provisioning.Thin, VirtualIoHarness.Host, new Dictionary<string, string>()), "", None));
        return await Manager.GetVolumeAsync(op.VolumeId!.Value, None);
    }

    [Fact]
    public async Task Interface_AttachAndDetach_OnANetwork()
    {
        var lpar = await _h.PartitionAsync("mgr-nic", running: true);
        var network = await Manager.CreateNetworkAsync("prod", 2001, None);

        await SucceedsAsync(Manager.AttachInterfaceAsync(lpar.Id, network.Id, "fa:16:3e:20:01:01", "", None));

        var nic = Assert.Single((await Manager.GetInstanceAsync(lpar.Id, None)).Interfaces);
        Assert.Equal("fa:16:3e:20:01:01", nic.MacAddress);
        Assert.Contains(2001, _h.System.BridgedVlans());
        Assert.Equal(2001, Assert.Single(_h.System.Find(lpar.NativeId)!.NetworkAdapters).PortVlanId);
        var io = await Manager.GetHostIoAsync(VirtualIoHarness.Host, None);
        Assert.All(io.Bridges, b => Assert.Contains(2001, b.Vlans));

        await SucceedsAsync(Manager.DetachInterfaceAsync(lpar.Id, nic.Id, "", None));
        Assert.Empty(_h.System.Find(lpar.NativeId)!.NetworkAdapters);
    }
}
