using PowerDrivers.Backend.PowerVM.Mapping;
using PowerDrivers.Backend.PowerVM.Wire;
using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.Model;
using PowerDrivers.Driver.Core.States;

namespace PowerDrivers.Backend.PowerVM;

public sealed partial class PowerVmBackend
{
    /// <inheritdoc/>
    public async Task ValidateResizeAsync(InstanceRecord instance, InstanceSpec newSpec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(newSpec);
        var ms = await SystemAsync(instance.Host, refresh: false, cancellationToken).ConfigureAwait(false);
        RequireSupported(newSpec, GetCapabilities(instance.Host));
        var v = new List<FieldViolation>();
        CheckMemoryBlocks(newSpec.Memory, ms, instance.Host, "memory", v);
        if (v.Count > 0)
        {
            throw new InvalidSpecError(v);
        }

        await PoolIdAsync(newSpec, ms, cancellationToken).ConfigureAwait(false);
        var view = await FindAsync(instance, cancellationToken).ConfigureAwait(false) ?? throw new NotFoundError("instance", instance.Id.ToString());
        if (PartitionStateTable.IsOff(view.State))
        {
            return; // A profile change: the HMC judges it when it is applied.
        }

        if (PartitionStateTable.ToCanonical(view.State) != InstanceState.Running)
        {
            throw new InvalidStateError(instance.Id.ToString(), instance.State, InstanceAction.Resize, ErrorReasons.InvalidState,
                $"the partition is {view.State}; resize it when it is running (DLPAR) or not activated");
        }

        var offOnly = OffOnlyChanges(view, instance.Spec, newSpec);
        if (offOnly.Count > 0)
        {
            throw new InvalidStateError(instance.Id.ToString(), instance.State, InstanceAction.Resize, ErrorReasons.RequiresStopped,
                $"a running partition only moves its desired values within its [min, max] (DLPAR); {string.Join("; ", offOnly)} can change only while it is "
                + "not activated: stop the instance, then resize it");
        }
    }

    /// <inheritdoc/>
    public async Task<BackendObservation> ResizeAsync(InstanceRecord instance, InstanceSpec newSpec, IOperationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(newSpec);
        var ms = await SystemAsync(instance.Host, refresh: false, cancellationToken).ConfigureAwait(false);
        var poolId = await PoolIdAsync(newSpec, ms, cancellationToken).ConfigureAwait(false);
        var uuid = await UuidAsync(instance, cancellationToken).ConfigureAwait(false);
        context?.Report("applying the new size on the HMC", 30);
        var view = await CallAsync(instance.Host,
            () => WithCapacityNumbersAsync(instance, newSpec,
                () => _hmc.UpdatePartitionAsync(uuid, v => LogicalPartitionXml.Apply(v.Element, newSpec, poolId), cancellationToken), cancellationToken),
            Context(instance.Host, instance, InstanceAction.Resize)).ConfigureAwait(false);
        return Observe(view);
    }

    /// <summary>What the change touches that PHYP moves only while the partition is off (against what the HMC has now).</summary>
    private static List<string> OffOnlyChanges(PartitionView now, InstanceSpec old, InstanceSpec next)
    {
        var p = next.Processors;
        var m = next.Memory;
        var changes = new List<string>();
        if ((p.Mode == ProcessorMode.Dedicated) != now.Dedicated)
        {
            changes.Add("the processor mode (dedicated/shared)");
        }

        if (p.VirtualProcessors.Min != now.MinimumProcessors || p.VirtualProcessors.Max != now.MaximumProcessors)
        {
            changes.Add($"the processor limits ({now.MinimumProcessors}-{now.MaximumProcessors} -> {p.VirtualProcessors.Min}-{p.VirtualProcessors.Max})");
        }

        if (p.ProcessingUnits is { } pu && !now.Dedicated && (pu.Min != now.MinimumUnits || pu.Max != now.MaximumUnits))
        {
            changes.Add($"the processing unit limits ({now.MinimumUnits}-{now.MaximumUnits} -> {pu.Min}-{pu.Max})");
        }

        if (m.MinMb != now.MinimumMemory || m.MaxMb != now.MaximumMemory)
        {
            changes.Add($"the memory limits ({now.MinimumMemory}-{now.MaximumMemory} MB -> {m.MinMb}-{m.MaxMb} MB)");
        }

        if (p.SharedPool != old.Processors.SharedPool)
        {
            changes.Add("the shared processor pool");
        }

        if (p.CompatibilityMode != old.Processors.CompatibilityMode)
        {
            changes.Add("the processor compatibility mode");
        }

        if (m.ExpansionFactor != old.Memory.ExpansionFactor)
        {
            changes.Add("the Active Memory Expansion factor");
        }

        return changes;
    }
}
