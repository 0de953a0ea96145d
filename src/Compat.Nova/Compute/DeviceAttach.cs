using Grpc.Core;
using PowerDrivers.Compat.Nova.Hosting;
using Api = PowerDrivers.V1;

namespace PowerDrivers.Compat.Nova.Compute;

/// <summary>What volume and interface attach/detach share: the states Nova allows, the driver call and its refusals in Nova's words.</summary>
internal static class DeviceAttach
{
    /// <summary>The vm_states Nova attaches and detaches volumes and interfaces in.</summary>
    public static readonly string[] VmStates = ["active", "paused", "stopped", "resized"];

    /// <summary>Calls the driver after Nova's state check; maps its refusal (see <see cref="FaultAsync"/>).</summary>
    public static async Task<Api.Operation> CallAsync(ComputeContext c, Api.Instance instance, string action, Func<Task<Api.Operation>> call)
    {
        await ServerActionEndpoints.CheckStateAsync(c, instance, action, VmStates).ConfigureAwait(false);
        try
        {
            var op = await call().ConfigureAwait(false);
            c.RecordAction(action, instance.Id, op.Id);
            return op;
        }
        catch (RpcException ex)
        {
            throw await FaultAsync(c, instance, action, ex).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A refusal in Nova's words: a change the hypervisor cannot make live (UNIMPLEMENTED for a <c>live_*</c> feature)
    /// is a 409 with Nova's vm_state wording plus the driver's reason (stop the server first); a volume in use or on
    /// another host's storage is a 400 "Invalid volume"; a state refusal is Nova's 409; the rest map as everywhere.
    /// </summary>
    public static async Task<NovaFault> FaultAsync(ComputeContext c, Api.Instance instance, string action, RpcException ex)
    {
        if (ex.StatusCode == StatusCode.Unimplemented && NovaFault.Feature(ex) is { } feature && feature.StartsWith("live_", StringComparison.Ordinal))
        {
            var state = await c.StateAsync(instance).ConfigureAwait(false);
            return NovaFault.Conflict($"Cannot '{action}' instance {instance.Id} while it is in vm_state {state.VmState}: {ex.Status.Detail}");
        }

        if (ex.StatusCode == StatusCode.FailedPrecondition)
        {
            return NovaFault.Reason(ex) switch
            {
                "VOLUME_IN_USE" or "WRONG_HOST" => NovaFault.BadRequest("Invalid volume: " + ex.Status.Detail),
                "INVALID_STATE" or null => await ServerActionEndpoints.StateConflictAsync(c, instance.Id, action, ex).ConfigureAwait(false),
                _ => NovaFault.Conflict(ex.Status.Detail),
            };
        }

        return NovaFault.FromRpc(ex, ex.StatusCode == StatusCode.NotFound && NovaFault.Reason(ex) is "INSTANCE_NOT_FOUND" ? instance.Id : null);
    }

    /// <summary>Waits (bounded) for the operation; a failure becomes the fault its error maps to.</summary>
    public static async Task<Api.Operation> AwaitAsync(ComputeContext c, Api.Instance instance, string action, Api.Operation op, TimeSpan limit)
    {
        var last = await c.Driver.WaitAsync(op, limit, c.Aborted).ConfigureAwait(false);
        if (last.State == Api.OperationState.Failed)
        {
            throw await FaultAsync(c, instance, action, DriverClient.Failure(last)).ConfigureAwait(false);
        }

        return last;
    }
}
