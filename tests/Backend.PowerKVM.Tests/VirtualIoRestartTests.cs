using PowerDrivers.Backend.PowerKVM.Tests.Support;
using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.Model;
using PowerDrivers.Driver.Core.States;
using PowerDrivers.Driver.Core.Storage;
using static PowerDrivers.Backend.PowerKVM.Tests.Support.VirtualIo;

namespace PowerDrivers.Backend.PowerKVM.Tests;

/// <summary>
/// A backend restart over the same data directory: the test driver forgot every pool, volume and domain, so the volumes are
/// created again from the backend's records and the guests are defined again with their disks and NICs.
/// </summary>
public sealed class VirtualIoRestartTests : IDisposable
{
    private const long Gib = 1L << 30;
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly KvmHosts _hosts = new();

    public void Dispose() => _hosts.Dispose();

    [Fact]
    public async Task NewBackend_KeepsVolumesAttachmentsAndNics()
    {
        InstanceRecord stopped, running;
        VolumeRecord thin, thick, spare;
        InterfaceAttachment nic;
        using (var first = _hosts.Backend())
        {
            thin = await CreatedAsync(first, 40, Provisioning.Thin);
            thick = await CreatedAsync(first, 30, Provisioning.Thick);
            spare = await CreatedAsync(first, 10, Provisioning.Thick);
            stopped = await GuestAsync(first, "stays-off");
            await AttachAsync(first, stopped, thin, AttachmentKind.VirtioBlk);
            nic = await AttachNicAsync(first, stopped, 700, "52:54:00:07:00:01");
            running = await GuestAsync(first, "runs");
            await AttachAsync(first, running, thick, AttachmentKind.VirtioScsi);
            await first.StartAsync(running, Backends.NoProgress.Instance, None);
        }

        using var second = _hosts.Backend();

        Assert.Equal((40 * Gib, 0L), Facts(second, thin));
        Assert.Equal((30 * Gib, 30 * Gib), Facts(second, thick));
        Assert.Equal((10 * Gib, 10 * Gib), Facts(second, spare));
        Assert.Equal(thin.NativeId, (string?)DiskWithTarget(second, stopped, "vdb")?.Element("source")?.Attribute("file"));
        Assert.Contains(Interfaces(second, stopped), i => (string?)i.Element("mac")?.Attribute("address") == "52:54:00:07:00:01"
            && (string?)i.Element("vlan")?.Element("tag")?.Attribute("id") == "700");
        Assert.Equal(thick.NativeId, (string?)DiskWithTarget(second, running, "sda", inactive: false)?.Element("source")?.Attribute("file"));
        Assert.Equal(InstanceState.Running, (await second.ObserveAsync(running, None))!.State);

        // The restored pool still counts the thick volumes, and the restored attachments can be undone.
        Assert.Equal([700], (await second.GetHostIoAsync("powerkvm-1", None)).Bridges.Single().Vlans);
        await second.DetachInterfaceAsync(stopped, nic, Backends.NoProgress.Instance, None);
        Assert.Single(Interfaces(second, stopped));
        await second.DeleteVolumeAsync(spare, None);
        Assert.Null(second.VolumeInfo("powerkvm-1", spare.Id));
    }

    [Fact]
    public async Task NewBackend_ThickVolumesStillCountAgainstTheCapacity()
    {
        var settings = new PowerKvmSettings { StoragePoolCapacityGb = 60 };
        using (var first = _hosts.Backend(settings))
        {
            await CreatedAsync(first, 50, Provisioning.Thick);
        }

        using var second = _hosts.Backend(settings);
        await Assert.ThrowsAsync<InsufficientCapacityError>(() => second.CreateVolumeAsync(Volume(20, Provisioning.Thick), None));
    }

    private static (long Capacity, long Allocation) Facts(PowerKvmBackend backend, VolumeRecord volume)
    {
        var info = backend.VolumeInfo("powerkvm-1", volume.Id);
        Assert.NotNull(info);
        return (info.CapacityBytes, info.AllocationBytes);
    }
}
