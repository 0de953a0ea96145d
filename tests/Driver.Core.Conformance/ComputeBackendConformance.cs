using Microsoft.Extensions.Logging.Abstractions;
using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.Events;
using PowerDrivers.Driver.Core.Model;
using PowerDrivers.Driver.Core.Operations;
using PowerDrivers.Driver.Core.States;
using PowerDrivers.Driver.Core.Store;
using Xunit;

namespace PowerDrivers.Driver.Core.Conformance;

/// <summary>
/// The shared contract tests every <see cref="IComputeBackend"/> must pass (the Nova <c>_VirtDriverTestCase</c> idea).
/// A backend's test project subclasses this with a fresh backend per test. Everything is driven through a
/// <see cref="ComputeManager"/>, the way the gRPC layer uses a backend. Where a backend lacks a capability the
/// test asserts the typed refusal (<see cref="UnsupportedError"/> naming the feature, or REQUIRES_STOPPED)
/// instead of skipping silently.
/// </summary>
public abstract partial class ComputeBackendConformance : IAsyncLifetime
{
    /// <summary>The longest any single wait in this suite may take.</summary>
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>The backend under test (fresh per test).</summary>
    protected IComputeBackend Backend { get; private set; } = null!;

    /// <summary>The store behind <see cref="Manager"/>.</summary>
    protected InMemoryDriverStore Store { get; private set; } = null!;

    /// <summary>The event fan-out behind <see cref="Manager"/>.</summary>
    protected EventHub Hub { get; private set; } = null!;

    /// <summary>The driver over <see cref="Backend"/>.</summary>
    protected ComputeManager Manager { get; private set; } = null!;

    /// <summary>What the backend declares for <see cref="HostName"/>.</summary>
    protected Capabilities Caps => Backend.GetCapabilities(HostName);

    /// <summary>The host every test creates on; one of the backend's hosts.</summary>
    protected abstract string HostName { get; }

    /// <summary>A fresh backend, with nothing on it.</summary>
    protected abstract Task<IComputeBackend> CreateBackendAsync();

    /// <summary>
    /// A small valid spec on <see cref="HostName"/>: shared, 0.1/0.5/2 processing units, 1/1/2 virtual processors,
    /// 1024/2048/4096 MB (multiples of 256), little-endian Linux. Backends may override.
    /// </summary>
    protected virtual InstanceSpec SmallSpec(string name) => new(
        name, HostName,
        new ProcessorSpec(ProcessorMode.Shared, new CountRange(1, 1, 2), new UnitsRange(0.1m, 0.5m, 2m)),
        new MemorySpec(1024, 2048, 4096),
        GuestSpec.Default,
        new Dictionary<string, string>());

    /// <inheritdoc/>
    public virtual async Task InitializeAsync()
    {
        Backend = await CreateBackendAsync();
        Store = new InMemoryDriverStore();
        Hub = new EventHub();
        Manager = new ComputeManager(Store, new BackendRegistry([Backend]), Hub, TimeProvider.System, NullLogger<ComputeManager>.Instance);
    }

