using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.Events;
using PowerDrivers.Driver.Core.Operations;
using PowerDrivers.Driver.Core.Store;
using Xunit;
using static PowerDrivers.Driver.Core.Conformance.Store.StoreSamples;

namespace PowerDrivers.Driver.Core.Conformance.Store;

public abstract partial class DriverStoreConformance
{
    [Fact]
    public async Task CommitOperation_ThenGet_ReturnsEveryFieldUnchanged()
    {
        var running = Operation(Guid.NewGuid(), requestId: "req-1");
        var failed = FailedOperation(Guid.NewGuid());
        await Store.CommitAsync(new ChangeSet(Operation: running), Ct);
        await Store.CommitAsync(new ChangeSet(Operation: failed), Ct);

        AssertSame(running, await Store.GetOperationAsync(running.Id, Ct));
        AssertSame(failed, await Store.GetOperationAsync(failed.Id, Ct));
        Assert.Null(await Store.GetOperationAsync(Guid.NewGuid(), Ct));
    }

    [Fact]
    public async Task CommitOperation_Again_ReplacesIt()
    {
        var operation = Operation(Guid.NewGuid(), requestId: "req-1");
        await Store.CommitAsync(new ChangeSet(Operation: operation), Ct);
        var done = operation with { State = OperationState.Succeeded, Progress = 100, EndedAt = Epoch.AddMinutes(1) };
        await Store.CommitAsync(new ChangeSet(Operation: done), Ct);

        AssertSame(done, await Store.GetOperationAsync(operation.Id, Ct));
        AssertSame(done, await Store.FindOperationByRequestIdAsync("req-1", Ct));
    }

    [Fact]
    public async Task FindOperationByRequestId_ReturnsOnlyTheKeyedOperation()
    {
        var keyed = Operation(Guid.NewGuid(), requestId: "req-abc");
        await Store.CommitAsync(new ChangeSet(Operation: keyed), Ct);
        await Store.CommitAsync(new ChangeSet(Operation: Operation(Guid.NewGuid())), Ct);
        await Store.CommitAsync(new ChangeSet(Operation: Operation(Guid.NewGuid())), Ct);

        AssertSame(keyed, await Store.FindOperationByRequestIdAsync("req-abc", Ct));
        Assert.Null(await Store.FindOperationByRequestIdAsync("req-ABC", Ct));
        Assert.Null(await Store.FindOperationByRequestIdAsync("", Ct));
    }

    [Fact]
    public async Task CommitOperation_WhenRequestIdBelongsToAnother_IsConflictAndChangesNothing()
    {
        var first = Operation(Guid.NewGuid(), requestId: "req-1");
        await Store.CommitAsync(new ChangeSet(Operation: first), Ct);
        var instance = Instance("web");
        var second = Operation(instance.Id, requestId: "req-1");

        var error = await Assert.ThrowsAsync<ConflictError>(() =>
            Store.CommitAsync(new ChangeSet(InsertInstance: instance, Operation: second, Events: [Event(instance.Id)]), Ct));

        Assert.Equal(ErrorReasons.Conflict, error.Reason);
        Assert.Null(await Store.GetOperationAsync(second.Id, Ct));
        Assert.Null(await Store.GetInstanceAsync(instance.Id, Ct));
        Assert.Equal(0, await Store.LastSequenceAsync(Ct));
        AssertSame(first, await Store.FindOperationByRequestIdAsync("req-1", Ct));
    }

    [Fact]
    public async Task Commit_Events_GetStrictlyIncreasingSequencesAcrossCommits()
    {
        var first = await Store.CommitAsync(new ChangeSet(Events: [Event(message: "a"), Event(message: "b")]), Ct);
        var second = await Store.CommitAsync(new ChangeSet(Events: [Event(message: "c")]), Ct);
        var sequences = first.Concat(second).Select(e => e.Sequence).ToList();

        Assert.True(sequences[0] > 0);
        Assert.Equal(sequences.Order(), sequences);
        Assert.Equal(sequences.Count, sequences.Distinct().Count());
        Assert.Equal(["a", "b", "c"], first.Concat(second).Select(e => e.Message));

        var stored = await Store.ReadEventsAsync(0, 10, Ct);
        Assert.Equal(3, stored.Count);
        foreach (var (returned, read) in first.Concat(second).Zip(stored))
            AssertSame(returned, read);
    }

