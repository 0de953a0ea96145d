using PowerDrivers.Backend.PowerKVM.Tests.Support;
using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.Model;
using static PowerDrivers.Backend.PowerKVM.Tests.Support.VirtualIo;

namespace PowerDrivers.Backend.PowerKVM.Tests;

/// <summary>Volumes attached to and detached from guests, read back from libvirt's domain XML.</summary>
public sealed class VolumeAttachTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly KvmHosts _hosts = new();
    private readonly PowerKvmBackend _backend;

    public VolumeAttachTests() => _backend = _hosts.Backend();

    public void Dispose()
    {
        _backend.Dispose();
        _hosts.Dispose();
    }

    [Fact]
    public async Task AttachVolume_VirtioBlkToStoppedGuest_IsInTheDomainDefinitionAsVdb()
    {
        var guest = await GuestAsync(_backend, "cold-blk");
        var volume = await CreatedAsync(_backend, 10, Provisioning.Thin);

        var attachment = await AttachAsync(_backend, guest, volume, AttachmentKind.VirtioBlk);

        Assert.Equal("vdb", attachment.Device);
        Assert.Equal(("vdb", "virtio", volume.NativeId), (attachment.Native["target"], attachment.Native["bus"], attachment.Native["source_path"]));
        var disk = DiskWithTarget(_backend, guest, "vdb");
        Assert.NotNull(disk);
        Assert.Equal("virtio", (string?)disk.Element("target")!.Attribute("bus"));
        Assert.Equal(volume.NativeId, (string?)disk.Element("source")!.Attribute("file"));
        Assert.Equal("qcow2", (string?)disk.Element("driver")!.Attribute("type"));
        Assert.Equal(volume.Id.ToString("D"), (string?)disk.Element("serial"));
    }

    [Fact]
    public async Task AttachVolume_TwoVirtioBlk_TakeVdbThenVdc()
    {
        var guest = await GuestAsync(_backend, "two-blk");
        var first = await AttachAsync(_backend, guest, await CreatedAsync(_backend, 1, Provisioning.Thin), AttachmentKind.VirtioBlk);
        var second = await AttachAsync(_backend, guest, await CreatedAsync(_backend, 1, Provisioning.Thick), AttachmentKind.VirtioBlk);

        Assert.Equal(("vdb", "vdc"), (first.Device, second.Device));
        Assert.Equal("raw", (string?)DiskWithTarget(_backend, guest, "vdc")!.Element("driver")!.Attribute("type"));
    }

    [Fact]
    public async Task AttachVolume_VirtioScsi_AddsOneVirtioScsiControllerAndDisksSdaSdb()
    {
        var guest = await GuestAsync(_backend, "cold-scsi");
        var a = await AttachAsync(_backend, guest, await CreatedAsync(_backend, 2, Provisioning.Thin), AttachmentKind.VirtioScsi);
        var b = await AttachAsync(_backend, guest, await CreatedAsync(_backend, 2, Provisioning.Thin), AttachmentKind.VirtioScsi);

        Assert.Equal(("sda", "sdb"), (a.Device, b.Device));
        var controller = Assert.Single(ScsiControllers(_backend, guest));
        Assert.Equal("virtio-scsi", (string?)controller.Attribute("model"));
        var sdb = DiskWithTarget(_backend, guest, "sdb")!;
        Assert.Equal("scsi", (string?)sdb.Element("target")!.Attribute("bus"));
        var address = sdb.Element("address")!;
        Assert.Equal(((string?)controller.Attribute("index"), "1"), ((string?)address.Attribute("controller"), (string?)address.Attribute("unit")));
    }

    [Fact]
    public async Task DetachVolume_FromStoppedGuest_LeavesNoDiskAndNoController()
    {
        var guest = await GuestAsync(_backend, "cold-detach");
        var blkVolume = await CreatedAsync(_backend, 3, Provisioning.Thin);
        var scsiVolume = await CreatedAsync(_backend, 3, Provisioning.Thin);
        var blk = await AttachAsync(_backend, guest, blkVolume, AttachmentKind.VirtioBlk);
        var scsi = await AttachAsync(_backend, guest, scsiVolume, AttachmentKind.VirtioScsi);

        await _backend.DetachVolumeAsync(guest, blkVolume, blk, Backends.NoProgress.Instance, None);
        await _backend.DetachVolumeAsync(guest, scsiVolume, scsi, Backends.NoProgress.Instance, None);

        var disk = Assert.Single(Disks(_backend, guest));
        Assert.Equal(BootImage, (string?)disk.Element("source")!.Attribute("file"));
        Assert.Empty(ScsiControllers(_backend, guest));
        // And the volume can go now.
        await _backend.DeleteVolumeAsync(blkVolume, None);
    }

    [Fact]
    public async Task AttachVolume_RunningGuestOnTheTestDriver_IsUnsupportedAndChangesNothing()
    {
        var guest = await GuestAsync(_backend, "live", start: true);
        var volume = await CreatedAsync(_backend, 4, Provisioning.Thin);
        var before = (_backend.DumpXml(guest), _backend.DumpXml(guest, inactive: true));

        var error = await Assert.ThrowsAsync<UnsupportedError>(() => _backend.AttachVolumeAsync(guest, volume, AttachmentKind.VirtioBlk, Backends.NoProgress.Instance, None));

        Assert.Equal("live_volume_attach", error.Feature);
        Assert.Contains("test driver cannot hot plug disks", error.Explanation, StringComparison.Ordinal);
        Assert.Equal(before, (_backend.DumpXml(guest), _backend.DumpXml(guest, inactive: true)));
        // Nothing recorded either: once stopped, the disk can be attached cold.
        await _backend.StopAsync(guest, StopMode.Hard, TimeSpan.Zero, Backends.NoProgress.Instance, None);
        Assert.Equal("vdb", (await AttachAsync(_backend, guest, volume, AttachmentKind.VirtioBlk)).Device);
    }

    [Fact]
    public async Task DetachVolume_RunningGuestOnTheTestDriver_IsUnsupportedAndKeepsTheDisk()
    {
        var guest = await GuestAsync(_backend, "live-detach");
        var volume = await CreatedAsync(_backend, 4, Provisioning.Thin);
        var attachment = await AttachAsync(_backend, guest, volume, AttachmentKind.VirtioBlk);
        await _backend.StartAsync(guest, Backends.NoProgress.Instance, None);

        var error = await Assert.ThrowsAsync<UnsupportedError>(() => _backend.DetachVolumeAsync(guest, volume, attachment, Backends.NoProgress.Instance, None));

        Assert.Equal("live_volume_attach", error.Feature);
        Assert.NotNull(DiskWithTarget(_backend, guest, "vdb", inactive: false));
    }

    [Theory]
    [InlineData(AttachmentKind.Npiv, "npiv", "no N_Port ID Virtualization on KVM")]
    [InlineData(AttachmentKind.Vscsi, "vscsi", "use VIRTIO_SCSI")]
    public async Task AttachVolume_PowerVmKinds_AreUnsupportedWithTheReason(AttachmentKind kind, string feature, string reason)
    {
        var guest = await GuestAsync(_backend, "powervm-kinds");
        var volume = await CreatedAsync(_backend, 1, Provisioning.Thin);

        var error = await Assert.ThrowsAsync<UnsupportedError>(() => _backend.AttachVolumeAsync(guest, volume, kind, Backends.NoProgress.Instance, None));

        Assert.Equal(feature, error.Feature);
        Assert.Contains(reason, error.Explanation, StringComparison.Ordinal);
        Assert.Single(Disks(_backend, guest));
    }

    [Fact]
    public async Task AttachVolume_VolumeOnAnotherHost_IsRefusedAsWrongHost()
    {
        using var backend = _hosts.Backend(null, "powerkvm-1", "powerkvm-2");
        var guest = await GuestAsync(backend, "here");
        var volume = await CreatedAsync(backend, 1, Provisioning.Thin, host: "powerkvm-2");

        var error = await Assert.ThrowsAsync<PreconditionError>(() => backend.AttachVolumeAsync(guest, volume, AttachmentKind.VirtioBlk, Backends.NoProgress.Instance, None));

        Assert.Equal(ErrorReasons.WrongHost, error.Reason);
    }

    [Fact]
    public async Task AttachedDisk_SurvivesAnOfflineResizeAndAStart()
    {
        var guest = await GuestAsync(_backend, "keeps-disk");
        var volume = await CreatedAsync(_backend, 1, Provisioning.Thin);
        await AttachAsync(_backend, guest, volume, AttachmentKind.VirtioScsi);

        var bigger = guest.Spec with { Memory = new MemorySpec(1024, 3072, 4096) };
        await _backend.ResizeAsync(guest, bigger, Backends.NoProgress.Instance, None);
        await _backend.StartAsync(guest, Backends.NoProgress.Instance, None);

        Assert.Equal(volume.NativeId, (string?)DiskWithTarget(_backend, guest, "sda", inactive: false)?.Element("source")?.Attribute("file"));
        Assert.Single(ScsiControllers(_backend, guest));
    }
}
