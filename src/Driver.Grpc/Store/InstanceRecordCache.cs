using System.Collections.Concurrent;
using PowerDrivers.Driver.Core.Backends;

namespace PowerDrivers.Driver.Grpc.Store;

/// <summary>
/// Deserialised instance records by id, valid for one stored version: a read whose row has the cached version
/// skips the JSON entirely (the read path's main cost). Records are immutable, so sharing them is safe. Bounded:
/// when full it starts over rather than tracking recency.
/// </summary>
internal sealed class InstanceRecordCache(int capacity)
{
    private readonly ConcurrentDictionary<string, InstanceRecord> _records = new(StringComparer.Ordinal);

    /// <summary>The record for (id, version), from the cache or from <paramref name="body"/>'s JSON.</summary>
    public InstanceRecord Get(string id, long version, Func<InstanceRecord> body)
    {
        if (_records.TryGetValue(id, out var cached) && cached.Version == version)
        {
            return cached;
        }

        var record = body();
        if (_records.Count >= capacity)
        {
            _records.Clear();
        }

        _records[id] = record;
        return record;
    }
}
