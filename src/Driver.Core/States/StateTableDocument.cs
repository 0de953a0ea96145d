using System.Text;
using PowerDrivers.Driver.Core.Errors;

namespace PowerDrivers.Driver.Core.States;

/// <summary>Renders the transition table as the Markdown of docs/states.md (a test keeps the file in step with the table).</summary>
public static class StateTableDocument
{
    /// <summary>The document.</summary>
    public static string Render()
    {
        var sb = new StringBuilder();
        sb.AppendLine("# Instance states and transitions");
        sb.AppendLine();
        sb.AppendLine("Generated from `InstanceStateMachine` (src/Driver.Core/States); do not edit by hand.");
        sb.AppendLine("Each row is an allowed request: the state it is accepted in, the state while the operation runs,");
        sb.AppendLine("and the state when it succeeds. Any other (state, request) pair is refused with FAILED_PRECONDITION");
        sb.AppendLine("(reason INVALID_STATE). A failed operation returns the instance to the state the platform reports —");
        sb.AppendLine("normally the state it had before — and a failed create leaves it in ERROR with a fault.");
        sb.AppendLine("Confirming or reverting a resize returns to the state the instance had before the resize.");
        sb.AppendLine();
        sb.AppendLine("| request | from | during | on success |");
        sb.AppendLine("|---|---|---|---|");
        sb.AppendLine($"| create | (none) | {W(InstanceStateMachine.Create.During)} | {W(InstanceStateMachine.Create.OnSuccess)} (running with `start`) |");
        foreach (var ((from, action), t) in InstanceStateMachine.Transitions.OrderBy(kv => kv.Key.Action).ThenBy(kv => kv.Key.From))
        {
            var success = action is InstanceAction.ConfirmResize or InstanceAction.RevertResize ? "state before the resize" : W(t.OnSuccess);
            sb.AppendLine($"| {InvalidStateError.Words(action)} | {W(from)} | {W(t.During)} | {success} |");
        }

        return sb.ToString();
    }

    private static string W(InstanceState s) => InvalidStateError.Words(s);
}
