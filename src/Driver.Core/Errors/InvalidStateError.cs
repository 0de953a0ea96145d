using PowerDrivers.Driver.Core.States;

namespace PowerDrivers.Driver.Core.Errors;

/// <summary>The instance's state forbids the request, or the backend needs another state first.</summary>
public sealed class InvalidStateError : DriverError
{
    /// <summary>The state table refuses <paramref name="action"/> in <paramref name="state"/>.</summary>
    public InvalidStateError(string instanceId, InstanceState state, InstanceAction action)
        : base(ErrorReasons.InvalidState,
            $"cannot {Words(action)} instance {instanceId} while it is {Words(state)}; allowed: "
            + string.Join(", ", InstanceStateMachine.AllowedActions(state).Select(Words).DefaultIfEmpty("nothing until the current operation ends")),
            new Dictionary<string, string> { ["instance"] = instanceId, ["state"] = state.ToString(), ["action"] = action.ToString() })
    {
        InstanceId = instanceId;
        State = state;
        Action = action;
    }

    /// <summary>A backend precondition (e.g. <see cref="ErrorReasons.RequiresStopped"/>) with its own words.</summary>
    public InvalidStateError(string instanceId, InstanceState state, InstanceAction action, string reason, string message)
        : base(reason, message,
            new Dictionary<string, string> { ["instance"] = instanceId, ["state"] = state.ToString(), ["action"] = action.ToString() })
    {
        InstanceId = instanceId;
        State = state;
        Action = action;
    }

    /// <summary>The instance.</summary>
    public string InstanceId { get; }

    /// <summary>Its state when refused.</summary>
    public InstanceState State { get; }

    /// <summary>What was asked.</summary>
    public InstanceAction Action { get; }

    /// <inheritdoc/>
    public override DriverErrorKind Kind => DriverErrorKind.InvalidState;

    /// <summary>Lower-case words for an enum value ("ResizeVerify" → "resize verify").</summary>
    public static string Words<T>(T value) where T : struct, Enum =>
        string.Concat(value.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? " " + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
