using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.Events;
using PowerDrivers.Driver.Core.Operations;
using PowerDrivers.Driver.Core.States;
using Xunit;

namespace PowerDrivers.Driver.Core.Conformance;

public abstract partial class ComputeBackendConformance
{
    [Fact]
    public async Task Create_DuplicateNameOnSameHost_IsConflictNameInUse()
    {
        var first = await CreateAsync("conf-dup");
        var lastEvent = await Store.LastSequenceAsync(None);

        var error = await Assert.ThrowsAsync<ConflictError>(() => Manager.CreateAsync(SmallSpec("conf-dup"), false, "", None));
        Assert.Equal(ErrorReasons.NameInUse, error.Reason);
        Assert.Equal(lastEvent, await Store.LastSequenceAsync(None));
        var page = await Manager.ListInstancesAsync(new(HostName, [], "", 100, null, false), None);
        Assert.Equal(first.Id, Assert.Single(page.Items).Id);
        await AssertAgreesAsync(first.Id, InstanceState.Stopped);
    }

    [Fact]
    public async Task Create_NameOfDeletedInstance_IsAccepted()
    {
        var first = await CreateAsync("conf-reuse");
        await SucceedAsync(Manager.DeleteAsync(first.Id, false, "", None));
        var second = await CreateAsync("conf-reuse");
        Assert.NotEqual(first.Id, second.Id);
        await AssertAgreesAsync(second.Id, InstanceState.Stopped);
    }

    [Fact]
    public async Task Events_ForCreateThenStart_AppearInSequenceOrder()
    {
        var record = await CreateAsync("conf-events");
        var created = await EventsOfAsync(record.Id);
        Assert.Equal([EventKind.InstanceCreated, EventKind.OperationStarted, EventKind.InstanceStateChanged, EventKind.OperationFinished],
            created.Select(e => e.Kind));
        Assert.Equal((InstanceState?)InstanceState.Building, created[2].PreviousState);
        Assert.Equal((InstanceState?)InstanceState.Stopped, created[2].State);
        Assert.Equal((OperationState?)OperationState.Succeeded, created[3].OperationState);
        var createOp = created[0].OperationId;
        Assert.NotNull(createOp);
        Assert.All(created, e => Assert.Equal(createOp, e.OperationId));

        var after = created[^1].Sequence;
        var start = await Manager.StartAsync(record.Id, "", None);
        await SucceedAsync(Task.FromResult(start));
        var started = await EventsOfAsync(record.Id, after);
        Assert.Equal([EventKind.OperationStarted, EventKind.InstanceStateChanged, EventKind.InstanceStateChanged, EventKind.OperationFinished],
            started.Select(e => e.Kind));
        Assert.Equal([InstanceState.Starting, InstanceState.Running], started.Where(e => e.Kind == EventKind.InstanceStateChanged).Select(e => e.State!.Value));
        Assert.All(started, e => Assert.Equal(start.Id, e.OperationId));

        var all = created.Concat(started).Select(e => e.Sequence).ToArray();
        Assert.Equal(all.Order(), all);
        Assert.Equal(all.Length, all.Distinct().Count());
    }

    [Fact]
    public async Task Create_RepeatedRequestId_ReturnsTheSameOperation()
    {
        var first = await Manager.CreateAsync(SmallSpec("conf-idem"), false, "req-create-1", None);
        var again = await Manager.CreateAsync(SmallSpec("conf-idem"), false, "req-create-1", None);
        Assert.Equal(first.Id, again.Id);
        await FinishAsync(first);
        var later = await Manager.CreateAsync(SmallSpec("conf-idem"), false, "req-create-1", None);
        Assert.Equal(first.Id, later.Id);

        var page = await Manager.ListInstancesAsync(new(HostName, [], "", 100, null, true), None);
        Assert.Single(page.Items);
        await AssertAgreesAsync(first.InstanceId, InstanceState.Stopped);
    }

    [Fact]
    public async Task Start_RepeatedRequestId_ReturnsTheSameOperation()
    {
        var record = await CreateAsync("conf-idem-start");
        var first = await Manager.StartAsync(record.Id, "req-start-1", None);
        await FinishAsync(first);
        var again = await Manager.StartAsync(record.Id, "req-start-1", None);
        Assert.Equal(first.Id, again.Id);
        Assert.Equal(OperationState.Succeeded, again.State);
        await AssertAgreesAsync(record.Id, InstanceState.Running);
    }

    [Fact]
    public async Task HostCapacity_AfterCreateAndDelete_GoesDownAndBack()
    {
        var before = await Manager.GetHostAsync(HostName, None);
        Assert.True(before.Operating, before.StatusReason);
        var record = await CreateAsync("conf-capacity", start: true);

        var during = await Manager.GetHostAsync(HostName, None);
        Assert.True(during.Memory.FreeMb < before.Memory.FreeMb,
            $"free memory {during.Memory.FreeMb} MB with an instance running, {before.Memory.FreeMb} MB before");
        Assert.True(during.Memory.FreeMb <= before.Memory.FreeMb - record.Allocation.MemoryMb);

        await SucceedAsync(Manager.DeleteAsync(record.Id, true, "", None));
        var after = await Manager.GetHostAsync(HostName, None);
        Assert.Equal(before.Memory.FreeMb, after.Memory.FreeMb);
        Assert.Equal(before.Processors.FreeProcessingUnits, after.Processors.FreeProcessingUnits);
        Assert.Equal(before.Processors.FreeCores, after.Processors.FreeCores);
    }

    [Fact]
    public async Task Capabilities_EveryMissingFeature_HasAReason()
    {
        var caps = Caps;
        var flags = new (string Feature, bool Has)[]
        {
            ("pause", caps.Pause), ("suspend", caps.Suspend), ("soft_stop", caps.SoftStop), ("soft_reboot", caps.SoftReboot),
            ("live_processor_resize", caps.LiveProcessorResize), ("live_memory_resize", caps.LiveMemoryResize),
            ("offline_resize", caps.OfflineResize), ("dedicated_processors", caps.DedicatedProcessors),
            ("shared_processors", caps.SharedProcessors),
        };
        foreach (var (feature, has) in flags.Where(f => !f.Has))
        {
            Assert.True(caps.Unsupported.ContainsKey(feature), $"{feature} is false but Capabilities.Unsupported gives no reason");
        }

        Assert.Contains(SmallSpec("x").Guest.OsType, caps.GuestOsTypes);
        var host = await Manager.GetHostAsync(HostName, None);
        Assert.Equal(HostName, host.Name);
        Assert.Equal(Backend.Kind, host.Backend);
    }
}
