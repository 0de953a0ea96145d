using PowerDrivers.Backend.PowerVM.Tests.Support;
using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.Model;
using PowerDrivers.Emulator.Hmc.Faults;

namespace PowerDrivers.Backend.PowerVM.Tests;

/// <summary>Volumes as shared storage pool LUs and their vSCSI attachment through both VIOS, against Emulator.Hmc over HTTPS.</summary>
public sealed class VolumeTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private VirtualIoHarness _h = null!;

    public async Task InitializeAsync() => _h = await VirtualIoHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private PowerVmBackend Backend => _h.Backend;

    [Fact]
    public async Task CreateVolume_ThinAndThick_AreLogicalUnitsAndDeleteRemovesThem()
    {
        var thin = await _h.CreatedVolumeAsync("data thin", 100);
        var thick = await _h.CreatedVolumeAsync("data thick", 20, Provisioning.Thick);

        var pool = _h.System.StoragePool!;
        var thinLu = Assert.Single(pool.LogicalUnits, l => l.Udid == thin.NativeId);
        var thickLu = Assert.Single(pool.LogicalUnits, l => l.Udid == thick.NativeId);
        Assert.True(thinLu.Thin);
        Assert.False(thickLu.Thin);
        Assert.Equal(100m, thinLu.CapacityGb);
        Assert.Equal(20m, thickLu.CapacityGb);
        Assert.Equal(PowerVmBackend.LuName(thin), thinLu.Name);
        Assert.Equal(20m, pool.ReservedGb);

        await Backend.DeleteVolumeAsync(thin, None);
        await Backend.DeleteVolumeAsync(thick, None);
        await Backend.DeleteVolumeAsync(thick, None);

        Assert.Empty(_h.System.StoragePool!.LogicalUnits);
    }

    [Fact]
    public async Task CreateVolume_ThickBeyondTheFreeCapacity_IsInsufficientCapacityAndCreatesNothing()
    {
        var free = _h.System.StoragePool!.FreeGb;
        var volume = VirtualIoHarness.Volume("too big", (long)free + 1, Provisioning.Thick);

        var error = await Assert.ThrowsAsync<InsufficientCapacityError>(() => Backend.CreateVolumeAsync(volume, None));

        Assert.Equal("GB", error.Unit);
        Assert.Equal(free + 1, error.Requested);
        Assert.Equal(free, error.Available);
        Assert.Contains("HSCL1575", error.Message, StringComparison.Ordinal);
        Assert.Empty(_h.System.StoragePool!.LogicalUnits);
    }

    [Fact]
    public async Task CreateVolume_ThinBeyondTheCapacity_IsOvercommitted()
    {
        var capacity = _h.System.StoragePool!.CapacityGb;
        var volume = await _h.CreatedVolumeAsync("overcommit", (long)capacity * 2);

        Assert.Single(_h.System.StoragePool!.LogicalUnits, l => l.Udid == volume.NativeId);
        Assert.True(_h.System.StoragePool!.OverCommitGb > 0);
    }

    [Fact]
    public async Task CreateVolume_ConfiguredPool_IsUsedAndAnUnknownOneIsNamedInTheError()
    {
        var settings = PowerVmSettings.From(new Dictionary<string, string>
        {
            ["HmcUrl"] = "https://127.0.0.1:12443", ["Password"] = "x", ["StoragePools:powervm-1"] = "ssp_powervm-2", ["StoragePools:other"] = "nope",
        });
        Assert.Equal("ssp_powervm-2", settings.StoragePools["powervm-1"]);

        var options = _h.Hmc.ClientOptions();
        await using var configured = new PowerVmBackend(_h.Hmc.Hosts("powervm-1"), new PowerDrivers.Backend.PowerVM.Hmc.HmcClient(options),
            new PowerVmSettings { Hmc = options, StoragePools = new Dictionary<string, string> { ["powervm-1"] = "ssp_powervm-2" } });
        var udid = await configured.CreateVolumeAsync(VirtualIoHarness.Volume("elsewhere", 1), None);
        Assert.Contains(_h.Hmc.Model.Systems[1].StoragePool!.LogicalUnits, l => l.Udid == udid);

        await using var wrong = new PowerVmBackend(_h.Hmc.Hosts("powervm-1"), new PowerDrivers.Backend.PowerVM.Hmc.HmcClient(options),
            new PowerVmSettings { Hmc = options, StoragePools = new Dictionary<string, string> { ["powervm-1"] = "nope" } });
        var error = await Assert.ThrowsAsync<UnavailableError>(() => wrong.CreateVolumeAsync(VirtualIoHarness.Volume("x", 1), None));
        Assert.Contains("ssp_powervm-1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AttachVscsi_Stopped_MapsTheLuThroughBothViosAndDetachLeavesNoAdapter()
    {
        var lpar = await _h.PartitionAsync("vscsi-stopped", running: false);
        var volume = await _h.CreatedVolumeAsync("boot");

        var result = await Backend.AttachVolumeAsync(lpar, volume, AttachmentKind.Vscsi, VirtualIoHarness.Progress, None);

        Assert.Equal("2", result.Native["paths"]);
        Assert.Equal(2, result.Device.Split(',').Length);
        Assert.All(result.Native["server_adapters"].Split(','), a => Assert.StartsWith("vhost", a, StringComparison.Ordinal));
        var vioses = await _h.ViosOverRestAsync();
        Assert.Equal(2, vioses.Count);
        foreach (var vios in vioses)
        {
            var mapping = Assert.Single(vios.Scsi, m => string.Equals(m.ClientUuid, lpar.NativeId, StringComparison.OrdinalIgnoreCase));
            Assert.Equal(volume.NativeId, mapping.Backing);
            Assert.Equal("LogicalUnit", mapping.BackingKind);
            Assert.Contains(vios.Name, result.Native["vios_names"], StringComparison.Ordinal);
        }

        await Backend.DetachVolumeAsync(lpar, volume, new VolumeAttachment(volume.Id, AttachmentKind.Vscsi, result.Device, result.Native), VirtualIoHarness.Progress, None);

        Assert.All(await _h.ViosOverRestAsync(), v => Assert.DoesNotContain(v.Scsi, m => string.Equals(m.ClientUuid, lpar.NativeId, StringComparison.OrdinalIgnoreCase)));
        Assert.Empty(_h.System.ScsiClientAdapters(lpar.NativeId));
        await Backend.DeleteVolumeAsync(volume, None);
        Assert.Empty(_h.System.StoragePool!.LogicalUnits);
    }

    [Fact]
    public async Task AttachVscsi_TwoVolumes_ShareTheAdapterPairAndTheLastDetachRemovesIt()
    {
        var lpar = await _h.PartitionAsync("vscsi-two", running: false);
        var first = await _h.CreatedVolumeAsync("one");
        var second = await _h.CreatedVolumeAsync("two");

        var a = await Backend.AttachVolumeAsync(lpar, first, AttachmentKind.Vscsi, VirtualIoHarness.Progress, None);
        var b = await Backend.AttachVolumeAsync(lpar, second, AttachmentKind.Vscsi, VirtualIoHarness.Progress, None);

        Assert.Equal(a.Native["server_adapters"], b.Native["server_adapters"]);
        Assert.Equal(a.Device, b.Device);
        Assert.Equal(2, _h.System.ScsiClientAdapters(lpar.NativeId).Count);

        await Backend.DetachVolumeAsync(lpar, first, new VolumeAttachment(first.Id, AttachmentKind.Vscsi, a.Device, a.Native), VirtualIoHarness.Progress, None);
        Assert.Equal(2, _h.System.ScsiClientAdapters(lpar.NativeId).Count);
        await Backend.DetachVolumeAsync(lpar, second, new VolumeAttachment(second.Id, AttachmentKind.Vscsi, b.Device, b.Native), VirtualIoHarness.Progress, None);
        Assert.Empty(_h.System.ScsiClientAdapters(lpar.NativeId));
    }

    [Fact]
    public async Task AttachVscsi_WhenTheSecondViosFails_RevertsTheFirstMapping()
    {
        var lpar = await _h.PartitionAsync("vscsi-revert", running: false);
        var volume = await _h.CreatedVolumeAsync("half");
        var second = _h.System.Partitions(vios: true).OrderBy(v => v.Definition.Id).Last();
        _h.Hmc.Model.Faults.Add(new FaultRule { Method = "POST", PathContains = $"VirtualIOServer/{second.Uuid}", Code = "HSCL9999", Message = "Injected VIOS failure.", Status = 500 });

        var error = await Assert.ThrowsAsync<BackendFailureError>(() => Backend.AttachVolumeAsync(lpar, volume, AttachmentKind.Vscsi, VirtualIoHarness.Progress, None));

        Assert.Contains("Injected VIOS failure", error.Message, StringComparison.Ordinal);
        Assert.All(await _h.ViosOverRestAsync(), v => Assert.DoesNotContain(v.Scsi, m => string.Equals(m.ClientUuid, lpar.NativeId, StringComparison.OrdinalIgnoreCase)));
        Assert.Empty(_h.System.ScsiClientAdapters(lpar.NativeId));
    }

    [Fact]
    public async Task AttachVscsi_WhenAViosChangedSinceItWasRead_RereadsAndRetries()
    {
        var lpar = await _h.PartitionAsync("vscsi-412", running: false);
        var volume = await _h.CreatedVolumeAsync("etag");
        _h.Hmc.Model.Faults.Add(new FaultRule { Method = "POST", PathContains = "/VirtualIOServer/", Code = "HSCL7000", Message = "The object was changed by another request.", Status = 412 });

        var result = await Backend.AttachVolumeAsync(lpar, volume, AttachmentKind.Vscsi, VirtualIoHarness.Progress, None);

        Assert.Equal("2", result.Native["paths"]);
        Assert.All(await _h.ViosOverRestAsync(), v => Assert.Single(v.Scsi, m => string.Equals(m.ClientUuid, lpar.NativeId, StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task AttachVscsi_Running_IsLiveWithRmc()
    {
        var lpar = await _h.PartitionAsync("vscsi-live", running: true);
        var volume = await _h.CreatedVolumeAsync("live");

        var result = await Backend.AttachVolumeAsync(lpar, volume, AttachmentKind.Vscsi, VirtualIoHarness.Progress, None);

        Assert.Equal("2", result.Native["paths"]);
        Assert.Equal(2, _h.System.DiskPaths(lpar.NativeId).Count);
    }

    [Fact]
    public async Task AttachVscsi_ActiveWithoutRmc_IsInvalidStateWithTheHmcWords()
    {
        var lpar = await _h.PartitionAsync("vscsi-no-rmc", running: false);
        _h.System.BeginPowerOn(lpar.NativeId);
        _h.System.CompletePowerOn(lpar.NativeId, "sms");
        var volume = await _h.CreatedVolumeAsync("no-rmc");

        var error = await Assert.ThrowsAsync<InvalidStateError>(() => Backend.AttachVolumeAsync(lpar, volume, AttachmentKind.Vscsi, VirtualIoHarness.Progress, None));

        Assert.Contains("HSCL0DB4", error.Message, StringComparison.Ordinal);
        Assert.Contains("RMC", error.Message, StringComparison.Ordinal);
        Assert.Empty(_h.System.ScsiClientAdapters(lpar.NativeId));
    }

    [Fact]
    public async Task DeleteVolume_StillMapped_IsVolumeInUse()
    {
        var lpar = await _h.PartitionAsync("mapped", running: false);
        var volume = await _h.CreatedVolumeAsync("mapped");
        await Backend.AttachVolumeAsync(lpar, volume, AttachmentKind.Vscsi, VirtualIoHarness.Progress, None);

        var error = await Assert.ThrowsAsync<PreconditionError>(() => Backend.DeleteVolumeAsync(volume, None));

        Assert.Equal(ErrorReasons.VolumeInUse, error.Reason);
        Assert.Single(_h.System.StoragePool!.LogicalUnits);
    }

    [Theory]
    [InlineData(AttachmentKind.VirtioBlk)]
    [InlineData(AttachmentKind.VirtioScsi)]
    public async Task AttachVolume_KvmKinds_AreUnsupported(AttachmentKind kind)
    {
        var lpar = await _h.PartitionAsync("kvm-kind", running: false);
        var volume = await _h.CreatedVolumeAsync("kvm");

        var error = await Assert.ThrowsAsync<UnsupportedError>(() => Backend.AttachVolumeAsync(lpar, volume, kind, VirtualIoHarness.Progress, None));

        Assert.Contains("vSCSI or NPIV", error.Message, StringComparison.Ordinal);
    }
}
