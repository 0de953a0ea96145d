using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Events;
using PowerDrivers.Driver.Core.Operations;
using PowerDrivers.Driver.Core.Store;

namespace PowerDrivers.Driver.Grpc.Store;

/// <summary>The read side: every query runs on a pooled read-only connection and never waits for the writer.</summary>
public sealed partial class SqliteDriverStore
{
    private const int MaxPageSize = 1000;

    /// <inheritdoc/>
    public async Task<InstanceRecord?> GetInstanceAsync(Guid id, CancellationToken cancellationToken)
    {
        var connection = RentReader();
        try
        {
            await using var select = connection.CreateCommand();
            select.CommandText = "SELECT id, version, body FROM instances WHERE id = $id";
            select.Parameters.AddWithValue("$id", Key(id));
            await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadInstance(reader) : null;
        }
        finally
        {
            _connections.ReturnReader(connection);
        }
    }

    /// <inheritdoc/>
    public async Task<InstancePage> ListInstancesAsync(InstanceQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var pageSize = Math.Clamp(query.PageSize, 1, MaxPageSize);
        var connection = RentReader();
        try
        {
            // The count and the page read one snapshot.
            using var tx = connection.BeginTransaction(deferred: true);
            await using var count = connection.CreateCommand();
            count.Transaction = tx;
            count.CommandText = "SELECT COUNT(*) FROM instances WHERE " + InstanceFilter(query, count, withCursor: false);
            var total = Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);

            await using var page = InstancePageCommand(connection, query, pageSize);
            page.Transaction = tx;
            var items = new List<InstanceRecord>(pageSize + 1);
            await using (var reader = await page.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    items.Add(ReadInstance(reader));
            }

            tx.Commit();
            PageCursor? next = null;
            if (items.Count > pageSize)
            {
                items.RemoveAt(pageSize);
                next = new PageCursor(items[^1].CreatedAt, items[^1].Id);
            }

            return new InstancePage(items, next, total);
        }
        finally
        {
            _connections.ReturnReader(connection);
        }
    }

    /// <inheritdoc/>
    public async Task<OperationRecord?> GetOperationAsync(Guid id, CancellationToken cancellationToken) =>
        await SingleOperationAsync("id", Key(id), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public async Task<OperationRecord?> FindOperationByRequestIdAsync(string requestId, CancellationToken cancellationToken) =>
        string.IsNullOrEmpty(requestId)
            ? null
            : await SingleOperationAsync("request_id", requestId, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public async Task<OperationPage> ListOperationsAsync(OperationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var pageSize = Math.Clamp(query.PageSize, 1, MaxPageSize);
        var connection = RentReader();
        try
        {
            await using var select = connection.CreateCommand();
            var sql = new StringBuilder("SELECT body FROM operations INDEXED BY ")
                .Append(query.InstanceId is null ? "ix_operations_created" : "ix_operations_instance_created")
                .Append(" WHERE 1");
            if (query.InstanceId is { } instance)
            {
                sql.Append(" AND instance_id = $instance");
                select.Parameters.AddWithValue("$instance", Key(instance));
            }

            AppendStates(sql, select, query.States.Select(s => (int)s).ToList());
            if (query.Before is { } before)
            {
                sql.Append(" AND (created_at, id) < ($time, $after)");
                select.Parameters.AddWithValue("$time", before.Time.UtcTicks);
                select.Parameters.AddWithValue("$after", Key(before.Id));
            }

            sql.Append(" ORDER BY created_at DESC, id DESC LIMIT $limit");
            select.Parameters.AddWithValue("$limit", pageSize + 1);
            select.CommandText = sql.ToString();

            var items = new List<OperationRecord>(pageSize + 1);
            await using (var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    items.Add(Deserialize(reader.GetString(0), StoreJsonContext.Default.OperationRecord));
            }

            PageCursor? next = null;
            if (items.Count > pageSize)
            {
                items.RemoveAt(pageSize);
                next = new PageCursor(items[^1].CreatedAt, items[^1].Id);
            }

            return new OperationPage(items, next);
        }
        finally
        {
            _connections.ReturnReader(connection);
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<DriverEvent>> ReadEventsAsync(long afterSequence, int max, CancellationToken cancellationToken)
    {
        if (max <= 0)
            return [];
        var connection = RentReader();
        try
        {
            await using var select = connection.CreateCommand();
            select.CommandText = "SELECT sequence, body FROM events WHERE sequence > $after ORDER BY sequence LIMIT $max";
            select.Parameters.AddWithValue("$after", afterSequence);
            select.Parameters.AddWithValue("$max", max);
            var events = new List<DriverEvent>();
            await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                events.Add(Deserialize(reader.GetString(1), StoreJsonContext.Default.DriverEvent) with { Sequence = reader.GetInt64(0) });
            return events;
        }
        finally
        {
            _connections.ReturnReader(connection);
        }
    }

    /// <inheritdoc/>
    public async Task<long> LastSequenceAsync(CancellationToken cancellationToken)
    {
        var connection = RentReader();
        try
        {
            await using var select = connection.CreateCommand();
            select.CommandText = "SELECT COALESCE(MAX(sequence), 0) FROM events";
            return (long)(await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) ?? 0L);
        }
        finally
        {
            _connections.ReturnReader(connection);
        }
    }

    /// <summary>The query plan of the page query for <paramref name="query"/> (to check that paging walks an index).</summary>
    internal async Task<string> ExplainListInstancesAsync(InstanceQuery query, CancellationToken cancellationToken)
    {
        var connection = RentReader();
        try
        {
            await using var explain = InstancePageCommand(connection, query, Math.Clamp(query.PageSize, 1, MaxPageSize));
            explain.CommandText = "EXPLAIN QUERY PLAN " + explain.CommandText;
            var plan = new StringBuilder();
            await using var reader = await explain.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                plan.AppendLine(reader.GetString(3));
            return plan.ToString();
        }
        finally
        {
            _connections.ReturnReader(connection);
        }
    }

    // The page walks the (host,) created_at, id index from the cursor, so its cost is the page, not the table.
    private static SqliteCommand InstancePageCommand(SqliteConnection connection, InstanceQuery query, int pageSize)
    {
        var page = connection.CreateCommand();
        var index = string.IsNullOrEmpty(query.Host) ? "ix_instances_created" : "ix_instances_host_created";
        page.CommandText = $"SELECT id, version, body FROM instances INDEXED BY {index} WHERE "
            + InstanceFilter(query, page, withCursor: true)
            + " ORDER BY created_at, id LIMIT $limit";
        page.Parameters.AddWithValue("$limit", pageSize + 1);
        return page;
    }

    private static string InstanceFilter(InstanceQuery query, SqliteCommand command, bool withCursor)
    {
        var sql = new StringBuilder("1");
        if (!string.IsNullOrEmpty(query.Host))
        {
            sql.Append(" AND host = $host");
            command.Parameters.AddWithValue("$host", query.Host);
        }

        if (!query.IncludeDeleted)
            sql.Append(" AND state != ").Append(SqliteSchema.DeletedState);
        AppendStates(sql, command, query.States.Select(s => (int)s).ToList());
        if (!string.IsNullOrEmpty(query.NameContains))
        {
            // LIKE ignores ASCII case (names are printable ASCII); the caller's text is matched literally.
            sql.Append(" AND name LIKE $name ESCAPE '\\'");
            command.Parameters.AddWithValue("$name", "%" + EscapeLike(query.NameContains) + "%");
        }

        if (withCursor && query.After is { } after)
        {
            sql.Append(" AND (created_at, id) > ($time, $after)");
            command.Parameters.AddWithValue("$time", after.Time.UtcTicks);
            command.Parameters.AddWithValue("$after", Key(after.Id));
        }

        return sql.ToString();
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal);

    private static void AppendStates(StringBuilder sql, SqliteCommand command, List<int> states)
    {
        if (states.Count == 0)
            return;
        sql.Append(" AND state IN (");
        for (var i = 0; i < states.Count; i++)
        {
            sql.Append(i == 0 ? "$state" : ", $state").Append(i);
            command.Parameters.AddWithValue("$state" + i, states[i]);
        }

        sql.Append(')');
    }

    private async Task<OperationRecord?> SingleOperationAsync(string column, string value, CancellationToken ct)
    {
        var connection = RentReader();
        try
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT body FROM operations WHERE {column} = $value";
            select.Parameters.AddWithValue("$value", value);
            return await select.ExecuteScalarAsync(ct).ConfigureAwait(false) is string body
                ? Deserialize(body, StoreJsonContext.Default.OperationRecord)
                : null;
        }
        finally
        {
            _connections.ReturnReader(connection);
        }
    }

    private SqliteConnection RentReader()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _connections.RentReader();
    }

    /// <summary>A row of (id, version, body) as a record, through the cache.</summary>
    private InstanceRecord ReadInstance(SqliteDataReader reader) =>
        _instanceCache.Get(reader.GetString(0), reader.GetInt64(1), () => Deserialize(reader.GetString(2), StoreJsonContext.Default.InstanceRecord));

    private static T Deserialize<T>(string body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        JsonSerializer.Deserialize(body, type) ?? throw new InvalidDataException($"a stored {typeof(T).Name} body is null");
}
