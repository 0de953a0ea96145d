using PowerDrivers.Backend.PowerKVM.Tests.Support;
using PowerDrivers.Driver.Core.Model;
using PowerDrivers.Driver.Core.States;
using Xunit.Abstractions;
using static PowerDrivers.Backend.PowerKVM.Tests.DomainXmlTests;

namespace PowerDrivers.Backend.PowerKVM.Tests;

/// <summary>
/// The optional real lane: a pseries guest under QEMU TCG through a real libvirtd (e.g. <c>qemu:///system</c>). Run it with
/// <c>bash tests/Backend.PowerKVM.Tests/real-lane.sh</c>, which installs the packages, starts the daemons and sets
/// PD_POWERKVM_REAL_URI; skipped otherwise.
/// </summary>
public sealed class RealLaneTests(ITestOutputHelper output) : IDisposable
{
    private const string UriVariable = "PD_POWERKVM_REAL_URI";
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly KvmHosts _hosts = new();

    public void Dispose() => _hosts.Dispose();

    [EnvFact(UriVariable, "needs libvirtd with qemu-system-ppc64 (apt libvirt-daemon-system qemu-system-ppc); see real-lane.sh")]
    [Trait("Category", "RealLane")]
    public async Task PseriesGuest_UnderTcg_DefinesStartsHotPlugsVcpusDiskAndNicAndStops()
    {
        var uri = Environment.GetEnvironmentVariable(UriVariable)!;
        // A host name of its own: every host defines its volume pool (pd-<host>) in libvirtd, and real-lane.sh removes pd-pd-real-* afterwards.
        var hostName = "pd-real-" + Guid.NewGuid().ToString("N")[..6];
        using var backend = _hosts.Backend(new PowerKvmSettings { Uri = uri, DomainType = "qemu" }, hostName);
        Assert.Null(backend.GetUnavailableReason(hostName));
        var name = "pd-real-" + Guid.NewGuid().ToString("N")[..8];
        var record = await Backends.CreateAsync(backend, Spec(name, vcpus: 1, maxVcpus: 2, memoryMb: 1024, maxMemoryMb: 2048, host: hostName));
        try
        {
            record = record with { State = (await backend.StartAsync(record, Backends.NoProgress.Instance, None)).State };
            Assert.Equal(InstanceState.Running, record.State);
            output.WriteLine(backend.DumpXml(record));
            var serial = await backend.GetConsoleAsync(record, ConsoleType.Serial, None);
            output.WriteLine($"serial console: {serial.Url}");
            var vnc = await backend.GetConsoleAsync(record, ConsoleType.Vnc, None);
            Assert.True(vnc.Port > 0);

            var grown = record.Spec with { Processors = record.Spec.Processors with { VirtualProcessors = new CountRange(1, 2, 2) }, Memory = new MemorySpec(1024, 1536, 2048) };
            await backend.ValidateResizeAsync(record with { State = InstanceState.Running }, grown, None);
            var resized = await backend.ResizeAsync(record, grown, Backends.NoProgress.Instance, None);
            output.WriteLine($"after hot plug: {resized.Allocation}");
            Assert.Equal(2, resized.Allocation.VirtualProcessors);

            var disk = Path.Combine(_hosts.Root, "data.raw");
            await using (var file = File.Create(disk))
            {
                file.SetLength(64L * 1024 * 1024);
            }

            await backend.AttachDeviceAsync(record, new Domain.GuestDevice(Domain.GuestDeviceKind.VirtioDisk, "vdb", disk), None);
            await backend.AttachDeviceAsync(record, new Domain.GuestDevice(Domain.GuestDeviceKind.VirtioNic, ""), None);
            var live = backend.DumpXml(record);
            Assert.Contains("<target dev='vdb' bus='virtio'/>", live, StringComparison.Ordinal);
            Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(live, "<interface type='user'>"));

            // SLOF without an OS ignores the power button: the soft stop times out and falls back to destroy.
            var stopped = await backend.StopAsync(record, StopMode.Soft, TimeSpan.FromSeconds(2), Backends.NoProgress.Instance, None);
            Assert.Equal(InstanceState.Stopped, stopped.State);
        }
        finally
        {
            await backend.DeleteAsync(record, Backends.NoProgress.Instance, None);
        }

