using Microsoft.Data.Sqlite;
using PowerDrivers.Driver.Core.Conformance.Store;
using PowerDrivers.Driver.Core.States;
using PowerDrivers.Driver.Core.Store;
using PowerDrivers.Driver.Grpc.Store;
using Xunit;

namespace PowerDrivers.Driver.Grpc.Tests.Store;

/// <summary>The store conformance suite (durability included) against the SQLite store, plus its schema and plans.</summary>
public sealed class SqliteDriverStoreTests : DurableDriverStoreConformance
{
    protected override IDriverStore CreateStore(string dataDirectory) => SqliteDriverStore.Open(dataDirectory);

    private SqliteDriverStore Sqlite => (SqliteDriverStore)Store;

    [Fact]
    public async Task Open_WhenDirectoryMissing_CreatesDatabaseAtTheCurrentSchemaVersionInWalMode()
    {
        Assert.Equal(Path.Combine(DataDirectory, SqliteDriverStore.DatabaseFileName), Sqlite.DatabasePath);
        Assert.True(File.Exists(Sqlite.DatabasePath));

        await using var connection = new SqliteConnection($"Data Source={Sqlite.DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM schema_version";
        Assert.Equal(2L, await command.ExecuteScalarAsync());
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Open_Twice_KeepsSchemaVersion()
    {
        await CloseAsync(Store);
        var again = (SqliteDriverStore)OpenStore();
        Assert.Equal(0, await again.LastSequenceAsync(Ct));
    }

    [Theory]
    [InlineData("", "ix_instances_created")]
    [InlineData("p8-a", "ix_instances_host_created")]
    public async Task ListInstances_PageQuery_WalksTheIndexWithoutSorting(string host, string index)
    {
        var queries = new[]
        {
            new InstanceQuery(host, [], "", 100, null, false),
            new InstanceQuery(host, [InstanceState.Running, InstanceState.Stopped], "web", 100,
                new PageCursor(DateTimeOffset.UtcNow, Guid.NewGuid()), true),
        };

        foreach (var query in queries)
        {
            var plan = await Sqlite.ExplainListInstancesAsync(query, Ct);
            Assert.Contains(index, plan, StringComparison.Ordinal);
            Assert.DoesNotContain("TEMP B-TREE", plan, StringComparison.Ordinal);

            // A later page seeks to the cursor instead of scanning from the start.
            if (query.After is not null)
                Assert.StartsWith("SEARCH", plan, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Commit_AfterDispose_IsRefused()
    {
        await CloseAsync(Store);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => Store.CommitAsync(new ChangeSet(), Ct));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => Store.LastSequenceAsync(Ct));
    }
}