    /// <inheritdoc/>
    public virtual async Task DisposeAsync()
    {
        await Manager.DisposeAsync();
        switch (Backend)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    /// <summary>Waits (bounded) for the operation's work and returns its final record.</summary>
    protected async Task<OperationRecord> FinishAsync(OperationRecord op)
    {
        ArgumentNullException.ThrowIfNull(op);
        await Manager.WaitForOperationAsync(op.Id).WaitAsync(Patience);
        return await Manager.GetOperationAsync(op.Id, CancellationToken.None);
    }

    /// <summary>Runs the call, waits for its operation and asserts it succeeded; returns the instance after it.</summary>
    protected async Task<InstanceRecord> SucceedAsync(Task<OperationRecord> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var done = await FinishAsync(await call);
        Assert.True(done.State == OperationState.Succeeded,
            $"{done.Kind} ended {done.State}: {done.Error?.Reason} {done.Error?.Message}");
        Assert.Equal(100, done.Progress);
        Assert.NotNull(done.EndedAt);
        return await Manager.GetInstanceAsync(done.InstanceId, CancellationToken.None);
    }

    /// <summary>Creates <see cref="SmallSpec"/> with the name and waits for it.</summary>
    protected Task<InstanceRecord> CreateAsync(string name, bool start = false) =>
        SucceedAsync(Manager.CreateAsync(SmallSpec(name), start, "", CancellationToken.None));

    /// <summary>
    /// Asserts the instance is in <paramref name="expected"/> with no operation running, that get and list agree,
    /// and that the backend's observation agrees with the record (for RESIZE_VERIFY: with the state before the resize).
    /// </summary>
    protected async Task<InstanceRecord> AssertAgreesAsync(Guid id, InstanceState expected)
    {
        var record = await Manager.GetInstanceAsync(id, CancellationToken.None);
        Assert.Equal(expected, record.State);
        Assert.Null(record.ActiveOperationId);

        var page = await Manager.ListInstancesAsync(new InstanceQuery(HostName, [], "", 100, null, IncludeDeleted: true), CancellationToken.None);
        var listed = Assert.Single(page.Items, r => r.Id == id);
        Assert.Equal(record, listed);

        var observed = await Backend.ObserveAsync(record, CancellationToken.None);
        if (expected == InstanceState.Deleted)
        {
            Assert.Null(observed);
            var live = await Manager.ListInstancesAsync(new InstanceQuery(HostName, [], "", 100, null, IncludeDeleted: false), CancellationToken.None);
            Assert.DoesNotContain(live.Items, r => r.Id == id);
            return record;
        }

        Assert.NotNull(observed);
        var platformState = expected == InstanceState.ResizeVerify ? record.StateBeforeResize : expected;
        Assert.Equal(platformState, observed.State);
        Assert.Equal(observed.NativeState, record.NativeState);
        Assert.Equal(observed.NativeId, record.NativeId);
        Assert.Equal(observed.Allocation, record.Allocation);
        return record;
    }

    /// <summary>
    /// Asserts <paramref name="call"/> throws <typeparamref name="TError"/> and changes nothing: same state and version,
    /// no event appended. Returns the error.
    /// </summary>
    protected async Task<TError> AssertRefusedAsync<TError>(Guid id, Func<Task> call) where TError : DriverError
    {
        ArgumentNullException.ThrowIfNull(call);
        var before = await Manager.GetInstanceAsync(id, CancellationToken.None);
        var lastEvent = await Store.LastSequenceAsync(CancellationToken.None);
        var error = await Assert.ThrowsAsync<TError>(call);
        var after = await Manager.GetInstanceAsync(id, CancellationToken.None);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.State, after.State);
        Assert.Equal(lastEvent, await Store.LastSequenceAsync(CancellationToken.None));
        return error;
    }

    /// <summary>Asserts the refusal names the capability and carries the backend's declared reason.</summary>
    protected async Task AssertUnsupportedAsync(Guid id, string feature, Func<Task> call)
    {
        var error = await AssertRefusedAsync<UnsupportedError>(id, call);
        Assert.Equal(feature, error.Feature);
        Assert.Equal(ErrorReasons.Unsupported, error.Reason);
        Assert.True(Caps.Unsupported.TryGetValue(feature, out var why), $"Capabilities.Unsupported has no reason for '{feature}'");
        Assert.Equal(why, error.Explanation);
    }

    /// <summary>The instance's events so far, without progress reports, oldest first.</summary>
    protected async Task<IReadOnlyList<DriverEvent>> EventsOfAsync(Guid id, long afterSequence = 0)
    {
        var all = await Store.ReadEventsAsync(afterSequence, 100_000, CancellationToken.None);
        return all.Where(e => e.InstanceId == id && e.Kind != EventKind.OperationProgress).ToArray();
    }
}
