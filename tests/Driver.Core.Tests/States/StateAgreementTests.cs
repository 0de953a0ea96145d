using Xunit;
using PowerDrivers.Driver.Core.States;

namespace PowerDrivers.Driver.Core.Tests.States;

public sealed class StateAgreementTests
{
    [Theory]
    [InlineData(InstanceState.Running, InstanceState.Running, null, true)]
    [InlineData(InstanceState.Running, InstanceState.Stopped, null, false)]
    [InlineData(InstanceState.ResizeVerify, InstanceState.Running, InstanceState.Running, true)]
    [InlineData(InstanceState.ResizeVerify, InstanceState.Stopped, InstanceState.Stopped, true)]
    [InlineData(InstanceState.ResizeVerify, InstanceState.Stopped, InstanceState.Running, false)]
    [InlineData(InstanceState.ResizeVerify, InstanceState.Running, InstanceState.Stopped, false)]
    public void Agrees_ObservedAgainstRecorded_TreatsResizeVerifyAsThePreResizePowerState(
        InstanceState recorded, InstanceState observed, InstanceState? before, bool agrees) =>
        Assert.Equal(agrees, InstanceStateMachine.Agrees(recorded, observed, before));
}
