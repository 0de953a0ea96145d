using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.Model;
using PowerDrivers.Driver.Core.Operations;
using PowerDrivers.Driver.Core.States;
using Xunit;

namespace PowerDrivers.Driver.Core.Tests.Operations;

/// <summary>Resize rules of the manager and one-operation-at-a-time, against the fake backend.</summary>
public sealed class ComputeManagerResizeTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Resize_WhenBackendFails_InstanceKeepsStateAndSpec()
    {
        await using var h = new ManagerHarness();
        var record = await h.CreateAsync("vm-1", start: true);
        h.Fake.FailNext(nameof(IComputeBackend.ResizeAsync), new BackendFailureError("fake", "DLPAR failed", "HSCL2932"));

        var done = await h.FinishAsync(await h.Manager.ResizeAsync(record.Id, null, record.Spec.Memory with { DesiredMb = 3072 }, "", None));

        Assert.Equal(OperationState.Failed, done.State);
        var after = await h.GetAsync(record.Id);
        Assert.Equal(InstanceState.Running, after.State);
        Assert.Equal(record.Spec, after.Spec);
        Assert.Null(after.PreviousSpec);
    }

    [Fact]
    public async Task RevertResize_WhenBackendFailsAfterOfflineResize_StaysInResizeVerify()
    {
        await using var h = new ManagerHarness();
        var record = await h.CreateAsync("vm-1");
        var bigger = record.Spec.Memory with { DesiredMb = 4096, MaxMb = 8192 };
        await h.SucceedAsync(h.Manager.ResizeAsync(record.Id, null, bigger, "", None));
        h.Fake.FailNext(nameof(IComputeBackend.ResizeAsync), new BackendFailureError("fake", "revert failed"));

        var done = await h.FinishAsync(await h.Manager.RevertResizeAsync(record.Id, "", None));

        Assert.Equal(OperationState.Failed, done.State);
        var after = await h.GetAsync(record.Id);
        Assert.Equal(InstanceState.ResizeVerify, after.State);
        Assert.Equal(record.Spec, after.PreviousSpec);
        await h.SucceedAsync(h.Manager.RevertResizeAsync(record.Id, "", None));
        Assert.Equal(record.Spec, (await h.GetAsync(record.Id)).Spec);
    }

    // Bug: AfterFailure (ComputeManager.Execution.cs) only keeps RESIZE_VERIFY when the platform reports STOPPED;
    // after a live resize the platform reports RUNNING, so a failed revert drops the instance to RUNNING with the
    // new spec and a dangling PreviousSpec, and neither confirm nor revert is possible any more.
    [Fact]
    public async Task RevertResize_WhenBackendFailsAfterLiveResize_StaysInResizeVerify()
    {
        await using var h = new ManagerHarness();
        var record = await h.CreateAsync("vm-1", start: true);
        await h.SucceedAsync(h.Manager.ResizeAsync(record.Id, null, record.Spec.Memory with { DesiredMb = 3072 }, "", None));
        h.Fake.FailNext(nameof(IComputeBackend.ResizeAsync), new BackendFailureError("fake", "revert failed"));

        var done = await h.FinishAsync(await h.Manager.RevertResizeAsync(record.Id, "", None));

        Assert.Equal(OperationState.Failed, done.State);
        var after = await h.GetAsync(record.Id);
        Assert.Equal(InstanceState.ResizeVerify, after.State);
        Assert.Equal(record.Spec, after.PreviousSpec);
    }

    // Bug: ComputeManager.ResizeAsync validates with SpecValidator.EnsureValid(newSpec, "") so every field path
    // starts with a dot (".memory.min_mb"); the ResizeInstanceRequest fields are "processors" and "memory".
    [Fact]
    public async Task Resize_InvalidNewSize_ReportsFieldPathsOfTheResizeRequest()
    {
        await using var h = new ManagerHarness();
        var record = await h.CreateAsync("vm-1");

        var error = await Assert.ThrowsAsync<InvalidSpecError>(() =>
            h.Manager.ResizeAsync(record.Id, null, new MemorySpec(2048, 1024, 4096), "", None));

        Assert.Equal(["memory.min_mb"], error.Violations.Select(v => v.Field));
        Assert.Equal(record.Version, (await h.GetAsync(record.Id)).Version);
    }

    [Fact]
    public async Task Resize_NeitherProcessorsNorMemory_IsInvalidSpec()
    {
        await using var h = new ManagerHarness();
        var record = await h.CreateAsync("vm-1");
        await Assert.ThrowsAsync<InvalidSpecError>(() => h.Manager.ResizeAsync(record.Id, null, null, "", None));
    }

    [Fact]
    public async Task Resize_BeyondFreeMemory_IsRefusedWithTheNumbers()
    {
        await using var h = new ManagerHarness(new() { Hosts = ["host-a"], MemoryMb = 8192, HypervisorReservedMb = 1024 });
        var record = await h.CreateAsync("vm-1");

        var error = await Assert.ThrowsAsync<InsufficientCapacityError>(() =>
            h.Manager.ResizeAsync(record.Id, null, new MemorySpec(1024, 8192, 8192), "", None));

        Assert.Equal(ErrorReasons.InsufficientMemory, error.Reason);
        Assert.Equal(8192m, error.Requested);
        Assert.Equal(7168m, error.Available);
        Assert.Equal(InstanceState.Stopped, (await h.GetAsync(record.Id)).State);
    }

    // Bug: BeginAsync (ComputeManager.Execution.cs) checks only the state table. Pause runs "during" RUNNING and
    // unpause/confirm "during" PAUSED/RESIZE_VERIFY (non-transitional states), so while such an operation is in
    // flight a second one (stop hard, force delete …) is accepted and the backend is called twice at once for one
    // instance, breaking the IComputeBackend contract ("called at most once at a time per instance").
    [Fact]
    public async Task Stop_WhilePauseIsInFlight_IsRefused()
    {
        await using var h = new ManagerHarness();
        var record = await h.CreateAsync("vm-1", start: true);
        var hold = h.Fake.HoldNext(nameof(IComputeBackend.PauseAsync));
        var pause = await h.Manager.PauseAsync(record.Id, "", None);
        try
        {
            await hold.Reached.WaitAsync(ManagerHarness.Patience);

            var error = await Record.ExceptionAsync(() => h.Manager.StopAsync(record.Id, StopMode.Hard, null, "", None));

            Assert.True(error is InvalidStateError or ConflictError,
                $"a second operation was accepted while {pause.Kind} {pause.Id} was in flight ({error?.GetType().Name ?? "no error"})");
            Assert.DoesNotContain(nameof(IComputeBackend.StopAsync), h.Fake.Calls);
        }
        finally
        {
            hold.Release();
            await h.FinishAsync(pause);
        }
    }
}
