using PowerDrivers.Backend.PowerKVM.Tests.Support;
using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.Model;
using static PowerDrivers.Backend.PowerKVM.Tests.Support.VirtualIo;

namespace PowerDrivers.Backend.PowerKVM.Tests;

/// <summary>Volumes as images in the host's libvirt pool, read back with virStorageVolGetInfo.</summary>
public sealed class VolumeStorageTests : IDisposable
{
    private const long Gib = 1L << 30;
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly KvmHosts _hosts = new();

    public void Dispose() => _hosts.Dispose();

    [Fact]
    public async Task CreateVolume_Thin_IsQcow2WithNothingAllocated()
    {
        using var backend = _hosts.Backend();
        var volume = await CreatedAsync(backend, 500, Provisioning.Thin);

        Assert.EndsWith($"/{volume.Id:D}.qcow2", volume.NativeId, StringComparison.Ordinal);
        var info = backend.VolumeInfo("powerkvm-1", volume.Id)!;
        Assert.Equal(500 * Gib, info.CapacityBytes);
        Assert.Equal(0, info.AllocationBytes);
    }

    [Fact]
    public async Task CreateVolume_Thick_IsRawFullyAllocated()
    {
        using var backend = _hosts.Backend();
        var volume = await CreatedAsync(backend, 20, Provisioning.Thick);

        Assert.EndsWith($"/{volume.Id:D}.img", volume.NativeId, StringComparison.Ordinal);
        var info = backend.VolumeInfo("powerkvm-1", volume.Id)!;
        Assert.Equal(20 * Gib, info.CapacityBytes);
        Assert.Equal(20 * Gib, info.AllocationBytes);
    }

    [Fact]
    public async Task CreateVolume_ThickBeyondTheConfiguredCapacity_IsRefusedAndNothingIsCreated()
    {
        using var backend = _hosts.Backend(new PowerKvmSettings { StoragePoolCapacityGb = 50 });
        await CreatedAsync(backend, 30, Provisioning.Thick);
        var second = Volume(30, Provisioning.Thick);

        var error = await Assert.ThrowsAsync<InsufficientCapacityError>(() => backend.CreateVolumeAsync(second, None));

        Assert.Contains("20 GiB free", error.Message, StringComparison.Ordinal);
        Assert.Null(backend.VolumeInfo("powerkvm-1", second.Id));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_hosts.Root, "hosts", "powerkvm-1", "powerkvm", "volumes"), $"{second.Id:D}*"));
    }

    [Fact]
    public async Task CreateVolume_ThickBeyondLibvirtsOwnPool_IsRefusedByLibvirtAsInsufficientCapacity()
    {
        // The test driver fixes every pool at 100 GiB whatever the pool XML says; its own check speaks first here.
        using var backend = _hosts.Backend();
        var volume = Volume(150, Provisioning.Thick);

        var error = await Assert.ThrowsAsync<InsufficientCapacityError>(() => backend.CreateVolumeAsync(volume, None));

        Assert.Contains("Not enough free space", error.Message, StringComparison.Ordinal);
        Assert.Null(backend.VolumeInfo("powerkvm-1", volume.Id));
    }

    [Fact]
    public async Task CreateVolume_ThinBeyondTheCapacity_IsAcceptedBecauseNothingIsAllocated()
    {
        using var backend = _hosts.Backend(new PowerKvmSettings { StoragePoolCapacityGb = 50 });
        var volume = await CreatedAsync(backend, 4096, Provisioning.Thin);
        Assert.Equal(0, backend.VolumeInfo("powerkvm-1", volume.Id)!.AllocationBytes);
    }

    [Fact]
    public async Task CreateVolume_SameVolumeTwice_ReturnsTheSameImage()
    {
        using var backend = _hosts.Backend();
        var volume = await CreatedAsync(backend, 5, Provisioning.Thick);
        Assert.Equal(volume.NativeId, await backend.CreateVolumeAsync(volume, None));
    }

    [Fact]
    public async Task DeleteVolume_RemovesTheImage_AndASecondDeleteIsNoError()
    {
        using var backend = _hosts.Backend(new PowerKvmSettings { StoragePoolCapacityGb = 40 });
        var volume = await CreatedAsync(backend, 30, Provisioning.Thick);

        await backend.DeleteVolumeAsync(volume, None);
        await backend.DeleteVolumeAsync(volume, None);

        Assert.Null(backend.VolumeInfo("powerkvm-1", volume.Id));
        // Its space is free again.
        await CreatedAsync(backend, 30, Provisioning.Thick);
    }

    [Fact]
    public async Task DeleteVolume_WhileAttached_IsRefusedAsVolumeInUse()
    {
        using var backend = _hosts.Backend();
        var volume = await CreatedAsync(backend, 5, Provisioning.Thin);
        var guest = await GuestAsync(backend, "holder");
        await AttachAsync(backend, guest, volume, AttachmentKind.VirtioBlk);

        var error = await Assert.ThrowsAsync<PreconditionError>(() => backend.DeleteVolumeAsync(volume, None));

        Assert.Equal(ErrorReasons.VolumeInUse, error.Reason);
        Assert.NotNull(backend.VolumeInfo("powerkvm-1", volume.Id));
    }

    [Fact]
    public async Task StorageCalls_ManyRounds_KeepTheProcessAlive()
    {
        // Interop rules under repetition: the owned path string freed once, handles freed once, errors taken per thread.
        using var backend = _hosts.Backend();
        for (var i = 0; i < 200; i++)
        {
            var volume = await CreatedAsync(backend, 1, i % 2 == 0 ? Provisioning.Thin : Provisioning.Thick);
            Assert.NotNull(backend.VolumeInfo("powerkvm-1", volume.Id));
            await backend.DeleteVolumeAsync(volume, None);
            Assert.Null(backend.VolumeInfo("powerkvm-1", volume.Id));
        }
    }

    [Fact]
    public void Settings_StorageAndBridgeKeys_AreRead()
    {
        var settings = PowerKvmSettings.From(new Dictionary<string, string>
        {
            ["StoragePoolCapacityGb"] = "512",
            ["StoragePoolPath"] = "/srv/pd/{host}",
            ["NetworkBridge"] = "br-tenant",
        });
        Assert.Equal((512L, "/srv/pd/{host}", "br-tenant"), (settings.StoragePoolCapacityGb, settings.StoragePoolPath, settings.NetworkBridge));
        Assert.Throws<ArgumentException>(() => PowerKvmSettings.From(new Dictionary<string, string> { ["StoragePoolCapacityGb"] = "0" }));
    }
}
