using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.States;
using PowerDrivers.Driver.Core.Store;
using Xunit;
using static PowerDrivers.Driver.Core.Conformance.Store.StoreSamples;

namespace PowerDrivers.Driver.Core.Conformance.Store;

public abstract partial class DriverStoreConformance
{
    private static InstanceQuery All(int pageSize = 1000) => new("", [], "", pageSize, null, false);

    private async Task<List<InstanceRecord>> SeedAsync(params InstanceRecord[] records)
    {
        foreach (var r in records)
            await Store.CommitAsync(new ChangeSet(InsertInstance: r), Ct);
        return [.. records];
    }

    [Fact]
    public async Task ListInstances_ByHost_ReturnsOnlyThatHost()
    {
        await SeedAsync(Instance("a", "p8-a"), Instance("b", "p8-b"), Instance("c", "p8-a"), Instance("d", "p8-a2"));

        var page = await Store.ListInstancesAsync(All() with { Host = "p8-a" }, Ct);

        Assert.Equal(["a", "c"], page.Items.Select(i => i.Name).Order());
        Assert.Equal(2, page.TotalSize);
        Assert.Null(page.Next);
    }

    [Fact]
    public async Task ListInstances_ByStates_ReturnsOnlyThoseStates()
    {
        await SeedAsync(Instance("a", state: InstanceState.Running), Instance("b", state: InstanceState.Stopped),
            Instance("c", state: InstanceState.Error), Instance("d", state: InstanceState.Running));

        var page = await Store.ListInstancesAsync(All() with { States = [InstanceState.Running, InstanceState.Error] }, Ct);

        Assert.Equal(["a", "c", "d"], page.Items.Select(i => i.Name).Order());
        Assert.Equal(3, page.TotalSize);
    }

    [Fact]
    public async Task ListInstances_ByNameContains_IgnoresCase()
    {
        await SeedAsync(Instance("WebServer1"), Instance("db-web"), Instance("mail"), Instance("web_2", "p8-b"),
            Instance("webX2"), Instance(@"a\b%c"));

        var page = await Store.ListInstancesAsync(All() with { NameContains = "wEB" }, Ct);

        Assert.Equal(["WebServer1", "db-web", "webX2", "web_2"], page.Items.Select(i => i.Name).Order(StringComparer.Ordinal));
        Assert.Equal(4, page.TotalSize);

        // Wildcard characters of any query language are matched literally.
        Assert.Equal(["web_2"], (await Store.ListInstancesAsync(All() with { NameContains = "B_2" }, Ct)).Items.Select(i => i.Name));
        Assert.Equal([@"a\b%c"], (await Store.ListInstancesAsync(All() with { NameContains = "%" }, Ct)).Items.Select(i => i.Name));
        Assert.Equal([@"a\b%c"], (await Store.ListInstancesAsync(All() with { NameContains = @"\B" }, Ct)).Items.Select(i => i.Name));
        Assert.Empty((await Store.ListInstancesAsync(All() with { NameContains = @"\%" }, Ct)).Items);
    }

    [Fact]
    public async Task ListInstances_Deleted_AreListedOnlyWhenAsked()
    {
        var records = await SeedAsync(Instance("a"), Instance("b"));
        await Store.CommitAsync(new ChangeSet(UpdateInstance: records[0] with { State = InstanceState.Deleted, Version = 2 }), Ct);

        var live = await Store.ListInstancesAsync(All(), Ct);
        var withDeleted = await Store.ListInstancesAsync(All() with { IncludeDeleted = true }, Ct);

        Assert.Equal(["b"], live.Items.Select(i => i.Name));
        Assert.Equal(1, live.TotalSize);
        Assert.Equal(["a", "b"], withDeleted.Items.Select(i => i.Name).Order());
        Assert.Equal(2, withDeleted.TotalSize);
    }

