using System.Text.Json;
using Microsoft.Data.Sqlite;
using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.Events;
using PowerDrivers.Driver.Core.Operations;
using PowerDrivers.Driver.Core.States;
using PowerDrivers.Driver.Core.Store;

namespace PowerDrivers.Driver.Grpc.Store;

/// <summary>
/// The durable <see cref="IDriverStore"/>: one SQLite file, <c>&lt;dataDirectory&gt;/driver.db</c>, in WAL mode with
/// <c>synchronous=FULL</c>, so a returned commit survives a crash and readers never wait for the writer.
/// Writes go through a single connection (BEGIN IMMEDIATE), change sets that arrive together in one transaction (group
/// commit, one fsync for the group); reads use pooled read-only connections.
/// Each row keeps the whole record as JSON plus the columns that filters, order and uniqueness need.
/// </summary>
public sealed partial class SqliteDriverStore : IDriverStore, IAsyncDisposable, IDisposable
{
    /// <summary>The database file's name inside the data directory.</summary>
    public const string DatabaseFileName = "driver.db";

    private readonly SqliteConnections _connections;
    private readonly InstanceRecordCache _instanceCache = new(200_000);
    private readonly SqliteConnection _writer;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly System.Collections.Concurrent.ConcurrentQueue<PendingCommit> _queue = new();

    /// <summary>Most change sets written in one transaction.</summary>
    private const int MaxGroup = 64;
    private bool _disposed;

    private SqliteDriverStore(string databasePath, SqliteConnections connections, SqliteConnection writer)
    {
        DatabasePath = databasePath;
        _connections = connections;
        _writer = writer;
    }

    /// <summary>The database file.</summary>
    public string DatabasePath { get; }

