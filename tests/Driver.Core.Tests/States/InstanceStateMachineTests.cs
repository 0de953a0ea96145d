using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.States;
using Xunit;
using static PowerDrivers.Driver.Core.States.InstanceAction;
using static PowerDrivers.Driver.Core.States.InstanceState;

namespace PowerDrivers.Driver.Core.Tests.States;

public sealed class InstanceStateMachineTests
{
    /// <summary>
    /// The expected transition table, written out a second time on purpose: a change to
    /// <see cref="InstanceStateMachine"/> must be made here too, deliberately. Pairs not listed are refused.
    /// </summary>
    private static readonly (InstanceState From, InstanceAction Action, InstanceState During, InstanceState OnSuccess)[] Expected =
    [
        (Stopped, Start, Starting, Running),
        (Stopped, Resize, Resizing, ResizeVerify),
        (Stopped, AttachDevice, Stopped, Stopped),
        (Stopped, DetachDevice, Stopped, Stopped),
        (Stopped, Delete, Deleting, Deleted),
        (Stopped, ForceDelete, Deleting, Deleted),

        (Running, StopSoft, Stopping, Stopped),
        (Running, StopHard, Stopping, Stopped),
        (Running, RebootSoft, Rebooting, Running),
        (Running, RebootHard, Rebooting, Running),
        (Running, Pause, Running, Paused),
        (Running, Suspend, Suspending, Suspended),
        (Running, Resize, Resizing, ResizeVerify),
        (Running, AttachDevice, Running, Running),
        (Running, DetachDevice, Running, Running),
        (Running, ForceDelete, Deleting, Deleted),

        (Paused, StopHard, Stopping, Stopped),
        (Paused, RebootHard, Rebooting, Running),
        (Paused, Unpause, Paused, Running),
        (Paused, ForceDelete, Deleting, Deleted),

        (Suspended, Resume, Resuming, Running),
        (Suspended, Delete, Deleting, Deleted),
        (Suspended, ForceDelete, Deleting, Deleted),

        (ResizeVerify, ConfirmResize, ResizeVerify, Running),
        (ResizeVerify, RevertResize, Resizing, Running),
        (ResizeVerify, ForceDelete, Deleting, Deleted),

        (Error, StopHard, Stopping, Stopped),
        (Error, RebootHard, Rebooting, Running),
        (Error, Delete, Deleting, Deleted),
        (Error, ForceDelete, Deleting, Deleted),

        // Building, Starting, Stopping, Rebooting, Suspending, Resuming, Resizing, Migrating, Deleting, Deleted: nothing.
    ];

    private static readonly InstanceState[] TransitionalStates =
        [Building, Starting, Stopping, Rebooting, Suspending, Resuming, Resizing, Migrating, Deleting];

    public static TheoryData<InstanceState, InstanceAction> EveryPair()
    {
        var data = new TheoryData<InstanceState, InstanceAction>();
        foreach (var state in Enum.GetValues<InstanceState>())
        {
            foreach (var action in Enum.GetValues<InstanceAction>())
            {
                data.Add(state, action);
            }
        }

        return data;
    }

    public static TheoryData<InstanceState> EveryState() => new(Enum.GetValues<InstanceState>());

    private static (InstanceState During, InstanceState OnSuccess)? ExpectedFor(InstanceState from, InstanceAction action) =>
        Expected.Where(e => e.From == from && e.Action == action).Select(e => ((InstanceState, InstanceState)?)(e.During, e.OnSuccess)).SingleOrDefault();

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void Find_EveryStateAndAction_MatchesTheExpectedMatrix(InstanceState from, InstanceAction action)
    {
        var expected = ExpectedFor(from, action);
        var actual = InstanceStateMachine.Find(from, action);

        Assert.Equal(expected is not null, InstanceStateMachine.IsAllowed(from, action));
        if (expected is { } e)
        {
            Assert.NotNull(actual);
            Assert.Equal(e.During, actual.During);
            Assert.Equal(e.OnSuccess, actual.OnSuccess);
            Assert.Same(actual, InstanceStateMachine.Require("i-1", from, action));
        }
        else
        {
            Assert.Null(actual);
            Assert.Throws<InvalidStateError>(() => InstanceStateMachine.Require("i-1", from, action));
        }
    }

    [Fact]
    public void Transitions_WholeTable_HasExactlyTheExpectedEntries()
    {
        Assert.Equal(Expected.Length, Expected.Select(e => (e.From, e.Action)).Distinct().Count());
        Assert.Equal(
            Expected.Select(e => (e.From, e.Action)).Order().ToArray(),
            InstanceStateMachine.Transitions.Keys.Select(k => (k.From, k.Action)).Order().ToArray());
    }

    [Fact]
    public void Create_FromAnyState_IsRefusedAndHasItsOwnTransition()
    {
        Assert.All(Enum.GetValues<InstanceState>(), s => Assert.False(InstanceStateMachine.IsAllowed(s, Create)));
        Assert.Equal(new Transition(Building, Stopped), InstanceStateMachine.Create);
    }

