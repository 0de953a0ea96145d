namespace PowerDrivers.Driver.Core.States;

/// <summary>One allowed transition: the state while the work runs and the state after it succeeds.</summary>
/// <param name="During">State while the operation runs.</param>
/// <param name="OnSuccess">State when it succeeds. For resize confirm/revert the state the instance had before the resize
/// is used instead (see <see cref="InstanceStateMachine.SuccessState"/>).</param>
public sealed record Transition(InstanceState During, InstanceState OnSuccess);
