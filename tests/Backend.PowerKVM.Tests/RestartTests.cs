using Microsoft.Extensions.Logging.Abstractions;
using PowerDrivers.Backend.PowerKVM.Tests.Support;
using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Events;
using PowerDrivers.Driver.Core.Model;
using PowerDrivers.Driver.Core.Operations;
using PowerDrivers.Driver.Core.States;
using PowerDrivers.Driver.Core.Store;
using static PowerDrivers.Backend.PowerKVM.Tests.DomainXmlTests;

namespace PowerDrivers.Backend.PowerKVM.Tests;

/// <summary>
/// A driver restart: the test driver forgets every domain when its connection closes, so a new backend over the same
/// data directory must define the guests again and put each back in its power state, with its capacity held.
/// </summary>
public sealed class RestartTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly KvmHosts _hosts = new();

    public void Dispose() => _hosts.Dispose();

    [Fact]
    public async Task NewBackend_SameDataDirectory_RedefinesEveryGuestInItsState()
    {
        var store = new InMemoryDriverStore();
        Dictionary<string, InstanceRecord> before;
        HostInfo hostBefore;
        await using (var first = await DriverAsync(store))
        {
            var m = first.Manager;
            var stopped = await CreateAsync(m, "stopped", start: false);
            var running = await CreateAsync(m, "running", start: true);
            var paused = await CreateAsync(m, "paused", start: true);
            await Succeed(m, m.PauseAsync(paused, "", None));
            var suspended = await CreateAsync(m, "suspended", start: true);
            await Succeed(m, m.SuspendAsync(suspended, "", None));
            var grown = await CreateAsync(m, "grown", start: true);
            await Succeed(m, m.ResizeAsync(grown, null, new MemorySpec(1024, 6144, 8192), "", None));
            await Succeed(m, m.ConfirmResizeAsync(grown, "", None));
            before = (await m.ListInstancesAsync(new InstanceQuery("", [], "", 100, null, false), None)).Items.ToDictionary(r => r.Name);
            Assert.Equal(InstanceState.Suspended, before["suspended"].State);
            hostBefore = await m.GetHostAsync("powerkvm-1", None);
        }

        await using var second = await DriverAsync(store);
        var report = await second.Manager.ReconcileAsync(None);
        Assert.Equal(0, report.Changed);
        foreach (var record in before.Values)
        {
            var observed = await second.Backend.ObserveAsync(record, None);
            Assert.NotNull(observed);
            Assert.Equal((record.State, record.NativeState, record.NativeId, record.Allocation), (observed.State, observed.NativeState, observed.NativeId, observed.Allocation));
        }

        var hostAfter = await second.Manager.GetHostAsync("powerkvm-1", None);
        Assert.Equal(hostBefore.Memory.FreeMb, hostAfter.Memory.FreeMb);
        Assert.Equal(hostBefore.Processors.FreeVirtualCpus, hostAfter.Processors.FreeVirtualCpus);

        // And the restored guests keep working.
        var m2 = second.Manager;
        await Succeed(m2, m2.ResumeAsync(before["suspended"].Id, "", None));
        await Succeed(m2, m2.UnpauseAsync(before["paused"].Id, "", None));
        await Succeed(m2, m2.DeleteAsync(before["running"].Id, true, "", None));
        Assert.Null(second.Backend.DumpXmlOrNull(before["running"].Id.ToString()));
    }

    [Fact]
    public async Task NewBackend_LowerOvercommitRatio_LeavesAGuestThatNoLongerFitsStoppedAndReconcileReportsIt()
    {
        var store = new InMemoryDriverStore();
        Guid first, second;
        await using (var driver = await DriverAsync(store))
        {
            first = await CreateAsync(driver.Manager, "big-1", start: true, vcpus: 100);
            second = await CreateAsync(driver.Manager, "big-2", start: true, vcpus: 100);
        }

        // CPU overcommit 1.0: 20 cores × SMT8 = 160 vCPUs, so only one of the two 100-vCPU guests fits.
        var hosts = _hosts.Build();
        using var backend = (PowerKvmBackend)new PowerKvmBackendProvider().Create(hosts, new Dictionary<string, string> { ["CpuOvercommitRatio"] = "1" });
        await using var manager = new ComputeManager(store, new BackendRegistry([backend]), new EventHub(), TimeProvider.System, NullLogger<ComputeManager>.Instance);
        var report = await manager.ReconcileAsync(None);

        Assert.Equal(1, report.DriftedInstances);
        var states = new[] { (await manager.GetInstanceAsync(first, None)).State, (await manager.GetInstanceAsync(second, None)).State }.Order().ToArray();
        Assert.Equal([InstanceState.Stopped, InstanceState.Running], states);
        Assert.Equal(60, (await backend.GetHostAsync("powerkvm-1", None)).Processors.FreeVirtualCpus);
    }

    [Fact]
    public async Task NewBackend_DomainRemovedBehindItsBack_IsReportedGoneByObserve()
    {
        using var first = _hosts.Backend();
        var record = await Backends.CreateAsync(first, Spec("gone"), start: true);
        File.Delete(Directory.EnumerateFiles(Path.Combine(_hosts.Root, "hosts", "powerkvm-1", "powerkvm", "guests")).Single());
        first.Dispose();

        using var second = _hosts.Backend();
        Assert.Null(await second.ObserveAsync(record, None));
    }

    private async Task<Driver> DriverAsync(InMemoryDriverStore store)
    {
        var backend = _hosts.Backend();
        var manager = new ComputeManager(store, new BackendRegistry([backend]), new EventHub(), TimeProvider.System, NullLogger<ComputeManager>.Instance);
        await Task.CompletedTask;
        return new Driver(backend, manager);
    }

    private static async Task<Guid> CreateAsync(ComputeManager m, string name, bool start, int vcpus = 2)
    {
        var op = await m.CreateAsync(Spec(name, vcpus: vcpus, maxVcpus: Math.Max(4, vcpus), memoryMb: 2048, maxMemoryMb: 8192), start, "", None);
        await Succeed(m, Task.FromResult(op));
        return op.InstanceId;
    }

    private static async Task Succeed(ComputeManager m, Task<OperationRecord> call)
    {
        var op = await call;
        await m.WaitForOperationAsync(op.Id).WaitAsync(TimeSpan.FromSeconds(30));
        var done = await m.GetOperationAsync(op.Id, None);
        Assert.True(done.State == OperationState.Succeeded, $"{done.Kind}: {done.Error?.Message}");
    }

    private sealed class Driver(PowerKvmBackend backend, ComputeManager manager) : IAsyncDisposable
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
