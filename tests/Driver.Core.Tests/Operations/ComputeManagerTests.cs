using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Conformance.Fakes;
using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.Events;
using PowerDrivers.Driver.Core.Model;
using PowerDrivers.Driver.Core.Operations;
using PowerDrivers.Driver.Core.States;
using PowerDrivers.Driver.Core.Store;
using Xunit;

namespace PowerDrivers.Driver.Core.Tests.Operations;

/// <summary>The manager's own rules, against the fake backend (no platform runs here).</summary>
public sealed class ComputeManagerTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Create_WhenBackendFails_InstanceErrorWithFaultAndCapacityRestored()
    {
        await using var h = new ManagerHarness();
        var before = await h.Manager.GetHostAsync("host-a", None);
        h.Fake.FailNext(nameof(IComputeBackend.CreateAsync), new BackendFailureError("fake", "disk on fire", "E42"));

        var done = await h.FinishAsync(await h.Manager.CreateAsync(ManagerHarness.Spec("vm-fail"), false, "", None));

        Assert.Equal(OperationState.Failed, done.State);
        Assert.NotNull(done.Error);
        Assert.Equal(ErrorReasons.BackendFailure, done.Error.Reason);
        Assert.Equal(DriverErrorKind.BackendFailure, done.Error.Kind);
        Assert.Equal("E42", done.Error.Metadata["native_code"]);
        var record = await h.GetAsync(done.InstanceId);
        Assert.Equal(InstanceState.Error, record.State);
        Assert.NotNull(record.Fault);
        Assert.Equal(ErrorReasons.BackendFailure, record.Fault.Reason);
        Assert.Contains("disk on fire", record.Fault.Message, StringComparison.Ordinal);
        Assert.Null(record.ActiveOperationId);
        Assert.Equal(Allocation.None, record.Allocation);

        var after = await h.Manager.GetHostAsync("host-a", None);
        Assert.Equal(before.Memory.FreeMb, after.Memory.FreeMb);
        Assert.Equal(before.Processors.FreeProcessingUnits, after.Processors.FreeProcessingUnits);
        Assert.Equal(0, h.Fake.InstanceCount);

        var events = await h.EventsOfAsync(record.Id);
        var last = events[^1];
        Assert.Equal(EventKind.OperationFinished, last.Kind);
        Assert.Equal((OperationState?)OperationState.Failed, last.OperationState);
        var change = events[^2];
        Assert.Equal(EventKind.InstanceStateChanged, change.Kind);
        Assert.Equal((InstanceState?)InstanceState.Building, change.PreviousState);
        Assert.Equal((InstanceState?)InstanceState.Error, change.State);
    }

    [Fact]
    public async Task Create_WhenBackendRunsOutOfMemoryMidway_OperationFailsWithThatReason()
    {
        await using var h = new ManagerHarness();
        var before = await h.Manager.GetHostAsync("host-a", None);
        h.Fake.FailNext(nameof(IComputeBackend.CreateAsync),
            new InsufficientCapacityError(ErrorReasons.InsufficientMemory, "out of LMBs", "host-a", 2048, 1024, "MB"));

        var done = await h.FinishAsync(await h.Manager.CreateAsync(ManagerHarness.Spec("vm-oom"), true, "", None));

        Assert.Equal(OperationState.Failed, done.State);
        Assert.Equal(ErrorReasons.InsufficientMemory, done.Error!.Reason);
        Assert.Equal("2048", done.Error.Metadata["requested"]);
        Assert.Equal(InstanceState.Error, (await h.GetAsync(done.InstanceId)).State);
        Assert.Equal(before.Memory.FreeMb, (await h.Manager.GetHostAsync("host-a", None)).Memory.FreeMb);
        Assert.DoesNotContain(nameof(IComputeBackend.StartAsync), h.Fake.Calls);
    }

    [Fact]
    public async Task Delete_ErrorInstanceNeverDefinedOnPlatform_EndsDeleted()
    {
        await using var h = new ManagerHarness();
        h.Fake.FailNext(nameof(IComputeBackend.CreateAsync), new BackendFailureError("fake", "boom"));
        var failed = await h.FinishAsync(await h.Manager.CreateAsync(ManagerHarness.Spec("vm-err"), false, "", None));

        await h.FinishAsync(await h.Manager.DeleteAsync(failed.InstanceId, false, "", None));

        Assert.Equal(InstanceState.Deleted, (await h.GetAsync(failed.InstanceId)).State);
        var reuse = await h.CreateAsync("vm-err");
        Assert.Equal(InstanceState.Stopped, reuse.State);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Create_BeyondFreeCapacity_IsRefusedSynchronouslyWithTheNumbers(bool dedicated)
    {
        await using var h = new ManagerHarness(new FakeBackendOptions { Hosts = ["host-a"], Cores = 4, MemoryMb = 8192, HypervisorReservedMb = 1024 });
        var spec = dedicated
            ? ManagerHarness.Spec("vm-big") with { Processors = new ProcessorSpec(ProcessorMode.Dedicated, new CountRange(1, 5, 5), null) }
            : ManagerHarness.Spec("vm-big", memoryMb: 8192);

        var error = await Assert.ThrowsAsync<InsufficientCapacityError>(() => h.Manager.CreateAsync(spec, false, "", None));

        Assert.Equal(dedicated ? ErrorReasons.InsufficientProcessors : ErrorReasons.InsufficientMemory, error.Reason);
        Assert.Equal(dedicated ? 5m : 8192m, error.Requested);
        Assert.Equal(dedicated ? 4m : 7168m, error.Available);
        Assert.Equal("host-a", error.Host);
        Assert.Equal(0, await h.LastSequenceAsync());
        Assert.Equal(0, (await h.Manager.ListInstancesAsync(new InstanceQuery("", [], "", 10, null, true), None)).TotalSize);
    }

    [Fact]
    public async Task Create_ProcessingUnitsBeyondFree_IsRefusedAsInsufficientProcessingUnits()
    {
        await using var h = new ManagerHarness(new FakeBackendOptions { Hosts = ["host-a"], Cores = 1 });
        await h.CreateAsync("vm-1");
        var spec = ManagerHarness.Spec("vm-2") with
        {
            Processors = new ProcessorSpec(ProcessorMode.Shared, new CountRange(1, 1, 2), new UnitsRange(0.1m, 0.6m, 1m)),
        };

        var error = await Assert.ThrowsAsync<InsufficientCapacityError>(() => h.Manager.CreateAsync(spec, false, "", None));

        Assert.Equal(ErrorReasons.InsufficientProcessingUnits, error.Reason);
        Assert.Equal(0.6m, error.Requested);
        Assert.Equal(0.5m, error.Available);
    }

    [Theory]
    [InlineData(nameof(IComputeBackend.StartAsync), InstanceState.Stopped)]
    [InlineData(nameof(IComputeBackend.StopAsync), InstanceState.Running)]
    [InlineData(nameof(IComputeBackend.RebootAsync), InstanceState.Running)]
    public async Task Operation_WhenBackendFails_InstanceBackToPreviousState(string method, InstanceState previous)
    {
        await using var h = new ManagerHarness();
        var record = await h.CreateAsync("vm-1", start: previous == InstanceState.Running);
        h.Fake.FailNext(method, new BackendFailureError("fake", "HSCL1234 refused"));

        var call = method switch
        {
            nameof(IComputeBackend.StartAsync) => h.Manager.StartAsync(record.Id, "", None),
            nameof(IComputeBackend.StopAsync) => h.Manager.StopAsync(record.Id, StopMode.Hard, null, "", None),
            _ => h.Manager.RebootAsync(record.Id, RebootMode.Hard, "", None),
        };
        var done = await h.FinishAsync(await call);

        Assert.Equal(OperationState.Failed, done.State);
        Assert.Equal(ErrorReasons.BackendFailure, done.Error!.Reason);
        var after = await h.GetAsync(record.Id);
        Assert.Equal(previous, after.State);
        Assert.Null(after.Fault);
        Assert.Null(after.ActiveOperationId);
        Assert.Equal(record.Version + 2, after.Version);
    }

    [Fact]
    public async Task Start_ConcurrentRequests_ExactlyOneAcceptedOthersRefused()
    {
        await using var h = new ManagerHarness();
        var record = await h.CreateAsync("vm-race");
        for (var round = 0; round < 10; round++)
        {
            var attempts = Enumerable.Range(0, 8)
                .Select(_ => Task.Run(() => h.Manager.StartAsync(record.Id, "", None)))
                .ToArray();
            try
            {
                await Task.WhenAll(attempts).WaitAsync(ManagerHarness.Patience);
            }
            catch (DriverError)
            {
                // Inspected one by one below.
            }

            var accepted = attempts.Where(t => t.IsCompletedSuccessfully).ToArray();
            var op = await Assert.Single(accepted);
            Assert.All(attempts.Where(t => t.IsFaulted), t => Assert.True(
                t.Exception!.InnerException is ConflictError or InvalidStateError, t.Exception.InnerException?.GetType().Name));
            Assert.Equal(OperationState.Succeeded, (await h.FinishAsync(op)).State);
            await h.SucceedAsync(h.Manager.StopAsync(record.Id, StopMode.Hard, null, "", None));
        }

        Assert.Equal(10, h.Fake.Calls.Count(c => c == nameof(IComputeBackend.StartAsync)));
    }

    [Fact]
    public async Task UpdateMetadata_WhileOperationRuns_KeepsBothTheMetadataAndTheFinalState()
    {
        await using var h = new ManagerHarness();
        var record = await h.CreateAsync("vm-meta");
        var hold = h.Fake.HoldNext(nameof(IComputeBackend.StartAsync));
        var op = await h.Manager.StartAsync(record.Id, "", None);
        await hold.Reached.WaitAsync(ManagerHarness.Patience);

        var updated = await h.Manager.UpdateAsync(record.Id, null, new Dictionary<string, string> { ["owner"] = "ops" }, 0, None);
        Assert.Equal(InstanceState.Starting, updated.State);
        hold.Release();
        var done = await h.FinishAsync(op);

        Assert.Equal(OperationState.Succeeded, done.State);
        var after = await h.GetAsync(record.Id);
        Assert.Equal(InstanceState.Running, after.State);
        Assert.Equal("ops", after.Spec.Metadata["owner"]);
        Assert.Null(after.ActiveOperationId);
    }

    [Fact]
    public async Task FinishCommit_WhenAnotherWriterGetsInFirst_IsRetriedWithoutLosingEither()
    {
        var target = Guid.Empty;
        await using var h = new ManagerHarness(wrapStore: inner => new InterleavingStore(inner,
            c => c.Events?.Any(e => e.Kind == EventKind.OperationFinished && e.OperationState == OperationState.Succeeded
                && c.Operation?.Kind == OperationKind.Start) == true,
            async store =>
            {
                // A metadata update commits between the finishing commit's read and its write.
                var current = (await store.GetInstanceAsync(target, None))!;
                var changed = current with
                {
                    Spec = current.Spec with { Metadata = new Dictionary<string, string> { ["interloper"] = "yes" } },
                    Version = current.Version + 1,
                };
                await store.CommitAsync(new ChangeSet(UpdateInstance: changed), None);
            }));
        var record = await h.CreateAsync("vm-retry");
        target = record.Id;

        var done = await h.FinishAsync(await h.Manager.StartAsync(record.Id, "", None));

        Assert.Equal(OperationState.Succeeded, done.State);
        var after = await h.GetAsync(record.Id);
        Assert.Equal(InstanceState.Running, after.State);
        Assert.Equal("yes", after.Spec.Metadata["interloper"]);
        Assert.Null(after.ActiveOperationId);
        Assert.Single(await h.EventsOfAsync(record.Id), e => e.Kind == EventKind.OperationFinished && e.OperationId == done.Id);
    }

    [Fact]
    public async Task Create_WithoutHost_IsPlacedOnTheHostWithMostFreeMemoryThenTheNext()
    {
        await using var h = new ManagerHarness(new FakeBackendOptions { Hosts = ["host-b", "host-a"] });

        var first = await h.SucceedAsync(h.Manager.CreateAsync(ManagerHarness.Spec("vm-1", host: ""), false, "", None));
        var second = await h.SucceedAsync(h.Manager.CreateAsync(ManagerHarness.Spec("vm-2", host: ""), false, "", None));

        Assert.Equal("host-a", first.Host);
        Assert.Equal("host-b", second.Host);
    }

    [Fact]
    public async Task Create_WithoutHostWhenOneHostUnavailable_IsPlacedOnTheOther()
    {
        await using var h = new ManagerHarness(new FakeBackendOptions { Hosts = ["host-a", "host-b"] });
        h.Fake.SetUnavailable("host-a", "HMC unreachable");

        var placed = await h.SucceedAsync(h.Manager.CreateAsync(ManagerHarness.Spec("vm-1", host: ""), false, "", None));

        Assert.Equal("host-b", placed.Host);
    }

    [Fact]
    public async Task Create_WithoutHostWhenNoHostFits_IsNoValidHostAndChangesNothing()
    {
        await using var h = new ManagerHarness(new FakeBackendOptions { Hosts = ["host-a", "host-b"] });
        h.Fake.SetUnavailable("host-a", "HMC unreachable");
        var spec = ManagerHarness.Spec("vm-1", host: "") with { Guest = new GuestSpec(OsType.IbmI) };

        var error = await Assert.ThrowsAsync<InsufficientCapacityError>(() => h.Manager.CreateAsync(spec, false, "", None));

        Assert.Equal(ErrorReasons.NoValidHost, error.Reason);
        Assert.Contains("host-a: not operating (HMC unreachable)", error.Message, StringComparison.Ordinal);
        Assert.Contains("host-b: fake does not run IbmI guests", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await h.LastSequenceAsync());
    }

    [Fact]
    public async Task Create_WhenHostUnavailable_IsRefusedAndChangesNothing()
    {
        await using var h = new ManagerHarness();
        h.Fake.SetUnavailable("host-a", "HMC unreachable");

        var error = await Assert.ThrowsAsync<UnavailableError>(() => h.Manager.CreateAsync(ManagerHarness.Spec("vm-1"), false, "", None));

        Assert.Equal(ErrorReasons.BackendUnavailable, error.Reason);
        Assert.Equal("host-a", error.Host);
        Assert.Equal("fake", error.Backend);
        Assert.Contains("HMC unreachable", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await h.LastSequenceAsync());
        Assert.Empty(h.Fake.Calls);
    }

    [Fact]
    public async Task Start_WhenHostUnavailable_IsRefusedAndChangesNothing()
    {
        await using var h = new ManagerHarness();
        var record = await h.CreateAsync("vm-1");
        var lastEvent = await h.LastSequenceAsync();
        var calls = h.Fake.Calls.Count;
        h.Fake.SetUnavailable("host-a", "HMC unreachable");

        var error = await Assert.ThrowsAsync<UnavailableError>(() => h.Manager.StartAsync(record.Id, "", None));

        Assert.Equal("HMC unreachable", error.Message);
        var after = await h.GetAsync(record.Id);
        Assert.Equal(record.Version, after.Version);
        Assert.Equal(InstanceState.Stopped, after.State);
        Assert.Equal(lastEvent, await h.LastSequenceAsync());
        Assert.Equal(calls, h.Fake.Calls.Count);

        h.Fake.SetUnavailable("host-a", null);
        await h.SucceedAsync(h.Manager.StartAsync(record.Id, "", None));
    }
}
