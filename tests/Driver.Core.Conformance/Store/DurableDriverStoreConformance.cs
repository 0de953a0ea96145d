using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.States;
using PowerDrivers.Driver.Core.Store;
using Xunit;
using static PowerDrivers.Driver.Core.Conformance.Store.StoreSamples;

namespace PowerDrivers.Driver.Core.Conformance.Store;

/// <summary>
/// The behaviours of a store that keeps its data on disk: a store opened again over the same directory
/// sees everything an earlier one committed, and nothing of what it refused.
/// </summary>
public abstract class DurableDriverStoreConformance : DriverStoreConformance
{
    [Fact]
    public async Task Reopen_AfterCommits_KeepsEverythingAndContinuesSequences()
    {
        var record = FullInstance("db01");
        var operation = FailedOperation(record.Id);
        var events = await Store.CommitAsync(new ChangeSet(InsertInstance: record, Operation: operation, Events: [Event(record.Id), Event(record.Id)]), Ct);
        var updated = record with { State = InstanceState.Stopped, Version = record.Version + 1 };
        await Store.CommitAsync(new ChangeSet(UpdateInstance: updated), Ct);
        await CloseAsync(Store);

        var reopened = OpenStore();

        Assert.Equal(updated, await reopened.GetInstanceAsync(record.Id, Ct));
        AssertSame(operation, await reopened.GetOperationAsync(operation.Id, Ct));
        AssertSame(operation, await reopened.FindOperationByRequestIdAsync(operation.RequestId, Ct));
        Assert.Equal(events[^1].Sequence, await reopened.LastSequenceAsync(Ct));
        var stored = await reopened.ReadEventsAsync(0, 10, Ct);
        Assert.Equal(2, stored.Count);
        AssertSame(events[0], stored[0]);
        var page = await reopened.ListInstancesAsync(new InstanceQuery("", [], "", 10, null, false), Ct);
        Assert.Equal(1, page.TotalSize);

        var next = await reopened.CommitAsync(new ChangeSet(Events: [Event()]), Ct);
        Assert.True(next[0].Sequence > events[^1].Sequence);
    }

    [Fact]
    public async Task Reopen_KeepsVolumesAndNetworks()
    {
        var v = Volume();
        var n = new Storage.NetworkRecord { Id = Guid.NewGuid(), Name = "prod", VlanId = 100, CreatedAt = DateTimeOffset.UnixEpoch };
        await Store.CommitAsync(new ChangeSet(Volume: v, InsertNetwork: n), Ct);
        await CloseAsync(Store);

        var reopened = OpenStore();
        Assert.Equivalent(v, await reopened.GetVolumeAsync(v.Id, Ct));
        Assert.Equal(n, await reopened.GetNetworkAsync(n.Id, Ct));
    }

    [Fact]
    public async Task Reopen_AfterRefusedCommit_HasNothingOfIt()
    {
        var record = Instance("web");
        await Store.CommitAsync(new ChangeSet(InsertInstance: record), Ct);
        var stale = record with { Version = 5 };
        var operation = Operation(record.Id, requestId: "req-x");
        await Assert.ThrowsAsync<ConflictError>(() =>
            Store.CommitAsync(new ChangeSet(UpdateInstance: stale, Operation: operation, Events: [Event()]), Ct));
        await CloseAsync(Store);

        var reopened = OpenStore();

        Assert.Equal(record, await reopened.GetInstanceAsync(record.Id, Ct));
        Assert.Null(await reopened.GetOperationAsync(operation.Id, Ct));
        Assert.Equal(0, await reopened.LastSequenceAsync(Ct));
    }

    [Fact]
    public async Task Reopen_NameRule_StillHolds()
    {
        await Store.CommitAsync(new ChangeSet(InsertInstance: Instance("web")), Ct);
        await CloseAsync(Store);

        var reopened = OpenStore();

        var error = await Assert.ThrowsAsync<ConflictError>(() =>
            reopened.CommitAsync(new ChangeSet(InsertInstance: Instance("web")), Ct));
        Assert.Equal(ErrorReasons.NameInUse, error.Reason);
    }
}
