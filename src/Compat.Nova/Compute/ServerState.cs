using Api = PowerDrivers.V1;

namespace PowerDrivers.Compat.Nova.Compute;

/// <summary>Nova's view of an instance's state: <c>vm_state</c>, <c>task_state</c> and the derived <c>status</c>.</summary>
internal readonly record struct ServerState(string VmState, string? TaskState, string Status, int PowerState)
{
    private const int NoState = 0;
    private const int Running = 1;
    private const int Paused = 3;
    private const int Shutdown = 4;

    /// <summary>
    /// Derives Nova's states from the driver state and the kind of the operation in progress (if any): the state says
    /// where the instance is (<c>vm_state</c>), the operation what is happening to it (<c>task_state</c>); <c>status</c>
    /// then follows Nova's own vm_state × task_state table. <paramref name="hardReboot"/> tells REBOOT from HARD_REBOOT.
    /// </summary>
    public static ServerState Derive(Api.InstanceState state, Api.OperationKind? activeKind, bool hardReboot)
    {
        var vm = state switch
        {
            Api.InstanceState.Building => "building",
            Api.InstanceState.Stopped or Api.InstanceState.Starting => "stopped",
            Api.InstanceState.Paused => "paused",
            Api.InstanceState.Suspended or Api.InstanceState.Resuming => "suspended",
            Api.InstanceState.ResizeVerify => "resized",
            Api.InstanceState.Deleted => "deleted",
            Api.InstanceState.Error => "error",
            _ => "active",
        };
        var task = activeKind switch
        {
            Api.OperationKind.Create => "spawning",
            Api.OperationKind.Delete => "deleting",
            Api.OperationKind.Start => "powering-on",
            Api.OperationKind.Stop => "powering-off",
            Api.OperationKind.Reboot => hardReboot ? "rebooting_hard" : "rebooting",
            Api.OperationKind.Pause => "pausing",
            Api.OperationKind.Unpause => "unpausing",
            Api.OperationKind.Suspend => "suspending",
            Api.OperationKind.Resume => "resuming",
            Api.OperationKind.Resize => "resize_migrating",
            Api.OperationKind.RevertResize => "resize_reverting",
            Api.OperationKind.ConfirmResize => null,
            _ => StateTask(state, hardReboot),
        };
        if (activeKind == Api.OperationKind.Create && vm != "error")
        {
            vm = "building";
        }

        var power = state switch
        {
            Api.InstanceState.Running or Api.InstanceState.Stopping or Api.InstanceState.Rebooting or Api.InstanceState.Suspending
                or Api.InstanceState.Resizing or Api.InstanceState.Migrating or Api.InstanceState.ResizeVerify => Running,
            Api.InstanceState.Paused => Paused,
            Api.InstanceState.Stopped or Api.InstanceState.Starting or Api.InstanceState.Suspended or Api.InstanceState.Resuming => Shutdown,
            _ => NoState,
        };
        return new ServerState(vm, task, StatusOf(vm, task), power);
    }

    /// <summary>Nova's status for a vm_state and task_state (nova/api/openstack/common.py _STATE_MAP).</summary>
    public static string StatusOf(string vm, string? task) => (vm, task) switch
    {
        ("active", "rebooting" or "reboot_pending" or "reboot_started") => "REBOOT",
        ("active", "rebooting_hard" or "reboot_pending_hard" or "reboot_started_hard") => "HARD_REBOOT",
        ("active" or "stopped", "resize_prep" or "resize_migrating" or "resize_migrated" or "resize_finish") => "RESIZE",
        ("active" or "paused", "migrating") => "MIGRATING",
        ("resized", "resize_reverting") => "REVERT_RESIZE",
        ("active", _) => "ACTIVE",
        ("building", _) => "BUILD",
        ("stopped", _) => "SHUTOFF",
        ("resized", _) => "VERIFY_RESIZE",
        ("paused", _) => "PAUSED",
        ("suspended", _) => "SUSPENDED",
        ("deleted", _) => "DELETED",
        ("error", _) => "ERROR",
        _ => "UNKNOWN",
    };

    /// <summary>Nova statuses → the driver states that show them (for the <c>status</c> filter).</summary>
    public static IReadOnlyList<Api.InstanceState>? StatesFor(string status) => status.ToUpperInvariant() switch
    {
        "ACTIVE" => [Api.InstanceState.Running, Api.InstanceState.Stopping],
        "BUILD" => [Api.InstanceState.Building],
        "SHUTOFF" => [Api.InstanceState.Stopped, Api.InstanceState.Starting],
        "PAUSED" => [Api.InstanceState.Paused],
        "SUSPENDED" => [Api.InstanceState.Suspended, Api.InstanceState.Suspending, Api.InstanceState.Resuming],
        "REBOOT" or "HARD_REBOOT" => [Api.InstanceState.Rebooting],
        "RESIZE" => [Api.InstanceState.Resizing],
        "VERIFY_RESIZE" or "REVERT_RESIZE" => [Api.InstanceState.ResizeVerify],
        "MIGRATING" => [Api.InstanceState.Migrating],
        "DELETED" => [Api.InstanceState.Deleted],
        "ERROR" => [Api.InstanceState.Error],
        _ => null,
    };

    private static string? StateTask(Api.InstanceState state, bool hardReboot) => state switch
    {
        Api.InstanceState.Building => "spawning",
        Api.InstanceState.Starting => "powering-on",
        Api.InstanceState.Stopping => "powering-off",
        Api.InstanceState.Rebooting => hardReboot ? "rebooting_hard" : "rebooting",
        Api.InstanceState.Suspending => "suspending",
        Api.InstanceState.Resuming => "resuming",
        Api.InstanceState.Resizing => "resize_migrating",
        Api.InstanceState.Migrating => "migrating",
        Api.InstanceState.Deleting => "deleting",
        _ => null,
    };
}
