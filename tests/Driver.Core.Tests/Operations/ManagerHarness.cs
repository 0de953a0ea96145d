using Microsoft.Extensions.Logging.Abstractions;
using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Conformance.Fakes;
using PowerDrivers.Driver.Core.Events;
using PowerDrivers.Driver.Core.Model;
using PowerDrivers.Driver.Core.Operations;
using PowerDrivers.Driver.Core.Store;
using Xunit;

namespace PowerDrivers.Driver.Core.Tests.Operations;

/// <summary>A <see cref="ComputeManager"/> over the fake backend and an in-memory store (optionally wrapped).</summary>
internal sealed class ManagerHarness : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public ManagerHarness(FakeBackendOptions? options = null, Func<IDriverStore, IDriverStore>? wrapStore = null)
    {
        Fake = new FakeComputeBackend(options ?? new FakeBackendOptions { Hosts = ["host-a"] });
        Store = new InMemoryDriverStore();
        Manager = new ComputeManager(wrapStore?.Invoke(Store) ?? Store, new BackendRegistry([Fake]), Hub, TimeProvider.System,
            NullLogger<ComputeManager>.Instance);
    }

    public FakeComputeBackend Fake { get; }
    public InMemoryDriverStore Store { get; }
    public EventHub Hub { get; } = new();
    public ComputeManager Manager { get; }

    public static InstanceSpec Spec(string name, string host = "host-a", long memoryMb = 2048) => new(
        name, host,
        new ProcessorSpec(ProcessorMode.Shared, new CountRange(1, 1, 2), new UnitsRange(0.1m, 0.5m, 2m)),
        new MemorySpec(1024, memoryMb, Math.Max(memoryMb, 4096)),
        GuestSpec.Default,
        new Dictionary<string, string>());

    public async Task<OperationRecord> FinishAsync(OperationRecord op)
    {
        await Manager.WaitForOperationAsync(op.Id).WaitAsync(Patience);
        return await Manager.GetOperationAsync(op.Id, CancellationToken.None);
    }

    public async Task<InstanceRecord> SucceedAsync(Task<OperationRecord> call)
    {
        var done = await FinishAsync(await call);
        Assert.True(done.State == OperationState.Succeeded, $"{done.Kind} ended {done.State}: {done.Error?.Message}");
        return await Manager.GetInstanceAsync(done.InstanceId, CancellationToken.None);
    }

    public Task<InstanceRecord> CreateAsync(string name, bool start = false, string host = "host-a") =>
        SucceedAsync(Manager.CreateAsync(Spec(name, host), start, "", CancellationToken.None));

    public Task<InstanceRecord> GetAsync(Guid id) => Manager.GetInstanceAsync(id, CancellationToken.None);

    public Task<long> LastSequenceAsync() => Store.LastSequenceAsync(CancellationToken.None);

    public async Task<IReadOnlyList<DriverEvent>> EventsOfAsync(Guid instanceId) =>
        (await Store.ReadEventsAsync(0, 100_000, CancellationToken.None)).Where(e => e.InstanceId == instanceId).ToArray();

    public ValueTask DisposeAsync() => Manager.DisposeAsync();
}

/// <summary>A store that runs a hook once, just before the first commit the predicate picks (to interleave a writer).</summary>
internal sealed class InterleavingStore(IDriverStore inner, Func<ChangeSet, bool> when, Func<IDriverStore, Task> interloper) : IDriverStore
{
    private int _fired;

    public bool Fired => Volatile.Read(ref _fired) == 1;

    public async Task<IReadOnlyList<DriverEvent>> CommitAsync(ChangeSet changes, CancellationToken cancellationToken)
    {
        if (when(changes) && Interlocked.CompareExchange(ref _fired, 1, 0) == 0)
        {
            await interloper(inner);
        }

        return await inner.CommitAsync(changes, cancellationToken);
    }

    public Task<InstanceRecord?> GetInstanceAsync(Guid id, CancellationToken cancellationToken) => inner.GetInstanceAsync(id, cancellationToken);

    public Task<PowerDrivers.Driver.Core.Storage.VolumeRecord?> GetVolumeAsync(Guid id, CancellationToken cancellationToken) => inner.GetVolumeAsync(id, cancellationToken);

    public Task<IReadOnlyList<PowerDrivers.Driver.Core.Storage.VolumeRecord>> ListVolumesAsync(string host, bool includeDeleted, CancellationToken cancellationToken) =>
        inner.ListVolumesAsync(host, includeDeleted, cancellationToken);

    public Task<PowerDrivers.Driver.Core.Storage.NetworkRecord?> GetNetworkAsync(Guid id, CancellationToken cancellationToken) => inner.GetNetworkAsync(id, cancellationToken);

    public Task<IReadOnlyList<PowerDrivers.Driver.Core.Storage.NetworkRecord>> ListNetworksAsync(CancellationToken cancellationToken) => inner.ListNetworksAsync(cancellationToken);
    public Task<InstancePage> ListInstancesAsync(InstanceQuery query, CancellationToken cancellationToken) => inner.ListInstancesAsync(query, cancellationToken);
    public Task<OperationRecord?> GetOperationAsync(Guid id, CancellationToken cancellationToken) => inner.GetOperationAsync(id, cancellationToken);
    public Task<OperationRecord?> FindOperationByRequestIdAsync(string requestId, CancellationToken cancellationToken) => inner.FindOperationByRequestIdAsync(requestId, cancellationToken);
    public Task<OperationPage> ListOperationsAsync(OperationQuery query, CancellationToken cancellationToken) => inner.ListOperationsAsync(query, cancellationToken);
    public Task<IReadOnlyList<DriverEvent>> ReadEventsAsync(long afterSequence, int max, CancellationToken cancellationToken) => inner.ReadEventsAsync(afterSequence, max, cancellationToken);
    public Task<long> LastSequenceAsync(CancellationToken cancellationToken) => inner.LastSequenceAsync(cancellationToken);
}
