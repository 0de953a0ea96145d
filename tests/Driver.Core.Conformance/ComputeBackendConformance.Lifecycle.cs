using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.Model;
using PowerDrivers.Driver.Core.Operations;
using PowerDrivers.Driver.Core.States;
using Xunit;

namespace PowerDrivers.Driver.Core.Conformance;

public abstract partial class ComputeBackendConformance
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Create_WithoutStart_EndsStopped()
    {
        var op = await Manager.CreateAsync(SmallSpec("conf-create"), false, "", None);
        Assert.Equal(OperationKind.Create, op.Kind);
        Assert.Equal(HostName, op.Host);

        var record = await SucceedAsync(Task.FromResult(op));
        Assert.Equal(SmallSpec("conf-create"), record.Spec);
        Assert.Equal(Backend.Kind, record.Backend);
        Assert.Null(record.Fault);
        Assert.NotEmpty(record.NativeState);
        await AssertAgreesAsync(record.Id, InstanceState.Stopped);
    }

    [Fact]
    public async Task Create_WithStart_EndsRunning()
    {
        var record = await CreateAsync("conf-create-start", start: true);
        await AssertAgreesAsync(record.Id, InstanceState.Running);
    }

    [Fact]
    public async Task Start_WhenStopped_EndsRunning()
    {
        var record = await CreateAsync("conf-start");
        await SucceedAsync(Manager.StartAsync(record.Id, "", None));
        await AssertAgreesAsync(record.Id, InstanceState.Running);
    }

    [Fact]
    public async Task Stop_HardWhenRunning_EndsStopped()
    {
        var record = await CreateAsync("conf-stop-hard", start: true);
        await SucceedAsync(Manager.StopAsync(record.Id, StopMode.Hard, null, "", None));
        await AssertAgreesAsync(record.Id, InstanceState.Stopped);
    }

    [Fact]
    public async Task Stop_SoftWhenRunning_EndsStoppedOrIsUnsupportedSoftStop()
    {
        var record = await CreateAsync("conf-stop-soft", start: true);
        if (Caps.SoftStop)
        {
            await SucceedAsync(Manager.StopAsync(record.Id, StopMode.Soft, TimeSpan.FromSeconds(5), "", None));
            await AssertAgreesAsync(record.Id, InstanceState.Stopped);
        }
        else
        {
            await AssertUnsupportedAsync(record.Id, "soft_stop", () => Manager.StopAsync(record.Id, StopMode.Soft, null, "", None));
            await AssertAgreesAsync(record.Id, InstanceState.Running);
        }
    }

    [Fact]
    public async Task Reboot_HardWhenRunning_EndsRunning()
    {
        var record = await CreateAsync("conf-reboot-hard", start: true);
        await SucceedAsync(Manager.RebootAsync(record.Id, RebootMode.Hard, "", None));
        await AssertAgreesAsync(record.Id, InstanceState.Running);
    }

    [Fact]
    public async Task Reboot_SoftWhenRunning_EndsRunningOrIsUnsupportedSoftReboot()
    {
        var record = await CreateAsync("conf-reboot-soft", start: true);
        if (Caps.SoftReboot)
        {
            await SucceedAsync(Manager.RebootAsync(record.Id, RebootMode.Soft, "", None));
        }
        else
        {
            await AssertUnsupportedAsync(record.Id, "soft_reboot", () => Manager.RebootAsync(record.Id, RebootMode.Soft, "", None));
        }

        await AssertAgreesAsync(record.Id, InstanceState.Running);
    }

    [Fact]
    public async Task Pause_WhenRunning_PausesAndUnpausesOrIsUnsupportedPause()
    {
        var record = await CreateAsync("conf-pause", start: true);
        if (!Caps.Pause)
        {
            await AssertUnsupportedAsync(record.Id, "pause", () => Manager.PauseAsync(record.Id, "", None));
            await AssertAgreesAsync(record.Id, InstanceState.Running);
            return;
        }

        await SucceedAsync(Manager.PauseAsync(record.Id, "", None));
        await AssertAgreesAsync(record.Id, InstanceState.Paused);
        await SucceedAsync(Manager.UnpauseAsync(record.Id, "", None));
        await AssertAgreesAsync(record.Id, InstanceState.Running);
    }

    [Fact]
    public async Task Stop_HardWhenPaused_EndsStoppedOrIsUnsupportedPause()
    {
        var record = await CreateAsync("conf-pause-stop", start: true);
        if (!Caps.Pause)
        {
            await AssertUnsupportedAsync(record.Id, "pause", () => Manager.PauseAsync(record.Id, "", None));
            return;
        }

        await SucceedAsync(Manager.PauseAsync(record.Id, "", None));
        await SucceedAsync(Manager.StopAsync(record.Id, StopMode.Hard, null, "", None));
        await AssertAgreesAsync(record.Id, InstanceState.Stopped);
    }

    [Fact]
    public async Task Suspend_WhenRunning_SuspendsAndResumesOrIsUnsupportedSuspend()
    {
        var record = await CreateAsync("conf-suspend", start: true);
        if (!Caps.Suspend)
        {
            await AssertUnsupportedAsync(record.Id, "suspend", () => Manager.SuspendAsync(record.Id, "", None));
            await AssertAgreesAsync(record.Id, InstanceState.Running);
            return;
        }

        await SucceedAsync(Manager.SuspendAsync(record.Id, "", None));
        await AssertAgreesAsync(record.Id, InstanceState.Suspended);
        await SucceedAsync(Manager.ResumeAsync(record.Id, "", None));
        await AssertAgreesAsync(record.Id, InstanceState.Running);
    }

    [Fact]
    public async Task Delete_WhenStopped_EndsDeleted()
    {
        var record = await CreateAsync("conf-delete");
        var op = await Manager.DeleteAsync(record.Id, false, "", None);
        Assert.Equal(OperationKind.Delete, op.Kind);
        await SucceedAsync(Task.FromResult(op));
        await AssertAgreesAsync(record.Id, InstanceState.Deleted);
    }

    [Fact]
    public async Task Delete_WhenRunningWithoutForce_IsRefusedAsInvalidState()
    {
        var record = await CreateAsync("conf-delete-running", start: true);
        var error = await AssertRefusedAsync<InvalidStateError>(record.Id, () => Manager.DeleteAsync(record.Id, false, "", None));
        Assert.Equal(InstanceAction.Delete, error.Action);
        Assert.Equal(InstanceState.Running, error.State);
        await AssertAgreesAsync(record.Id, InstanceState.Running);
    }

    [Fact]
    public async Task Delete_WhenRunningWithForce_EndsDeleted()
    {
        var record = await CreateAsync("conf-force-delete", start: true);
        await SucceedAsync(Manager.DeleteAsync(record.Id, true, "", None));
        await AssertAgreesAsync(record.Id, InstanceState.Deleted);
    }

    [Fact]
    public async Task Actions_NotAllowedWhenStopped_AreRefusedAndChangeNothing()
    {
        var record = await CreateAsync("conf-refuse-stopped");
        var id = record.Id;
        var calls = new (InstanceAction Action, Func<Task> Call)[]
        {
            (InstanceAction.StopSoft, () => Manager.StopAsync(id, StopMode.Soft, null, "", None)),
            (InstanceAction.StopHard, () => Manager.StopAsync(id, StopMode.Hard, null, "", None)),
            (InstanceAction.RebootSoft, () => Manager.RebootAsync(id, RebootMode.Soft, "", None)),
            (InstanceAction.RebootHard, () => Manager.RebootAsync(id, RebootMode.Hard, "", None)),
            (InstanceAction.Pause, () => Manager.PauseAsync(id, "", None)),
            (InstanceAction.Unpause, () => Manager.UnpauseAsync(id, "", None)),
            (InstanceAction.Suspend, () => Manager.SuspendAsync(id, "", None)),
            (InstanceAction.Resume, () => Manager.ResumeAsync(id, "", None)),
            (InstanceAction.ConfirmResize, () => Manager.ConfirmResizeAsync(id, "", None)),
            (InstanceAction.RevertResize, () => Manager.RevertResizeAsync(id, "", None)),
        };
        foreach (var (action, call) in calls)
        {
            var error = await AssertRefusedAsync<InvalidStateError>(id, call);
            Assert.Equal(action, error.Action);
            Assert.Equal(InstanceState.Stopped, error.State);
            Assert.Equal(ErrorReasons.InvalidState, error.Reason);
        }

        await AssertAgreesAsync(id, InstanceState.Stopped);
    }

    [Fact]
    public async Task Actions_NotAllowedWhenRunning_AreRefusedAndChangeNothing()
    {
        var record = await CreateAsync("conf-refuse-running", start: true);
        var id = record.Id;
        var calls = new (InstanceAction Action, Func<Task> Call)[]
        {
            (InstanceAction.Start, () => Manager.StartAsync(id, "", None)),
            (InstanceAction.Unpause, () => Manager.UnpauseAsync(id, "", None)),
            (InstanceAction.Resume, () => Manager.ResumeAsync(id, "", None)),
            (InstanceAction.ConfirmResize, () => Manager.ConfirmResizeAsync(id, "", None)),
            (InstanceAction.RevertResize, () => Manager.RevertResizeAsync(id, "", None)),
            (InstanceAction.Delete, () => Manager.DeleteAsync(id, false, "", None)),
        };
        foreach (var (action, call) in calls)
        {
            var error = await AssertRefusedAsync<InvalidStateError>(id, call);
            Assert.Equal(action, error.Action);
            Assert.Equal(InstanceState.Running, error.State);
        }

        await AssertAgreesAsync(id, InstanceState.Running);
    }

    [Fact]
    public async Task Actions_OnDeletedInstance_AreRefusedAsInvalidState()
    {
        var record = await CreateAsync("conf-refuse-deleted");
        await SucceedAsync(Manager.DeleteAsync(record.Id, false, "", None));
        await AssertRefusedAsync<InvalidStateError>(record.Id, () => Manager.StartAsync(record.Id, "", None));
        await AssertRefusedAsync<InvalidStateError>(record.Id, () => Manager.DeleteAsync(record.Id, true, "", None));
        await AssertAgreesAsync(record.Id, InstanceState.Deleted);
    }
}
