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
        using var backend = _hosts.Backend(new PowerKvmSettings { Uri = uri, DomainType = "qemu" });
        Assert.Null(backend.GetUnavailableReason("powerkvm-1"));
        var name = "pd-real-" + Guid.NewGuid().ToString("N")[..8];
        var record = await Backends.CreateAsync(backend, Spec(name, vcpus: 1, maxVcpus: 2, memoryMb: 1024, maxMemoryMb: 2048));
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
}
