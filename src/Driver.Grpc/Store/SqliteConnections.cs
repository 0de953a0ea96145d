using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace PowerDrivers.Driver.Grpc.Store;

/// <summary>
/// Opens configured connections to one database file and keeps idle reader connections for reuse,
/// so a read costs no open and no pragma round-trips.
/// </summary>
internal sealed class SqliteConnections : IDisposable
{
    // Waiting this long for another process's write lock before SQLITE_BUSY.
    private const int BusyTimeoutMs = 5000;

    // Idle readers kept beyond this are closed; enough for the reader concurrency of one server.
    private const int MaxIdleReaders = 32;

    private readonly string _connectionString;
    private readonly ConcurrentBag<SqliteConnection> _idleReaders = [];
    private volatile bool _disposed;

    public SqliteConnections(string databasePath)
    {
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            // The store pools its own connections, configured once each.
            Pooling = false,
        }.ToString();
    }

    /// <summary>A connection for writing: WAL, and a commit is on disk before it returns (synchronous=FULL).</summary>
    public SqliteConnection OpenWriter() => Open(readOnly: false);

    /// <summary>An idle reader, or a new one.</summary>
    public SqliteConnection RentReader()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _idleReaders.TryTake(out var connection) ? connection : Open(readOnly: true);
    }

    /// <summary>Gives a reader back for reuse (closed when there are enough or the store is closing).</summary>
    public void ReturnReader(SqliteConnection connection)
    {
        if (_disposed || _idleReaders.Count >= MaxIdleReaders)
        {
            connection.Dispose();
            return;
        }

        _idleReaders.Add(connection);
        if (_disposed && _idleReaders.TryTake(out var late))
            late.Dispose();
    }

    /// <summary>Closes the idle readers; readers in use close when returned.</summary>
    public void Dispose()
    {
        _disposed = true;
        while (_idleReaders.TryTake(out var connection))
            connection.Dispose();
    }

    private SqliteConnection Open(bool readOnly)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using var pragmas = connection.CreateCommand();
            pragmas.CommandText =
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=OFF; "
                + $"PRAGMA busy_timeout={BusyTimeoutMs}; PRAGMA query_only={(readOnly ? "ON" : "OFF")};";
            pragmas.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
