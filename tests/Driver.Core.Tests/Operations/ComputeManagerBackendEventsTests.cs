using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Conformance.Fakes;
using PowerDrivers.Driver.Core.Events;
using PowerDrivers.Driver.Core.States;
using PowerDrivers.Driver.Core.Store;
using Xunit;

namespace PowerDrivers.Driver.Core.Tests.Operations;

/// <summary>Changes reported by a backend's own feed: applied to the instance they name, unless unknown or owned by an operation.</summary>
public sealed class ComputeManagerBackendEventsTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private sealed class Context : IOperationContext
    {
        public Guid OperationId { get; } = Guid.NewGuid();

        public void Report(string step, int percent)
        {
        }
    }

    private static BackendStateChange Change(InstanceRecord r, InstanceState state, string native = "") =>
        new(r.Host, r.NativeId, new BackendObservation(state, native.Length > 0 ? native : state.ToString(), r.NativeId, r.Allocation));

    private static async Task<int> DriftEventsAsync(ManagerHarness h, Guid id) =>
        (await h.EventsOfAsync(id)).Count(e => e.Kind == EventKind.InstanceDrifted);

    [Fact]
    public async Task Change_OfUnknownNativeIdOrHost_IsIgnored()
    {
        await using var h = new ManagerHarness();
        var r = await h.CreateAsync("known");
        var before = await h.LastSequenceAsync();

        Assert.False(await h.Manager.ApplyBackendChangeAsync(Change(r, InstanceState.Running) with { NativeId = "not-ours" }, None));
        Assert.False(await h.Manager.ApplyBackendChangeAsync(Change(r, InstanceState.Running) with { Host = "no-such-host" }, None));
        Assert.False(await h.Manager.ApplyBackendChangeAsync(new BackendStateChange(r.Host, "not-ours", null), None));

        Assert.Equal(before, await h.LastSequenceAsync());
        Assert.Equal(r.State, (await h.GetAsync(r.Id)).State);
    }

    [Fact]
    public async Task Change_OfInstanceWithOperationInFlight_IsLeftToTheOperation()
    {
        await using var h = new ManagerHarness();
        var r = await h.CreateAsync("busy");
        var busy = r with { ActiveOperationId = Guid.NewGuid(), Version = r.Version + 1 };
        await h.Store.CommitAsync(new ChangeSet(UpdateInstance: busy), None);

        Assert.False(await h.Manager.ApplyBackendChangeAsync(Change(r, InstanceState.Running), None));
        Assert.False(await h.Manager.ApplyBackendChangeAsync(new BackendStateChange(r.Host, r.NativeId, null), None));

        Assert.Equal(r.State, (await h.GetAsync(r.Id)).State);
        Assert.Equal(0, await DriftEventsAsync(h, r.Id));
    }

    [Fact]
    public async Task Change_ThePlatformNoLongerConfirms_IsNotApplied()
    {
        await using var h = new ManagerHarness();
        var r = await h.CreateAsync("stale");

        // The feed says running, but the platform, asked again, still reports the recorded state (a stale report).
        Assert.False(await h.Manager.ApplyBackendChangeAsync(Change(r, InstanceState.Running), None));
        Assert.Equal(r.State, (await h.GetAsync(r.Id)).State);
        Assert.Equal(0, await DriftEventsAsync(h, r.Id));
    }

    [Fact]
    public async Task Change_ToTheRecordedState_IsNotADrift()
    {
        await using var h = new ManagerHarness();
        var r = await h.CreateAsync("same");

        Assert.False(await h.Manager.ApplyBackendChangeAsync(Change(r, r.State), None));
        Assert.Equal(0, await DriftEventsAsync(h, r.Id));
    }

    [Fact]
    public async Task Change_OfIdleInstance_IsRecordedAsDrifted()
    {
        await using var h = new ManagerHarness();
        var started = await h.CreateAsync("started");
        var gone = await h.CreateAsync("gone");
        await h.Fake.StartAsync(started, new Context(), None);
        await h.Fake.DeleteAsync(gone, new Context(), None);

        Assert.True(await h.Manager.ApplyBackendChangeAsync(Change(started, InstanceState.Running), None));
        Assert.True(await h.Manager.ApplyBackendChangeAsync(new BackendStateChange(gone.Host, gone.NativeId, null), None));

        var now = await h.GetAsync(started.Id);
        Assert.Equal(InstanceState.Running, now.State);
        Assert.Equal(FakeComputeBackend.NativeActive, now.NativeState);
        var drift = Assert.Single(await h.EventsOfAsync(started.Id), e => e.Kind == EventKind.InstanceDrifted);
        Assert.Equal(started.State, drift.PreviousState);

        var lost = await h.GetAsync(gone.Id);
        Assert.Equal(InstanceState.Error, lost.State);
        Assert.Contains("no longer exists", lost.Fault!.Message, StringComparison.Ordinal);
        Assert.Equal(1, await DriftEventsAsync(h, gone.Id));
    }
}
