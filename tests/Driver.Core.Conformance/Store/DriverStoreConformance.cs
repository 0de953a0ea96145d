using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.States;
using PowerDrivers.Driver.Core.Store;
using Xunit;
using static PowerDrivers.Driver.Core.Conformance.Store.StoreSamples;

namespace PowerDrivers.Driver.Core.Conformance.Store;

/// <summary>
/// Every behaviour of <see cref="IDriverStore"/>, run against each store by subclassing.
/// Durability (a second store over the same directory) is in <see cref="DurableDriverStoreConformance"/>.
/// </summary>
public abstract partial class DriverStoreConformance : IAsyncLifetime
{
    private readonly List<IDriverStore> _opened = [];

    /// <summary>A fresh directory per test, removed afterwards.</summary>
    protected string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "powerdrivers-store-" + Guid.NewGuid().ToString("N"));

    /// <summary>The store under test.</summary>
    protected IDriverStore Store { get; private set; } = null!;

    /// <summary>No test here cancels; the token is passed everywhere all the same.</summary>
    protected static CancellationToken Ct => CancellationToken.None;

    /// <summary>A store keeping its data in <paramref name="dataDirectory"/> (a store in memory may ignore it).</summary>
    protected abstract IDriverStore CreateStore(string dataDirectory);

    /// <summary>Opens another store over <see cref="DataDirectory"/>, closed after the test.</summary>
    protected IDriverStore OpenStore()
    {
        var store = CreateStore(DataDirectory);
        _opened.Add(store);
        return store;
    }

    /// <summary>Closes a store that holds resources.</summary>
    protected static async Task CloseAsync(IDriverStore store)
    {
        if (store is IAsyncDisposable asyncDisposable)
            await asyncDisposable.DisposeAsync();
        else if (store is IDisposable disposable)
            disposable.Dispose();
    }

    public Task InitializeAsync()
    {
        Store = OpenStore();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var store in _opened)
            await CloseAsync(store);
        if (Directory.Exists(DataDirectory))
            Directory.Delete(DataDirectory, recursive: true);
    }

    [Fact]
    public async Task CommitInsert_ThenGet_ReturnsEveryFieldUnchanged()
    {
        var full = FullInstance("db01");
        var plain = Instance("db02") with { Spec = Spec("db02", "p8-a") with { Metadata = new Dictionary<string, string>() } };
        await Store.CommitAsync(new ChangeSet(InsertInstance: full), Ct);
        await Store.CommitAsync(new ChangeSet(InsertInstance: plain), Ct);

        var loaded = await Store.GetInstanceAsync(full.Id, Ct);
        Assert.Equal(full, loaded);
        Assert.Equal(full.CreatedAt.Offset, loaded!.CreatedAt.Offset);
        Assert.Equal(3.33m, loaded.Spec.Processors.ProcessingUnits!.Max);
        Assert.Equal(1.5m, loaded.Spec.Memory.ExpansionFactor);
        Assert.Equal(full.Fault, loaded.Fault);
        Assert.Equal(plain, await Store.GetInstanceAsync(plain.Id, Ct));
        Assert.Null((await Store.GetInstanceAsync(plain.Id, Ct))!.Fault);
    }

    [Fact]
    public async Task GetInstance_WhenMissing_ReturnsNull() =>
        Assert.Null(await Store.GetInstanceAsync(Guid.NewGuid(), Ct));

    [Fact]
    public async Task CommitInsert_WhenNameTakenOnSameHost_IsNameInUseAndStoresNothing()
    {
        await Store.CommitAsync(new ChangeSet(InsertInstance: Instance("web")), Ct);
        var second = Instance("web");
        var operation = Operation(second.Id, requestId: "req-web");

        var error = await Assert.ThrowsAsync<ConflictError>(() =>
            Store.CommitAsync(new ChangeSet(InsertInstance: second, Operation: operation, Events: [Event(second.Id)]), Ct));

        Assert.Equal(ErrorReasons.NameInUse, error.Reason);
        Assert.Equal(DriverErrorKind.Conflict, error.Kind);
        Assert.Null(await Store.GetInstanceAsync(second.Id, Ct));
        Assert.Null(await Store.GetOperationAsync(operation.Id, Ct));
        Assert.Null(await Store.FindOperationByRequestIdAsync("req-web", Ct));
        Assert.Equal(0, await Store.LastSequenceAsync(Ct));
        Assert.Empty(await Store.ReadEventsAsync(0, 10, Ct));
    }

    [Fact]
    public async Task CommitInsert_WhenSameNameOnOtherHost_Succeeds()
    {
        await Store.CommitAsync(new ChangeSet(InsertInstance: Instance("web", "p8-a")), Ct);
        var other = Instance("web", "p8-b");
        await Store.CommitAsync(new ChangeSet(InsertInstance: other), Ct);
        Assert.Equal(other, await Store.GetInstanceAsync(other.Id, Ct));
    }

    [Fact]
    public async Task CommitInsert_WhenNameDiffersOnlyInCase_Succeeds()
    {
        await Store.CommitAsync(new ChangeSet(InsertInstance: Instance("web")), Ct);
        var upper = Instance("WEB");
        await Store.CommitAsync(new ChangeSet(InsertInstance: upper), Ct);
        Assert.Equal(upper, await Store.GetInstanceAsync(upper.Id, Ct));
    }

    [Fact]
    public async Task CommitInsert_WhenNameHolderIsDeleted_Succeeds()
    {
        var first = Instance("web");
        await Store.CommitAsync(new ChangeSet(InsertInstance: first), Ct);
        await Store.CommitAsync(new ChangeSet(UpdateInstance: first with { State = InstanceState.Deleted, Version = 2 }), Ct);

        var reuse = Instance("web");
        await Store.CommitAsync(new ChangeSet(InsertInstance: reuse), Ct);

        Assert.Equal(reuse, await Store.GetInstanceAsync(reuse.Id, Ct));
        Assert.Equal(InstanceState.Deleted, (await Store.GetInstanceAsync(first.Id, Ct))!.State);
    }

    [Fact]
    public async Task CommitInsert_WhenIdExists_IsConflict()
    {
        var first = Instance("web");
        await Store.CommitAsync(new ChangeSet(InsertInstance: first), Ct);
        var error = await Assert.ThrowsAsync<ConflictError>(() =>
            Store.CommitAsync(new ChangeSet(InsertInstance: Instance("other", id: first.Id)), Ct));
        Assert.Equal(ErrorReasons.Conflict, error.Reason);
        Assert.Equal(first, await Store.GetInstanceAsync(first.Id, Ct));
    }

    [Fact]
    public async Task CommitUpdate_WithNextVersion_StoresIt()
    {
        var record = Instance("web");
        await Store.CommitAsync(new ChangeSet(InsertInstance: record), Ct);
        var stopped = record with { State = InstanceState.Stopped, Version = 2, UpdatedAt = Epoch.AddHours(1) };
        await Store.CommitAsync(new ChangeSet(UpdateInstance: stopped), Ct);
        var renamed = stopped with { Spec = stopped.Spec with { Name = "web-2" }, Version = 3 };
        await Store.CommitAsync(new ChangeSet(UpdateInstance: renamed), Ct);

        Assert.Equal(renamed, await Store.GetInstanceAsync(record.Id, Ct));
    }

    [Fact]
    public async Task CommitUpdate_WithStaleVersion_IsConflictAndChangesNothing()
    {
        var record = Instance("web");
        await Store.CommitAsync(new ChangeSet(InsertInstance: record), Ct);
        var v2 = record with { State = InstanceState.Stopping, Version = 2 };
        await Store.CommitAsync(new ChangeSet(UpdateInstance: v2), Ct);
        var last = await Store.LastSequenceAsync(Ct);

        // A second writer that read version 1 also tries to produce version 2.
        var stale = record with { State = InstanceState.Paused, Version = 2 };
        var operation = Operation(record.Id, requestId: "req-stale");
        var error = await Assert.ThrowsAsync<ConflictError>(() =>
            Store.CommitAsync(new ChangeSet(UpdateInstance: stale, Operation: operation, Events: [Event(record.Id)]), Ct));

        Assert.Equal(ErrorReasons.Conflict, error.Reason);
        Assert.Equal(v2, await Store.GetInstanceAsync(record.Id, Ct));
        Assert.Null(await Store.GetOperationAsync(operation.Id, Ct));
        Assert.Equal(last, await Store.LastSequenceAsync(Ct));

        // Skipping a version is as stale as repeating one.
        await Assert.ThrowsAsync<ConflictError>(() =>
            Store.CommitAsync(new ChangeSet(UpdateInstance: v2 with { Version = 4 }), Ct));
        Assert.Equal(v2, await Store.GetInstanceAsync(record.Id, Ct));
    }

    [Fact]
    public async Task CommitUpdate_WhenMissing_IsConflict()
    {
        var error = await Assert.ThrowsAsync<ConflictError>(() =>
            Store.CommitAsync(new ChangeSet(UpdateInstance: Instance("ghost") with { Version = 2 }), Ct));
        Assert.Equal(ErrorReasons.Conflict, error.Reason);
    }

    [Fact]
    public async Task CommitUpdate_RenamingIntoTakenName_IsNameInUseAndChangesNothing()
    {
        var a = Instance("a");
        var b = Instance("b");
        await Store.CommitAsync(new ChangeSet(InsertInstance: a), Ct);
        await Store.CommitAsync(new ChangeSet(InsertInstance: b), Ct);

        var error = await Assert.ThrowsAsync<ConflictError>(() =>
            Store.CommitAsync(new ChangeSet(UpdateInstance: b with { Spec = b.Spec with { Name = "a" }, Version = 2 }, Events: [Event(b.Id)]), Ct));

        Assert.Equal(ErrorReasons.NameInUse, error.Reason);
        Assert.Equal(b, await Store.GetInstanceAsync(b.Id, Ct));
        Assert.Equal(0, await Store.LastSequenceAsync(Ct));
    }

    [Fact]
    public async Task CommitUpdate_ToDeleted_FreesTheNameAndKeepsTheRecord()
    {
        var a = Instance("a");
        await Store.CommitAsync(new ChangeSet(InsertInstance: a), Ct);
        var deleted = a with { State = InstanceState.Deleted, Version = 2 };
        await Store.CommitAsync(new ChangeSet(UpdateInstance: deleted), Ct);

        // A later rename of the deleted record onto a live name does not collide either.
        var live = Instance("a");
        await Store.CommitAsync(new ChangeSet(InsertInstance: live), Ct);
        await Store.CommitAsync(new ChangeSet(UpdateInstance: deleted with { Version = 3, NativeState = "gone" }), Ct);

        Assert.Equal("gone", (await Store.GetInstanceAsync(a.Id, Ct))!.NativeState);
    }

    [Fact]
    public async Task Commit_EmptyChangeSet_ReturnsNoEvents()
    {
        Assert.Empty(await Store.CommitAsync(new ChangeSet(), Ct));
        Assert.Equal(0, await Store.LastSequenceAsync(Ct));
    }

    [Fact]
    public async Task Commit_InParallel_AllLandWithUniqueSequences()
    {
        const int writers = 48;
        var records = Enumerable.Range(0, writers).Select(i => Instance($"vm{i:D3}", created: Epoch.AddSeconds(i))).ToList();

        var results = await Task.WhenAll(records.Select(r => Task.Run(() =>
            Store.CommitAsync(new ChangeSet(InsertInstance: r, Operation: Operation(r.Id), Events: [Event(r.Id), Event(r.Id)]), Ct))));

        var sequences = results.SelectMany(events => events.Select(e => e.Sequence)).ToList();
        Assert.Equal(2 * writers, sequences.Distinct().Count());
        Assert.All(results, events => Assert.True(events[0].Sequence < events[1].Sequence));
        Assert.Equal(sequences.Max(), await Store.LastSequenceAsync(Ct));
        foreach (var r in records)
            Assert.Equal(r, await Store.GetInstanceAsync(r.Id, Ct));
        var all = await Store.ListInstancesAsync(new InstanceQuery("", [], "", 1000, null, false), Ct);
        Assert.Equal(writers, all.TotalSize);
    }

    [Fact]
    public async Task Commit_InParallelWithRefusedSets_OnlyTheRefusedAreLost()
    {
        // Sets written together (one transaction on a durable store) still succeed or fail one by one.
        const int writers = 40;
        var taken = Instance("taken");
        await Store.CommitAsync(new ChangeSet(InsertInstance: taken), Ct);
        var records = Enumerable.Range(0, writers).Select(i => Instance(i % 4 == 0 ? "taken" : $"ok{i:D3}", created: Epoch.AddSeconds(i))).ToList();

        var outcomes = await Task.WhenAll(records.Select(r => Task.Run(async () =>
        {
            try
            {
                await Store.CommitAsync(new ChangeSet(InsertInstance: r, Events: [Event(r.Id)]), Ct);
                return true;
            }
            catch (ConflictError e) when (e.Reason == ErrorReasons.NameInUse)
            {
                return false;
            }
        })));

        for (var i = 0; i < writers; i++)
        {
            Assert.Equal(i % 4 != 0, outcomes[i]);
            Assert.Equal(i % 4 != 0, await Store.GetInstanceAsync(records[i].Id, Ct) is not null);
        }

        var events = await Store.ReadEventsAsync(0, 1000, Ct);
        Assert.Equal(writers - (writers / 4), events.Count);
        Assert.Equal(events.Count, events.Select(e => e.Sequence).Distinct().Count());
    }

    [Fact]
    public async Task CommitUpdate_InParallelFromOneVersion_ExactlyOneWins()
    {
        var record = Instance("web");
        await Store.CommitAsync(new ChangeSet(InsertInstance: record), Ct);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            try
            {
                await Store.CommitAsync(new ChangeSet(UpdateInstance: record with { NativeState = $"w{i}", Version = 2 }, Events: [Event(record.Id)]), Ct);
                return true;
            }
            catch (ConflictError)
            {
                return false;
            }
        })));

        Assert.Single(attempts, won => won);
        Assert.Equal(1, await Store.LastSequenceAsync(Ct));
        Assert.Equal(2, (await Store.GetInstanceAsync(record.Id, Ct))!.Version);
    }
}
