using PowerDrivers.Driver.Core.Errors;

namespace PowerDrivers.Driver.Core.States;

/// <summary>
/// The one table of allowed transitions, read by the driver for every backend.
/// A (state, action) pair missing from the table is refused with <see cref="InvalidStateError"/>.
/// When an operation fails, the instance goes back to the state it had before (the backend rolled
/// its work back), or to <see cref="InstanceState.Error"/> when the backend reports it broken.
/// </summary>
public static class InstanceStateMachine
{
    private static readonly Dictionary<(InstanceState From, InstanceAction Action), Transition> Table = Build();

    /// <summary>Every allowed (state, action) pair with its transition.</summary>
    public static IReadOnlyDictionary<(InstanceState From, InstanceAction Action), Transition> Transitions => Table;

    /// <summary>The action that creates an instance starts from no state; its transition.</summary>
    public static Transition Create { get; } = new(InstanceState.Building, InstanceState.Stopped);

    /// <summary>The transition for the action, or null when the state forbids it.</summary>
    public static Transition? Find(InstanceState from, InstanceAction action) =>
        Table.TryGetValue((from, action), out var t) ? t : null;

    /// <summary>True when the state allows the action.</summary>
    public static bool IsAllowed(InstanceState from, InstanceAction action) => Table.ContainsKey((from, action));

    /// <summary>The transition for the action; throws <see cref="InvalidStateError"/> when not allowed.</summary>
    public static Transition Require(string instanceId, InstanceState from, InstanceAction action) =>
        Find(from, action) ?? throw new InvalidStateError(instanceId, from, action);

    /// <summary>The actions allowed in a state (for error messages and clients).</summary>
    public static IReadOnlyList<InstanceAction> AllowedActions(InstanceState from) =>
        Table.Keys.Where(k => k.From == from).Select(k => k.Action).Order().ToArray();

    /// <summary>
    /// The state after a successful action. Resize confirm/revert return to the power state the instance
    /// had before the resize (<paramref name="stateBeforeResize"/>, running or stopped).
    /// </summary>
    public static InstanceState SuccessState(Transition transition, InstanceAction action, InstanceState? stateBeforeResize) =>
        action is InstanceAction.ConfirmResize or InstanceAction.RevertResize
            ? stateBeforeResize ?? InstanceState.Stopped
            : transition.OnSuccess;

    /// <summary>
    /// True when a state the platform reports agrees with the recorded one. RESIZE_VERIFY is the driver's own state:
    /// the platform shows the power state the instance had before the resize, and that agrees.
    /// </summary>
    public static bool Agrees(InstanceState recorded, InstanceState observed, InstanceState? stateBeforeResize) =>
        recorded == observed
        || (recorded == InstanceState.ResizeVerify && observed == (stateBeforeResize ?? InstanceState.Stopped));

    /// <summary>True for states in which work is in progress (no second operation may start).</summary>
    public static bool IsTransitional(InstanceState state) => state is
        InstanceState.Building or InstanceState.Starting or InstanceState.Stopping or InstanceState.Rebooting
        or InstanceState.Suspending or InstanceState.Resuming or InstanceState.Resizing
        or InstanceState.Migrating or InstanceState.Deleting;

    private static Dictionary<(InstanceState, InstanceAction), Transition> Build()
    {
        var t = new Dictionary<(InstanceState, InstanceAction), Transition>();
        void Allow(InstanceAction action, InstanceState during, InstanceState after, params InstanceState[] from)
        {
            foreach (var f in from)
            {
                t.Add((f, action), new Transition(during, after));
            }
        }

        const InstanceState Stopped = InstanceState.Stopped, Running = InstanceState.Running, Paused = InstanceState.Paused,
            Suspended = InstanceState.Suspended, Verify = InstanceState.ResizeVerify, Error = InstanceState.Error;

        Allow(InstanceAction.Start, InstanceState.Starting, Running, Stopped);
        Allow(InstanceAction.StopSoft, InstanceState.Stopping, Stopped, Running);
        Allow(InstanceAction.StopHard, InstanceState.Stopping, Stopped, Running, Paused, Error);
        Allow(InstanceAction.RebootSoft, InstanceState.Rebooting, Running, Running);
        Allow(InstanceAction.RebootHard, InstanceState.Rebooting, Running, Running, Paused, Error);
        // Pause and unpause are immediate: no transitional state of their own.
        Allow(InstanceAction.Pause, Running, Paused, Running);
        Allow(InstanceAction.Unpause, Paused, Running, Paused);
        Allow(InstanceAction.Suspend, InstanceState.Suspending, Suspended, Running);
        Allow(InstanceAction.Resume, InstanceState.Resuming, Running, Suspended);
        Allow(InstanceAction.Resize, InstanceState.Resizing, Verify, Running, Stopped);
        Allow(InstanceAction.ConfirmResize, Verify, Running, Verify);
        Allow(InstanceAction.RevertResize, InstanceState.Resizing, Running, Verify);
        // Device changes keep the power state: live (DLPAR / hot plug) when running, in the definition when stopped.
        Allow(InstanceAction.AttachDevice, Running, Running, Running);
        Allow(InstanceAction.AttachDevice, Stopped, Stopped, Stopped);
        Allow(InstanceAction.DetachDevice, Running, Running, Running);
        Allow(InstanceAction.DetachDevice, Stopped, Stopped, Stopped);
        Allow(InstanceAction.Delete, InstanceState.Deleting, InstanceState.Deleted, Stopped, Suspended, Error);
        Allow(InstanceAction.ForceDelete, InstanceState.Deleting, InstanceState.Deleted, Stopped, Suspended, Error, Running, Paused, Verify);
        return t;
    }
}