    [Fact]
    public async Task ListInstances_Filters_Combine()
    {
        await SeedAsync(Instance("web1", "p8-a"), Instance("web2", "p8-a", state: InstanceState.Stopped),
            Instance("web3", "p8-b"), Instance("db1", "p8-a"));

        var page = await Store.ListInstancesAsync(
            All() with { Host = "p8-a", States = [InstanceState.Running], NameContains = "WEB" }, Ct);

        Assert.Equal(["web1"], page.Items.Select(i => i.Name));
        Assert.Equal(1, page.TotalSize);
    }

    [Fact]
    public async Task ListInstances_Paging_WalksEveryRecordOnceInCreatedThenIdOrder()
    {
        // Groups of three share a creation time (with different offsets), so the id decides within a group.
        var records = await SeedAsync([.. Enumerable.Range(0, 25).Select(i =>
            Instance($"vm{i:D2}", i % 2 == 0 ? "p8-a" : "p8-b",
                created: Epoch.AddMinutes(25 - (i / 3)).ToOffset(TimeSpan.FromHours(i % 3))))]);
        var expected = records
            .OrderBy(r => r.CreatedAt.UtcTicks).ThenBy(r => r.Id.ToString("D"), StringComparer.Ordinal)
            .Select(r => r.Id).ToList();

        Assert.Equal(expected, await WalkAsync(All(4)));
        Assert.Equal(expected.Where(id => records.Single(r => r.Id == id).Host == "p8-b"),
            await WalkAsync(All(3) with { Host = "p8-b" }));
    }

    private async Task<List<Guid>> WalkAsync(InstanceQuery query)
    {
        var total = (await Store.ListInstancesAsync(query with { PageSize = 1000 }, Ct)).TotalSize;
        var seen = new List<Guid>();
        PageCursor? after = null;
        do
        {
            var page = await Store.ListInstancesAsync(query with { After = after }, Ct);
            Assert.Equal(total, page.TotalSize);
            Assert.InRange(page.Items.Count, 1, query.PageSize);
            if (page.Next is not null)
                Assert.Equal(query.PageSize, page.Items.Count);
            seen.AddRange(page.Items.Select(i => i.Id));
            after = page.Next;
        }
        while (after is not null);

        Assert.Equal(total, seen.Count);
        return seen;
    }

    [Fact]
    public async Task ListInstances_PageSize_IsClampedToOneThroughThousand()
    {
        await SeedAsync(Instance("a", created: Epoch), Instance("b", created: Epoch.AddMinutes(1)));

        var tiny = await Store.ListInstancesAsync(All(0), Ct);
        var huge = await Store.ListInstancesAsync(All(int.MaxValue), Ct);

        Assert.Equal(["a"], tiny.Items.Select(i => i.Name));
        Assert.NotNull(tiny.Next);
        Assert.Equal(2, huge.Items.Count);
        Assert.Null(huge.Next);
    }

    [Fact]
    public async Task ListInstances_WhenEmpty_ReturnsEmptyLastPage()
    {
        var page = await Store.ListInstancesAsync(All(10), Ct);
        Assert.Empty(page.Items);
        Assert.Null(page.Next);
        Assert.Equal(0, page.TotalSize);
    }

    [Fact]
    public async Task ListInstances_AfterCursorOfChangedRecord_StillResumesByPosition()
    {
        var records = await SeedAsync(Instance("a", created: Epoch), Instance("b", created: Epoch.AddMinutes(1)),
            Instance("c", created: Epoch.AddMinutes(2)));
        var first = await Store.ListInstancesAsync(All(1), Ct);

        // The record under the cursor is deleted between pages: the walk goes on from its position.
        await Store.CommitAsync(new ChangeSet(UpdateInstance: records[0] with { State = InstanceState.Deleted, Version = 2 }), Ct);
        var rest = await Store.ListInstancesAsync(All(10) with { After = first.Next }, Ct);

        Assert.Equal(["b", "c"], rest.Items.Select(i => i.Name));
        Assert.Equal(2, rest.TotalSize);
    }
}
