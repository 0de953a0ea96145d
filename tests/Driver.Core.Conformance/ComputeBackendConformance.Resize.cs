using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.Model;
using PowerDrivers.Driver.Core.States;
using Xunit;

namespace PowerDrivers.Driver.Core.Conformance;

public abstract partial class ComputeBackendConformance
{
    /// <summary>Processors grown within the small spec's limits (a live change where the platform allows it).</summary>
    protected virtual ProcessorSpec GrownProcessorsWithinLimits(ProcessorSpec current)
    {
        ArgumentNullException.ThrowIfNull(current);
        return current with
        {
            VirtualProcessors = current.VirtualProcessors with { Desired = current.VirtualProcessors.Max },
            ProcessingUnits = current.ProcessingUnits is { } pu ? pu with { Desired = pu.Max / 2 } : null,
        };
    }

    /// <summary>Memory grown within the small spec's limits by one 1 GB step.</summary>
    protected virtual MemorySpec GrownMemoryWithinLimits(MemorySpec current)
    {
        ArgumentNullException.ThrowIfNull(current);
        return current with { DesiredMb = Math.Min(current.DesiredMb + 1024, current.MaxMb) };
    }

    /// <summary>A bigger size with new limits (only possible while stopped).</summary>
    protected virtual (ProcessorSpec Processors, MemorySpec Memory) BiggerSize(InstanceSpec current)
    {
        ArgumentNullException.ThrowIfNull(current);
        var p = current.Processors;
        var processors = p with
        {
            VirtualProcessors = new CountRange(p.VirtualProcessors.Min, p.VirtualProcessors.Max, p.VirtualProcessors.Max * 2),
            ProcessingUnits = p.ProcessingUnits is { } pu ? new UnitsRange(pu.Min, pu.Max, pu.Max * 2) : null,
        };
        var memory = current.Memory with { DesiredMb = current.Memory.MaxMb, MaxMb = current.Memory.MaxMb * 2 };
        return (processors, memory);
    }

    [Fact]
    public async Task Resize_ProcessorsWhenRunning_IsLiveOrRequiresStopped()
    {
        var record = await CreateAsync("conf-resize-live-cpu", start: true);
        var processors = GrownProcessorsWithinLimits(record.Spec.Processors);
        if (!Caps.LiveProcessorResize)
        {
            var error = await AssertRefusedAsync<InvalidStateError>(record.Id, () => Manager.ResizeAsync(record.Id, processors, null, "", None));
            Assert.Equal(ErrorReasons.RequiresStopped, error.Reason);
            Assert.Equal(InstanceAction.Resize, error.Action);
            await AssertAgreesAsync(record.Id, InstanceState.Running);
            return;
        }

        var verify = await SucceedAsync(Manager.ResizeAsync(record.Id, processors, null, "", None));
        Assert.Equal(InstanceState.Running, verify.StateBeforeResize);
        Assert.Equal(record.Spec, verify.PreviousSpec);
        Assert.Equal(processors, verify.Spec.Processors);
        await AssertAgreesAsync(record.Id, InstanceState.ResizeVerify);

        var confirmed = await SucceedAsync(Manager.ConfirmResizeAsync(record.Id, "", None));
        Assert.Equal(processors, confirmed.Spec.Processors);
        Assert.Null(confirmed.PreviousSpec);
        await AssertAgreesAsync(record.Id, InstanceState.Running);
    }

    [Fact]
    public async Task Resize_MemoryWhenRunning_IsLiveOrRequiresStopped()
    {
        var record = await CreateAsync("conf-resize-live-mem", start: true);
        var memory = GrownMemoryWithinLimits(record.Spec.Memory);
        if (!Caps.LiveMemoryResize)
        {
            var error = await AssertRefusedAsync<InvalidStateError>(record.Id, () => Manager.ResizeAsync(record.Id, null, memory, "", None));
            Assert.Equal(ErrorReasons.RequiresStopped, error.Reason);
            await AssertAgreesAsync(record.Id, InstanceState.Running);
            return;
        }

        var verify = await SucceedAsync(Manager.ResizeAsync(record.Id, null, memory, "", None));
        Assert.Equal(memory, verify.Spec.Memory);
        await AssertAgreesAsync(record.Id, InstanceState.ResizeVerify);

        var reverted = await SucceedAsync(Manager.RevertResizeAsync(record.Id, "", None));
        Assert.Equal(record.Spec, reverted.Spec);
        Assert.Null(reverted.PreviousSpec);
        await AssertAgreesAsync(record.Id, InstanceState.Running);
    }

    [Fact]
    public async Task Resize_WhenStoppedThenConfirmed_KeepsNewSpecAndStaysStopped()
    {
        var record = await CreateAsync("conf-resize-confirm");
        var (processors, memory) = BiggerSize(record.Spec);
        if (!Caps.OfflineResize)
        {
            await AssertUnsupportedAsync(record.Id, "offline_resize", () => Manager.ResizeAsync(record.Id, processors, memory, "", None));
            return;
        }

        var verify = await SucceedAsync(Manager.ResizeAsync(record.Id, processors, memory, "", None));
        Assert.Equal(InstanceState.Stopped, verify.StateBeforeResize);
        await AssertAgreesAsync(record.Id, InstanceState.ResizeVerify);

        var confirmed = await SucceedAsync(Manager.ConfirmResizeAsync(record.Id, "", None));
        Assert.Equal(processors, confirmed.Spec.Processors);
        Assert.Equal(memory, confirmed.Spec.Memory);
        Assert.Null(confirmed.PreviousSpec);
        Assert.Null(confirmed.StateBeforeResize);
        await AssertAgreesAsync(record.Id, InstanceState.Stopped);

        // The new size is real: the instance starts with it.
        var started = await SucceedAsync(Manager.StartAsync(record.Id, "", None));
        Assert.Equal(memory.DesiredMb, started.Allocation.MemoryMb);
    }

    [Fact]
    public async Task Resize_WhenStoppedThenReverted_RestoresOldSpec()
    {
        var record = await CreateAsync("conf-resize-revert");
        var (processors, memory) = BiggerSize(record.Spec);
        if (!Caps.OfflineResize)
        {
            await AssertUnsupportedAsync(record.Id, "offline_resize", () => Manager.ResizeAsync(record.Id, processors, memory, "", None));
            return;
        }

        await SucceedAsync(Manager.ResizeAsync(record.Id, processors, memory, "", None));
        var reverted = await SucceedAsync(Manager.RevertResizeAsync(record.Id, "", None));
        Assert.Equal(record.Spec, reverted.Spec);
        Assert.Null(reverted.PreviousSpec);
        await AssertAgreesAsync(record.Id, InstanceState.Stopped);

        var started = await SucceedAsync(Manager.StartAsync(record.Id, "", None));
        Assert.Equal(record.Spec.Memory.DesiredMb, started.Allocation.MemoryMb);
    }

    [Fact]
    public async Task Resize_ToTheSameSize_IsRefusedAsInvalidSpec()
    {
        var record = await CreateAsync("conf-resize-same");
        await AssertRefusedAsync<InvalidSpecError>(record.Id, () => Manager.ResizeAsync(record.Id, record.Spec.Processors, record.Spec.Memory, "", None));
    }
}
