using System.Text.Json;
using Microsoft.Data.Sqlite;
using PowerDrivers.Driver.Core.Model;
using PowerDrivers.Driver.Core.Storage;
using PowerDrivers.Driver.Core.Store;

namespace PowerDrivers.Driver.Grpc.Store;

/// <summary>Volumes and networks: one row each, the record as a JSON body.</summary>
public sealed partial class SqliteDriverStore
{
    /// <inheritdoc/>
    public async Task<VolumeRecord?> GetVolumeAsync(Guid id, CancellationToken cancellationToken)
    {
        var rows = await ReadBodiesAsync("SELECT body FROM volumes WHERE id = $id", c => c.Parameters.AddWithValue("$id", Key(id)), cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : JsonSerializer.Deserialize(rows[0], StoreJsonContext.Default.VolumeRecord);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<VolumeRecord>> ListVolumesAsync(string host, bool includeDeleted, CancellationToken cancellationToken)
    {
        var sql = "SELECT body FROM volumes WHERE 1"
            + (string.IsNullOrEmpty(host) ? "" : " AND host = $host")
            + (includeDeleted ? "" : $" AND status != {(int)VolumeStatus.Deleted}")
            + " ORDER BY created_at, id";
        var rows = await ReadBodiesAsync(sql, c => c.Parameters.AddWithValue("$host", host ?? ""), cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(b => JsonSerializer.Deserialize(b, StoreJsonContext.Default.VolumeRecord)!)];
    }

    /// <inheritdoc/>
    public async Task<NetworkRecord?> GetNetworkAsync(Guid id, CancellationToken cancellationToken)
    {
        var rows = await ReadBodiesAsync("SELECT body FROM networks WHERE id = $id", c => c.Parameters.AddWithValue("$id", Key(id)), cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : JsonSerializer.Deserialize(rows[0], StoreJsonContext.Default.NetworkRecord);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<NetworkRecord>> ListNetworksAsync(CancellationToken cancellationToken)
    {
        var rows = await ReadBodiesAsync("SELECT body FROM networks ORDER BY created_at, id", _ => { }, cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(b => JsonSerializer.Deserialize(b, StoreJsonContext.Default.NetworkRecord)!)];
    }

    private async Task<List<string>> ReadBodiesAsync(string sql, Action<SqliteCommand> bind, CancellationToken ct)
    {
        var connection = RentReader();
        try
        {
            await using var select = connection.CreateCommand();
            select.CommandText = sql;
            bind(select);
            var bodies = new List<string>();
            await using var reader = await select.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                bodies.Add(reader.GetString(0));
            return bodies;
        }
        finally
        {
            _connections.ReturnReader(connection);
        }
    }

    private static async Task WriteVolumeAsync(SqliteTransaction tx, VolumeRecord volume, CancellationToken ct)
    {
        await using var select = Command(tx, "SELECT version FROM volumes WHERE id = $id");
        select.Parameters.AddWithValue("$id", Key(volume.Id));
        var stored = await select.ExecuteScalarAsync(ct).ConfigureAwait(false) as long?;
        if ((stored ?? 0) != volume.Version - 1)
            throw StoreConflicts.StaleVolume(volume.Id, volume.Version - 1, stored);
        await using var upsert = Command(tx,
            "INSERT INTO volumes (id, host, status, created_at, version, body) VALUES ($id, $host, $status, $created, $version, $body) "
            + "ON CONFLICT (id) DO UPDATE SET host = excluded.host, status = excluded.status, version = excluded.version, body = excluded.body");
        upsert.Parameters.AddWithValue("$id", Key(volume.Id));
        upsert.Parameters.AddWithValue("$host", volume.Host);
        upsert.Parameters.AddWithValue("$status", (int)volume.Status);
        upsert.Parameters.AddWithValue("$created", volume.CreatedAt.UtcTicks);
        upsert.Parameters.AddWithValue("$version", volume.Version);
        upsert.Parameters.AddWithValue("$body", JsonSerializer.Serialize(volume, StoreJsonContext.Default.VolumeRecord));
        await upsert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static async Task InsertNetworkAsync(SqliteTransaction tx, NetworkRecord network, CancellationToken ct)
    {
        await using var select = Command(tx, "SELECT body FROM networks WHERE id = $id OR name = $name OR vlan_id = $vlan");
        select.Parameters.AddWithValue("$id", Key(network.Id));
        select.Parameters.AddWithValue("$name", network.Name);
        select.Parameters.AddWithValue("$vlan", network.VlanId);
        var stored = new List<NetworkRecord>();
        await using (var reader = await select.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                stored.Add(JsonSerializer.Deserialize(reader.GetString(0), StoreJsonContext.Default.NetworkRecord)!);
        }

        StoreConflicts.RequireNetworkFree(network, stored);
        await using var insert = Command(tx, "INSERT INTO networks (id, name, vlan_id, created_at, body) VALUES ($id, $name, $vlan, $created, $body)");
        insert.Parameters.AddWithValue("$id", Key(network.Id));
        insert.Parameters.AddWithValue("$name", network.Name);
        insert.Parameters.AddWithValue("$vlan", network.VlanId);
        insert.Parameters.AddWithValue("$created", network.CreatedAt.UtcTicks);
        insert.Parameters.AddWithValue("$body", JsonSerializer.Serialize(network, StoreJsonContext.Default.NetworkRecord));
        await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static async Task DeleteNetworkAsync(SqliteTransaction tx, Guid id, CancellationToken ct)
    {
        await using var delete = Command(tx, "DELETE FROM networks WHERE id = $id");
        delete.Parameters.AddWithValue("$id", Key(id));
        await delete.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