    /// <summary>Opens (creating the directory, file and schema when missing) the store in <paramref name="dataDirectory"/>.</summary>
    public static SqliteDriverStore Open(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(Path.GetFullPath(dataDirectory), DatabaseFileName);
        var connections = new SqliteConnections(path);
        SqliteConnection? writer = null;
        try
        {
            writer = connections.OpenWriter();
            SqliteSchema.Migrate(writer);
            return new SqliteDriverStore(path, connections, writer);
        }
        catch
        {
            writer?.Dispose();
            connections.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Group commit: change sets that arrive while a transaction is being written queue up, and the next writer applies
    /// every queued set in one transaction — each inside its own savepoint, so a refused set is rolled back alone and
    /// its caller gets the error — then commits once (one fsync for the group). A caller returns only after the
    /// transaction holding its set is durable.
    /// </remarks>
    public async Task<IReadOnlyList<DriverEvent>> CommitAsync(ChangeSet changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new PendingCommit(changes);
        _queue.Enqueue(pending);

        // Once queued the set is written (a later writer may take it): waiting is not cancelled, so a caller never
        // sees a cancellation for a change that lands.
        await _writeGate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            while (!pending.Done.Task.IsCompleted)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                await WriteGroupAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _writeGate.Release();
        }

        return await pending.Done.Task.ConfigureAwait(false);
    }

    private async Task WriteGroupAsync()
    {
        var group = new List<PendingCommit>();
        while (group.Count < MaxGroup && _queue.TryDequeue(out var next))
            group.Add(next);
        var results = new IReadOnlyList<DriverEvent>?[group.Count];
        var errors = new Exception?[group.Count];
        try
        {
            // BEGIN IMMEDIATE; leaving without Commit rolls everything back.
            using var tx = _writer.BeginTransaction();
            for (var i = 0; i < group.Count; i++)
            {
                var savepoint = "s" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                tx.Save(savepoint);
                try
                {
                    results[i] = await ApplyAsync(tx, group[i].Changes, CancellationToken.None).ConfigureAwait(false);
                    tx.Release(savepoint);
                }
                catch (Exception ex) when (ex is DriverError or SqliteException or JsonException)
                {
                    tx.Rollback(savepoint);
                    errors[i] = ex;
                }
            }

            tx.Commit();
        }
        catch (Exception ex)
        {
            // The transaction itself failed: nothing of the group is stored.
            foreach (var p in group)
                p.Done.TrySetException(ex);
            return;
        }

        for (var i = 0; i < group.Count; i++)
        {
            if (errors[i] is { } error)
                group[i].Done.TrySetException(error);
            else
                group[i].Done.TrySetResult(results[i]!);
        }
    }

    private static async Task<IReadOnlyList<DriverEvent>> ApplyAsync(SqliteTransaction tx, ChangeSet changes, CancellationToken cancellationToken)
    {
        if (changes.InsertInstance is { } inserted)
            await InsertInstanceAsync(tx, inserted, cancellationToken).ConfigureAwait(false);
        if (changes.UpdateInstance is { } updated)
            await UpdateInstanceAsync(tx, updated, cancellationToken).ConfigureAwait(false);
        if (changes.Operation is { } operation)
            await UpsertOperationAsync(tx, operation, cancellationToken).ConfigureAwait(false);
        if (changes.Volume is { } volume)
            await WriteVolumeAsync(tx, volume, cancellationToken).ConfigureAwait(false);
        if (changes.InsertNetwork is { } network)
            await InsertNetworkAsync(tx, network, cancellationToken).ConfigureAwait(false);
        if (changes.DeleteNetwork is { } gone)
            await DeleteNetworkAsync(tx, gone, cancellationToken).ConfigureAwait(false);

        var appended = new List<DriverEvent>(changes.Events?.Count ?? 0);
        foreach (var e in changes.Events ?? [])
            appended.Add(await AppendEventAsync(tx, e, cancellationToken).ConfigureAwait(false));
        return appended;
    }

    /// <summary>A change set waiting for the transaction that writes it.</summary>
    private sealed class PendingCommit(ChangeSet changes)
    {
        public ChangeSet Changes { get; } = changes;

        public TaskCompletionSource<IReadOnlyList<DriverEvent>> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Waits for a commit in progress, then closes every connection.</summary>
    public void Dispose()
    {
        _writeGate.Wait();
        try
        {
            if (_disposed)
                return;
            _disposed = true;
            _writer.Dispose();
            _connections.Dispose();
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <inheritdoc cref="Dispose"/>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private static async Task InsertInstanceAsync(SqliteTransaction tx, InstanceRecord record, CancellationToken ct)
    {
        if (await StoredVersionAsync(tx, record.Id, ct).ConfigureAwait(false) is not null)
            throw StoreConflicts.InstanceExists(record.Id);
        await RequireNameFreeAsync(tx, record, ct).ConfigureAwait(false);
        await using var insert = Command(tx,
            "INSERT INTO instances (id, host, name, state, created_at, version, body) "
            + "VALUES ($id, $host, $name, $state, $created, $version, $body)");
        BindInstance(insert, record);
        await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static async Task UpdateInstanceAsync(SqliteTransaction tx, InstanceRecord record, CancellationToken ct)
    {
        var expected = record.Version - 1;
        var stored = await StoredVersionAsync(tx, record.Id, ct).ConfigureAwait(false);
        if (stored != expected)
            throw StoreConflicts.StaleVersion(record.Id, expected, stored);
        await RequireNameFreeAsync(tx, record, ct).ConfigureAwait(false);
        await using var update = Command(tx,
            "UPDATE instances SET host = $host, name = $name, state = $state, created_at = $created, "
            + "version = $version, body = $body WHERE id = $id AND version = $expected");
        BindInstance(update, record);
        update.Parameters.AddWithValue("$expected", expected);
        if (await update.ExecuteNonQueryAsync(ct).ConfigureAwait(false) != 1)
            throw StoreConflicts.StaleVersion(record.Id, expected, stored);
    }

    private static async Task<long?> StoredVersionAsync(SqliteTransaction tx, Guid id, CancellationToken ct)
    {
        await using var select = Command(tx, "SELECT version FROM instances WHERE id = $id");
        select.Parameters.AddWithValue("$id", Key(id));
        return await select.ExecuteScalarAsync(ct).ConfigureAwait(false) as long?;
    }

    // Checked inside the transaction rather than read back from the unique index's error, to report NAME_IN_USE exactly.
    private static async Task RequireNameFreeAsync(SqliteTransaction tx, InstanceRecord record, CancellationToken ct)
    {
        if (record.State == InstanceState.Deleted)
            return;
        await using var select = Command(tx,
            $"SELECT 1 FROM instances WHERE host = $host AND name = $name AND state != {SqliteSchema.DeletedState} "
            + "AND id != $id LIMIT 1");
        select.Parameters.AddWithValue("$host", record.Host);
        select.Parameters.AddWithValue("$name", record.Name);
        select.Parameters.AddWithValue("$id", Key(record.Id));
        if (await select.ExecuteScalarAsync(ct).ConfigureAwait(false) is not null)
            throw ConflictError.NameInUse(record.Name, record.Host);
    }

    private static async Task UpsertOperationAsync(SqliteTransaction tx, OperationRecord operation, CancellationToken ct)
    {
        if (operation.RequestId.Length > 0)
        {
            await using var select = Command(tx, "SELECT id FROM operations WHERE request_id = $request AND id != $id LIMIT 1");
            select.Parameters.AddWithValue("$request", operation.RequestId);
            select.Parameters.AddWithValue("$id", Key(operation.Id));
            if (await select.ExecuteScalarAsync(ct).ConfigureAwait(false) is string holder)
                throw StoreConflicts.RequestIdInUse(operation.RequestId, Guid.Parse(holder));
        }

        await using var upsert = Command(tx,
            "INSERT INTO operations (id, instance_id, state, request_id, created_at, body) "
            + "VALUES ($id, $instance, $state, $request, $created, $body) "
            + "ON CONFLICT (id) DO UPDATE SET instance_id = excluded.instance_id, state = excluded.state, "
            + "request_id = excluded.request_id, created_at = excluded.created_at, body = excluded.body");
        upsert.Parameters.AddWithValue("$id", Key(operation.Id));
        upsert.Parameters.AddWithValue("$instance", Key(operation.InstanceId));
        upsert.Parameters.AddWithValue("$state", (int)operation.State);
        upsert.Parameters.AddWithValue("$request", operation.RequestId);
        upsert.Parameters.AddWithValue("$created", operation.CreatedAt.UtcTicks);
        upsert.Parameters.AddWithValue("$body", JsonSerializer.Serialize(operation, StoreJsonContext.Default.OperationRecord));
        await upsert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static async Task<DriverEvent> AppendEventAsync(SqliteTransaction tx, DriverEvent e, CancellationToken ct)
    {
        await using var insert = Command(tx,
            "INSERT INTO events (time, kind, host, instance_id, body) VALUES ($time, $kind, $host, $instance, $body) "
            + "RETURNING sequence");
        insert.Parameters.AddWithValue("$time", e.Time.UtcTicks);
        insert.Parameters.AddWithValue("$kind", (int)e.Kind);
        insert.Parameters.AddWithValue("$host", e.Host);
        insert.Parameters.AddWithValue("$instance", e.InstanceId is { } id ? Key(id) : DBNull.Value);
        insert.Parameters.AddWithValue("$body", JsonSerializer.Serialize(e with { Sequence = 0 }, StoreJsonContext.Default.DriverEvent));
        var sequence = (long)(await insert.ExecuteScalarAsync(ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException("the event insert returned no sequence"));
        return e with { Sequence = sequence };
    }

    private static void BindInstance(SqliteCommand command, InstanceRecord record)
    {
        command.Parameters.AddWithValue("$id", Key(record.Id));
        command.Parameters.AddWithValue("$host", record.Host);
        command.Parameters.AddWithValue("$name", record.Name);
        command.Parameters.AddWithValue("$state", (int)record.State);
        command.Parameters.AddWithValue("$created", record.CreatedAt.UtcTicks);
        command.Parameters.AddWithValue("$version", record.Version);
        command.Parameters.AddWithValue("$body", JsonSerializer.Serialize(record, StoreJsonContext.Default.InstanceRecord));
    }

    private static SqliteCommand Command(SqliteTransaction tx, string sql)
    {
        var command = tx.Connection!.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        return command;
    }

    // Ids are stored as lower-case "D" text: readable, and ordered the same way as Guid.CompareTo.
    private static string Key(Guid id) => id.ToString("D");
}