        Assert.Null(await backend.ObserveAsync(record, None));
    }

    [EnvFact(UriVariable, "needs libvirtd with qemu-system-ppc64, qemu-img and an Open vSwitch bridge (PD_POWERKVM_REAL_BRIDGE); see real-lane.sh")]
    [Trait("Category", "RealLane")]
    public async Task PseriesGuest_UnderTcg_HotPlugsVolumesAndAVlanNicAndColdAttachesWhenStopped()
    {
        var uri = Environment.GetEnvironmentVariable(UriVariable)!;
        var bridge = Environment.GetEnvironmentVariable("PD_POWERKVM_REAL_BRIDGE") is { Length: > 0 } b ? b : "br-data";
        // A host name of its own: the pool (pd-<host>) persists in libvirtd, and real-lane.sh removes pd-pd-real-* pools afterwards.
        var hostName = "pd-real-" + Guid.NewGuid().ToString("N")[..6];
        using var backend = _hosts.Backend(new PowerKvmSettings { Uri = uri, DomainType = "qemu", NetworkBridge = bridge, StoragePoolCapacityGb = 8 }, hostName);
        Assert.Null(backend.GetUnavailableReason(hostName));
        Assert.True(backend.GetCapabilities(hostName).LiveVolumeAttach);
        var thin = await VirtualIo.CreatedAsync(backend, 1, Provisioning.Thin, hostName);
        var thick = await VirtualIo.CreatedAsync(backend, 1, Provisioning.Thick, hostName);
        Assert.True(backend.VolumeInfo(hostName, thin.Id)!.AllocationBytes < (1L << 20), "a thin qcow2 image holds only its metadata");
        // A real file system rounds up to its blocks: fully allocated is at least the capacity.
        Assert.True(backend.VolumeInfo(hostName, thick.Id)!.AllocationBytes >= 1L << 30, "a thick image is fully allocated");
        var record = await Backends.CreateAsync(backend, Spec("pd-io-" + hostName[8..], vcpus: 1, maxVcpus: 1, memoryMb: 1024, maxMemoryMb: 1024, host: hostName));
        try
        {
            await backend.StartAsync(record, Backends.NoProgress.Instance, None);
            var blk = await VirtualIo.AttachAsync(backend, record, thin, AttachmentKind.VirtioBlk);
            var scsi = await VirtualIo.AttachAsync(backend, record, thick, AttachmentKind.VirtioScsi);
            var nic = await VirtualIo.AttachNicAsync(backend, record, 100);
            Assert.Equal(("live", "live", "live"), (blk.Native["mode"], scsi.Native["mode"], nic.Native["mode"]));
            var live = backend.DumpXml(record);
            output.WriteLine(live);
            Assert.NotNull(VirtualIo.DiskWithTarget(backend, record, blk.Device, inactive: false));
            Assert.NotNull(VirtualIo.DiskWithTarget(backend, record, scsi.Device, inactive: false));
            Assert.Contains(VirtualIo.Interfaces(backend, record, inactive: false), i => (string?)i.Element("vlan")?.Element("tag")?.Attribute("id") == "100");
            var io = await backend.GetHostIoAsync(hostName, None);
            Assert.Contains(io.Mappings, m => m.Kind == "virtio-scsi" && m.Backing == thick.NativeId);
            Assert.Equal([100], io.Bridges.Single().Vlans);

            // Hot unplug: the persistent definition loses the devices at once (the live one when the guest acknowledges;
            // SLOF without an OS never does, so only the definition is asserted).
            await backend.DetachVolumeAsync(record, thin, blk, Backends.NoProgress.Instance, None);
            await backend.DetachInterfaceAsync(record, nic, Backends.NoProgress.Instance, None);
            Assert.Null(VirtualIo.DiskWithTarget(backend, record, blk.Device));
            Assert.DoesNotContain(VirtualIo.Interfaces(backend, record), i => (string?)i.Attribute("type") == "bridge");

            await backend.StopAsync(record, StopMode.Hard, TimeSpan.Zero, Backends.NoProgress.Instance, None);
            var cold = await VirtualIo.AttachAsync(backend, record, thin, AttachmentKind.VirtioBlk);
            Assert.Equal("config", cold.Native["mode"]);
            Assert.NotNull(VirtualIo.DiskWithTarget(backend, record, cold.Device));
            await backend.DetachVolumeAsync(record, thin, cold, Backends.NoProgress.Instance, None);
            await backend.DetachVolumeAsync(record, thick, scsi, Backends.NoProgress.Instance, None);
            Assert.DoesNotContain(VirtualIo.Disks(backend, record), d => ((string?)d.Element("source")?.Attribute("file") ?? "").Contains(hostName, StringComparison.Ordinal));
        }
        finally
        {
            await backend.DeleteAsync(record, Backends.NoProgress.Instance, None);
            await backend.DeleteVolumeAsync(thin, None);
            await backend.DeleteVolumeAsync(thick, None);
        }

        Assert.Null(backend.VolumeInfo(hostName, thin.Id));
    }
}