    [Fact]
    public async Task Commit_Event_KeepsEveryField()
    {
        var sent = Event(Guid.NewGuid());
        var bare = new DriverEvent { Time = Epoch, Kind = EventKind.HostChanged };
        var returned = await Store.CommitAsync(new ChangeSet(Events: [sent, bare]), Ct);

        var stored = await Store.ReadEventsAsync(0, 10, Ct);
        AssertSame(sent with { Sequence = returned[0].Sequence }, stored[0]);
        AssertSame(bare with { Sequence = returned[1].Sequence }, stored[1]);
        Assert.Null(stored[1].InstanceId);
        Assert.Null(stored[1].State);
    }

    [Fact]
    public async Task ReadEvents_AfterSequence_PagesOldestFirst()
    {
        for (var i = 0; i < 10; i++)
            await Store.CommitAsync(new ChangeSet(Events: [Event(message: $"e{i}")]), Ct);

        var seen = new List<DriverEvent>();
        long after = 0;
        while (true)
        {
            var page = await Store.ReadEventsAsync(after, 3, Ct);
            Assert.InRange(page.Count, 0, 3);
            if (page.Count == 0)
                break;
            Assert.All(page, e => Assert.True(e.Sequence > after));
            seen.AddRange(page);
            after = page[^1].Sequence;
        }

        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"e{i}"), seen.Select(e => e.Message));
        Assert.Empty(await Store.ReadEventsAsync(0, 0, Ct));
        Assert.Empty(await Store.ReadEventsAsync(seen[^1].Sequence, 5, Ct));
        Assert.Equal(["e8", "e9"], (await Store.ReadEventsAsync(seen[7].Sequence, 5, Ct)).Select(e => e.Message));
    }

    [Fact]
    public async Task LastSequence_IsZeroWhenEmptyThenTheLastAssigned()
    {
        Assert.Equal(0, await Store.LastSequenceAsync(Ct));
        var events = await Store.CommitAsync(new ChangeSet(Events: [Event(), Event()]), Ct);
        Assert.Equal(events[^1].Sequence, await Store.LastSequenceAsync(Ct));
    }

    [Fact]
    public async Task ListOperations_ForInstance_NewestFirstWithPaging()
    {
        var instance = Guid.NewGuid();
        var operations = Enumerable.Range(0, 9)
            .Select(i => Operation(instance, created: Epoch.AddMinutes(i / 2))) // pairs share a time: ids break the tie
            .ToList();
        foreach (var o in operations)
            await Store.CommitAsync(new ChangeSet(Operation: o), Ct);
        await Store.CommitAsync(new ChangeSet(Operation: Operation(Guid.NewGuid(), created: Epoch.AddMinutes(1))), Ct);

        var expected = operations
            .OrderByDescending(o => o.CreatedAt.UtcTicks).ThenByDescending(o => o.Id.ToString("D"), StringComparer.Ordinal)
            .Select(o => o.Id).ToList();
        var seen = new List<Guid>();
        PageCursor? before = null;
        do
        {
            var page = await Store.ListOperationsAsync(new OperationQuery(instance, [], 4, before), Ct);
            Assert.InRange(page.Items.Count, 1, 4);
            seen.AddRange(page.Items.Select(o => o.Id));
            before = page.Next;
        }
        while (before is not null);

        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task ListOperations_ByStateAndAcrossInstances_Filters()
    {
        var running = Operation(Guid.NewGuid(), created: Epoch.AddMinutes(1));
        var done = Operation(Guid.NewGuid(), created: Epoch.AddMinutes(2), state: OperationState.Succeeded);
        var failed = FailedOperation(Guid.NewGuid());
        foreach (var o in new[] { running, done, failed })
            await Store.CommitAsync(new ChangeSet(Operation: o), Ct);

        var all = await Store.ListOperationsAsync(new OperationQuery(null, [], 100, null), Ct);
        Assert.Equal([done.Id, running.Id, failed.Id], all.Items.Select(o => o.Id));
        Assert.Null(all.Next);

        var ended = await Store.ListOperationsAsync(
            new OperationQuery(null, [OperationState.Succeeded, OperationState.Failed], 100, null), Ct);
        Assert.Equal([done.Id, failed.Id], ended.Items.Select(o => o.Id));

        var forRunning = await Store.ListOperationsAsync(new OperationQuery(running.InstanceId, [OperationState.Succeeded], 100, null), Ct);
        Assert.Empty(forRunning.Items);
    }
}