    [Theory]
    [MemberData(nameof(EveryState))]
    public void AllowedActions_EveryState_ListsTheMatrixRowInEnumOrder(InstanceState state)
    {
        var expected = Expected.Where(e => e.From == state).Select(e => e.Action).Order().ToArray();
        Assert.Equal(expected, InstanceStateMachine.AllowedActions(state));
    }

    [Fact]
    public void Require_WhenRefused_ThrowsInvalidStateErrorNamingStateActionAndAllowedActions()
    {
        foreach (var state in Enum.GetValues<InstanceState>())
        {
            foreach (var action in Enum.GetValues<InstanceAction>().Where(a => ExpectedFor(state, a) is null))
            {
                var error = Assert.Throws<InvalidStateError>(() => InstanceStateMachine.Require("inst-7", state, action));
                Assert.Equal(ErrorReasons.InvalidState, error.Reason);
                Assert.Equal(DriverErrorKind.InvalidState, error.Kind);
                Assert.Equal(state, error.State);
                Assert.Equal(action, error.Action);
                Assert.Equal("inst-7", error.InstanceId);
                Assert.Equal(state.ToString(), error.Metadata["state"]);
                Assert.Equal(action.ToString(), error.Metadata["action"]);
                Assert.Equal("inst-7", error.Metadata["instance"]);
                Assert.Contains($"cannot {InvalidStateError.Words(action)} instance inst-7 while it is {InvalidStateError.Words(state)}", error.Message, StringComparison.Ordinal);
                var allowed = Expected.Where(e => e.From == state).Select(e => e.Action).Order().ToArray();
                var tail = error.Message[(error.Message.IndexOf("allowed: ", StringComparison.Ordinal) + "allowed: ".Length)..];
                if (allowed.Length == 0)
                {
                    Assert.Equal("nothing until the current operation ends", tail);
                }
                else
                {
                    Assert.Equal(string.Join(", ", allowed.Select(a => InvalidStateError.Words(a))), tail);
                }
            }
        }
    }

    [Fact]
    public void Require_StartWhenRunning_MessageIsReadable()
    {
        var error = Assert.Throws<InvalidStateError>(() => InstanceStateMachine.Require("vm-1", Running, Start));
        Assert.Equal(
            "cannot start instance vm-1 while it is running; allowed: stop soft, stop hard, reboot soft, reboot hard, pause, suspend, resize, attach device, detach device, force delete",
            error.Message);
    }

    [Theory]
    [MemberData(nameof(EveryState))]
    public void IsTransitional_EveryState_IsTrueExactlyForWorkInProgress(InstanceState state)
    {
        Assert.Equal(TransitionalStates.Contains(state), InstanceStateMachine.IsTransitional(state));
    }

    [Fact]
    public void AllowedActions_InTransitionalStates_AreEmpty()
    {
        Assert.All(TransitionalStates, s => Assert.Empty(InstanceStateMachine.AllowedActions(s)));
        Assert.Empty(InstanceStateMachine.AllowedActions(Deleted));
    }

    [Theory]
    [InlineData(ConfirmResize, Running)]
    [InlineData(ConfirmResize, Stopped)]
    [InlineData(RevertResize, Running)]
    [InlineData(RevertResize, Stopped)]
    public void SuccessState_ConfirmOrRevert_ReturnsToTheStateBeforeTheResize(InstanceAction action, InstanceState before)
    {
        var transition = InstanceStateMachine.Require("i", ResizeVerify, action);
        Assert.Equal(before, InstanceStateMachine.SuccessState(transition, action, before));
    }

    [Theory]
    [InlineData(ConfirmResize)]
    [InlineData(RevertResize)]
    public void SuccessState_ConfirmOrRevertWithoutStateBeforeResize_IsStopped(InstanceAction action)
    {
        var transition = InstanceStateMachine.Require("i", ResizeVerify, action);
        Assert.Equal(Stopped, InstanceStateMachine.SuccessState(transition, action, null));
    }

    [Fact]
    public void SuccessState_OtherActions_IsTheTableOnSuccessWhateverTheStateBeforeResize()
    {
        foreach (var (from, action, _, onSuccess) in Expected.Where(e => e.Action is not (ConfirmResize or RevertResize)))
        {
            var transition = InstanceStateMachine.Require("i", from, action);
            Assert.Equal(onSuccess, InstanceStateMachine.SuccessState(transition, action, null));
            Assert.Equal(onSuccess, InstanceStateMachine.SuccessState(transition, action, Stopped));
        }
    }

    [Theory]
    [InlineData(ResizeVerify, "resize verify")]
    [InlineData(Running, "running")]
    public void Words_PascalCaseValue_IsLowerCaseWords(InstanceState state, string words)
    {
        Assert.Equal(words, InvalidStateError.Words(state));
    }
}
