using Microsoft.Data.Sqlite;

namespace PowerDrivers.Driver.Grpc.Store;

/// <summary>
/// The database schema as numbered migrations; <c>schema_version</c> holds the highest applied.
/// A new version appends a migration and never edits an applied one.
/// </summary>
internal static class SqliteSchema
{
    /// <summary>The state number of a deleted instance (InstanceState.Deleted), used by the partial unique name index.</summary>
    public const int DeletedState = 15;

    private static readonly string[] Migrations =
    [
        // 1: instances, operations, events.
        $"""
        CREATE TABLE instances (
            id          TEXT    NOT NULL PRIMARY KEY,
            host        TEXT    NOT NULL,
            name        TEXT    NOT NULL,
            state       INTEGER NOT NULL,
            created_at  INTEGER NOT NULL,
            version     INTEGER NOT NULL,
            body        TEXT    NOT NULL
        );
        -- Listing walks these in (created_at, id) order; the trailing columns let filters and counts
        -- be answered from the index, touching a row only to read the body of a match.
        CREATE INDEX ix_instances_created ON instances (created_at, id, host, state, name);
        CREATE INDEX ix_instances_host_created ON instances (host, created_at, id, state, name);
        CREATE INDEX ix_instances_state ON instances (state);
        CREATE UNIQUE INDEX ux_instances_host_name ON instances (host, name) WHERE state != {DeletedState};

        CREATE TABLE operations (
            id          TEXT    NOT NULL PRIMARY KEY,
            instance_id TEXT    NOT NULL,
            state       INTEGER NOT NULL,
            request_id  TEXT    NOT NULL,
            created_at  INTEGER NOT NULL,
            body        TEXT    NOT NULL
        );
        CREATE UNIQUE INDEX ux_operations_request_id ON operations (request_id) WHERE request_id != '';
        CREATE INDEX ix_operations_instance_created ON operations (instance_id, created_at, id);
        CREATE INDEX ix_operations_created ON operations (created_at, id);

        CREATE TABLE events (
            sequence    INTEGER PRIMARY KEY AUTOINCREMENT,
            time        INTEGER NOT NULL,
            kind        INTEGER NOT NULL,
            host        TEXT    NOT NULL,
            instance_id TEXT,
            body        TEXT    NOT NULL
        );
        """,
        // 2: volumes and networks.
        """
        CREATE TABLE volumes (
            id          TEXT    NOT NULL PRIMARY KEY,
            host        TEXT    NOT NULL,
            status      INTEGER NOT NULL,
            created_at  INTEGER NOT NULL,
            version     INTEGER NOT NULL,
            body        TEXT    NOT NULL
        );
        CREATE INDEX ix_volumes_created ON volumes (created_at, id);

        CREATE TABLE networks (
            id          TEXT    NOT NULL PRIMARY KEY,
            name        TEXT    NOT NULL UNIQUE,
            vlan_id     INTEGER NOT NULL UNIQUE,
            created_at  INTEGER NOT NULL,
            body        TEXT    NOT NULL
        );
        """,
    ];

    /// <summary>The version this build writes.</summary>
    public static int CurrentVersion => Migrations.Length;

    /// <summary>Brings the database to <see cref="CurrentVersion"/>; refuses a database from a newer build.</summary>
    public static void Migrate(SqliteConnection connection)
    {
        using var tx = connection.BeginTransaction();
        Execute(connection, tx, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
        using var read = connection.CreateCommand();
        read.Transaction = tx;
        read.CommandText = "SELECT MAX(version) FROM schema_version";
        var version = read.ExecuteScalar() is long v ? (int)v : 0;
        if (version > CurrentVersion)
            throw new InvalidOperationException(
                $"the database has schema version {version}, newer than {CurrentVersion} which this build knows");

        for (var next = version + 1; next <= CurrentVersion; next++)
            Execute(connection, tx, Migrations[next - 1]);
        if (version < CurrentVersion)
        {
            Execute(connection, tx, "DELETE FROM schema_version");
            Execute(connection, tx, $"INSERT INTO schema_version (version) VALUES ({CurrentVersion})");
        }

        tx.Commit();
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction tx, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
