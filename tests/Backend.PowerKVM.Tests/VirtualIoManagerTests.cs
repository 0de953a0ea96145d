using System.Xml.Linq;
using Microsoft.Extensions.Logging.Abstractions;
using PowerDrivers.Backend.PowerKVM.Tests.Support;
using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.Events;
using PowerDrivers.Driver.Core.Model;
using PowerDrivers.Driver.Core.Operations;
using PowerDrivers.Driver.Core.States;
using PowerDrivers.Driver.Core.Store;
using static PowerDrivers.Backend.PowerKVM.Tests.DomainXmlTests;

namespace PowerDrivers.Backend.PowerKVM.Tests;

/// <summary>
/// Volumes and interfaces through the driver (ComputeManager) on PowerKVM: what the driver records matches what libvirt
/// has, before and after a restart of driver and backend over the same store and data directory.
/// </summary>
public sealed class VirtualIoManagerTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly KvmHosts _hosts = new();

    public void Dispose() => _hosts.Dispose();

    [Fact]
    public async Task AttachThroughTheDriver_ToAStoppedInstance_IsRecordedAndSurvivesARestart()
    {
        var store = new InMemoryDriverStore();
        Guid instanceId, volumeId, interfaceId;
        await using (var driver = Driver(store))
        {
            var m = driver.Manager;
            instanceId = await CreateInstanceAsync(m, "io-cold");
            var network = await m.CreateNetworkAsync("tenant-100", 100, None);
            var created = await Succeed(m, m.CreateVolumeAsync(new VolumeSpec("data", 20, Provisioning.Thin, "powerkvm-1", new Dictionary<string, string>()), "", None));
            volumeId = created.VolumeId ?? (await m.ListVolumesAsync("powerkvm-1", false, None)).Single().Id;
            await Succeed(m, m.AttachVolumeAsync(instanceId, volumeId, null, "", None));
            await Succeed(m, m.AttachInterfaceAsync(instanceId, network.Id, "52:54:00:10:00:01", "", None));

            var instance = await m.GetInstanceAsync(instanceId, None);
            var attachment = Assert.Single(instance.Volumes);
            Assert.Equal((AttachmentKind.VirtioBlk, "vda"), (attachment.Kind, attachment.Device));
            interfaceId = Assert.Single(instance.Interfaces).Id;
            Assert.Equal(VolumeStatus.InUse, (await m.GetVolumeAsync(volumeId, None)).Status);
        }

        await using var second = Driver(store);
        var m2 = second.Manager;
        Assert.Equal(0, (await m2.ReconcileAsync(None)).Changed);
        var restored = await m2.GetInstanceAsync(instanceId, None);
        var volume = await m2.GetVolumeAsync(volumeId, None);
        var devices = XDocument.Parse(second.Backend.DumpXml(restored, inactive: true)).Root!.Element("devices")!;
        Assert.Contains(devices.Elements("disk"), d => (string?)d.Element("source")?.Attribute("file") == volume.NativeId
            && (string?)d.Element("target")?.Attribute("dev") == restored.Volumes.Single().Device);
        Assert.Contains(devices.Elements("interface"), i => (string?)i.Element("mac")?.Attribute("address") == "52:54:00:10:00:01");
        Assert.Equal(0, second.Backend.VolumeInfo("powerkvm-1", volumeId)!.AllocationBytes);

        // Running on the test driver: the driver refuses live attach with the backend's reason; stopped, detach works.
        await Succeed(m2, m2.StartAsync(instanceId, "", None));
        var live = await Assert.ThrowsAsync<UnsupportedError>(() => m2.DetachVolumeAsync(instanceId, volumeId, "", None));
        Assert.Equal("live_volume_attach", live.Feature);
        await Succeed(m2, m2.StopAsync(instanceId, StopMode.Hard, null, "", None));
        await Succeed(m2, m2.DetachVolumeAsync(instanceId, volumeId, "", None));
        await Succeed(m2, m2.DetachInterfaceAsync(instanceId, interfaceId, "", None));
        await Succeed(m2, m2.DeleteVolumeAsync(volumeId, "", None));

        var after = await m2.GetInstanceAsync(instanceId, None);
        Assert.Empty(after.Volumes);
        Assert.Empty(after.Interfaces);
        Assert.Single(XDocument.Parse(second.Backend.DumpXml(after, inactive: true)).Root!.Element("devices")!.Elements("interface"));
        Assert.Null(second.Backend.VolumeInfo("powerkvm-1", volumeId));
    }

    [Fact]
    public async Task AttachThroughTheDriver_UnboundThickVolumeTooBig_FailsWithInsufficientCapacityAndLeavesNothing()
    {
        var store = new InMemoryDriverStore();
        await using var driver = Driver(store, new PowerKvmSettings { StoragePoolCapacityGb = 10 });
        var m = driver.Manager;
        var instanceId = await CreateInstanceAsync(m, "io-big");
        var created = await Succeed(m, m.CreateVolumeAsync(new VolumeSpec("big", 50, Provisioning.Thick, "", new Dictionary<string, string>()), "", None));
        var volumeId = created.VolumeId ?? (await m.ListVolumesAsync("", false, None)).Single().Id;

        var op = await m.AttachVolumeAsync(instanceId, volumeId, AttachmentKind.VirtioScsi, "", None);
        await m.WaitForOperationAsync(op.Id).WaitAsync(TimeSpan.FromSeconds(30));
        var done = await m.GetOperationAsync(op.Id, None);

        Assert.Equal(OperationState.Failed, done.State);
        Assert.Equal(ErrorReasons.InsufficientCapacity, done.Error!.Reason);
        var volume = await m.GetVolumeAsync(volumeId, None);
        Assert.Equal((VolumeStatus.Available, ""), (volume.Status, volume.NativeId));
        Assert.Empty((await m.GetInstanceAsync(instanceId, None)).Volumes);
        Assert.Null(driver.Backend.VolumeInfo("powerkvm-1", volumeId));
    }

    private static async Task<Guid> CreateInstanceAsync(ComputeManager m, string name)
    {
        var op = await Succeed(m, m.CreateAsync(Spec(name, vcpus: 2, maxVcpus: 4, memoryMb: 2048, maxMemoryMb: 4096), false, "", None));
        return op.InstanceId;
    }

    private static async Task<OperationRecord> Succeed(ComputeManager m, Task<OperationRecord> call)
    {
        var op = await call;
        await m.WaitForOperationAsync(op.Id).WaitAsync(TimeSpan.FromSeconds(30));
        var done = await m.GetOperationAsync(op.Id, None);
        Assert.True(done.State == OperationState.Succeeded, $"{done.Kind}: {done.Error?.Message}");
        return done;
    }

    private DriverHarness Driver(InMemoryDriverStore store, PowerKvmSettings? settings = null)
    {
        var backend = _hosts.Backend(settings);
        return new DriverHarness(backend, new ComputeManager(store, new BackendRegistry([backend]), new EventHub(), TimeProvider.System, NullLogger<ComputeManager>.Instance));
    }

    private sealed class DriverHarness(PowerKvmBackend backend, ComputeManager manager) : IAsyncDisposable
    {
        public PowerKvmBackend Backend { get; } = backend;

        public ComputeManager Manager { get; } = manager;

        public async ValueTask DisposeAsync()
        {
            await Manager.DisposeAsync();
            Backend.Dispose();
        }
    }
}
