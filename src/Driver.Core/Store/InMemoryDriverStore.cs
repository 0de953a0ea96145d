using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Events;
using PowerDrivers.Driver.Core.Model;
using PowerDrivers.Driver.Core.Operations;
using PowerDrivers.Driver.Core.Storage;
using PowerDrivers.Driver.Core.States;

namespace PowerDrivers.Driver.Core.Store;

/// <summary>
/// An <see cref="IDriverStore"/> kept in memory (tests, ephemeral mode): the same rules as the durable store,
/// nothing survives the process. One lock guards everything; records are immutable, so references are stored.
/// </summary>
public sealed class InMemoryDriverStore : IDriverStore
{
    private const int MaxPageSize = 1000;

    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, InstanceRecord> _instances = [];
    private readonly SortedSet<ListKey> _instanceOrder = new(ListKey.Comparer);
    private readonly Dictionary<(string Host, string Name), Guid> _liveNames = [];
    private readonly Dictionary<Guid, OperationRecord> _operations = [];
    private readonly Dictionary<string, Guid> _operationsByRequest = new(StringComparer.Ordinal);
    private readonly List<DriverEvent> _events = [];
    private readonly Dictionary<Guid, VolumeRecord> _volumes = [];
    private readonly Dictionary<Guid, NetworkRecord> _networks = [];

    /// <inheritdoc/>
    public Task<IReadOnlyList<DriverEvent>> CommitAsync(ChangeSet changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            // Check everything against a staged view first, then apply: nothing is ever half-applied.
            var staged = new Dictionary<Guid, InstanceRecord>();
            if (changes.InsertInstance is { } inserted)
            {
                if (_instances.ContainsKey(inserted.Id))
                    throw StoreConflicts.InstanceExists(inserted.Id);
                RequireNameFree(inserted, staged);
                staged[inserted.Id] = inserted;
            }

            if (changes.UpdateInstance is { } updated)
            {
                var stored = staged.TryGetValue(updated.Id, out var s) ? s : _instances.GetValueOrDefault(updated.Id);
                if (stored is null || stored.Version != updated.Version - 1)
                    throw StoreConflicts.StaleVersion(updated.Id, updated.Version - 1, stored?.Version);
                RequireNameFree(updated, staged);
                staged[updated.Id] = updated;
            }

            if (changes.Operation is { RequestId.Length: > 0 } op
                && _operationsByRequest.TryGetValue(op.RequestId, out var holder) && holder != op.Id)
                throw StoreConflicts.RequestIdInUse(op.RequestId, holder);

            if (changes.Volume is { } volume)
            {
                var stored = _volumes.GetValueOrDefault(volume.Id);
                if ((stored?.Version ?? 0) != volume.Version - 1)
                    throw StoreConflicts.StaleVolume(volume.Id, volume.Version - 1, stored?.Version);
            }

            if (changes.InsertNetwork is { } network)
                StoreConflicts.RequireNetworkFree(network, _networks.Values);

            foreach (var record in staged.Values)
                ApplyInstance(record);
            if (changes.Volume is { } v)
                _volumes[v.Id] = v;
            if (changes.InsertNetwork is { } n)
                _networks[n.Id] = n;
            if (changes.DeleteNetwork is { } gone)
                _networks.Remove(gone);
            if (changes.Operation is { } operation)
                ApplyOperation(operation);

            var appended = new List<DriverEvent>(changes.Events?.Count ?? 0);
            foreach (var e in changes.Events ?? [])
            {
                var sequenced = e with { Sequence = _events.Count + 1 };
                _events.Add(sequenced);
                appended.Add(sequenced);
            }

            return Task.FromResult<IReadOnlyList<DriverEvent>>(appended);
        }
    }

    /// <inheritdoc/>
    public Task<InstanceRecord?> GetInstanceAsync(Guid id, CancellationToken cancellationToken)
    {
        lock (_gate)
            return Task.FromResult(_instances.GetValueOrDefault(id));
    }

    /// <inheritdoc/>
    public Task<InstancePage> ListInstancesAsync(InstanceQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var pageSize = Math.Clamp(query.PageSize, 1, MaxPageSize);
        lock (_gate)
        {
            var total = 0;
            var items = new List<InstanceRecord>(pageSize);
            var more = false;
            IEnumerable<ListKey> walk = query.After is { } after
                ? _instanceOrder.GetViewBetween(new ListKey(after.Time.UtcTicks, after.Id), ListKey.Last)
                : _instanceOrder;
            var afterKey = query.After is { } a ? new ListKey(a.Time.UtcTicks, a.Id) : (ListKey?)null;

            // The total counts every match; the page takes the first matches past the cursor.
            foreach (var key in _instanceOrder)
            {
                if (Matches(_instances[key.Id], query))
                    total++;
            }

            foreach (var key in walk)
            {
                if (afterKey is { } k && ListKey.Comparer.Compare(key, k) <= 0)
                    continue;
                var record = _instances[key.Id];
                if (!Matches(record, query))
                    continue;
                if (items.Count == pageSize)
                {
                    more = true;
                    break;
                }

                items.Add(record);
            }

            var next = more ? new PageCursor(items[^1].CreatedAt, items[^1].Id) : null;
            return Task.FromResult(new InstancePage(items, next, total));
        }
    }

    /// <inheritdoc/>
    public Task<OperationRecord?> GetOperationAsync(Guid id, CancellationToken cancellationToken)
    {
        lock (_gate)
            return Task.FromResult(_operations.GetValueOrDefault(id));
    }

    /// <inheritdoc/>
    public Task<OperationRecord?> FindOperationByRequestIdAsync(string requestId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(requestId))
            return Task.FromResult<OperationRecord?>(null);
        lock (_gate)
        {
            return Task.FromResult(_operationsByRequest.TryGetValue(requestId, out var id)
                ? _operations.GetValueOrDefault(id)
                : null);
        }
    }

    /// <inheritdoc/>
    public Task<OperationPage> ListOperationsAsync(OperationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var pageSize = Math.Clamp(query.PageSize, 1, MaxPageSize);
        lock (_gate)
        {
            var before = query.Before is { } b ? new ListKey(b.Time.UtcTicks, b.Id) : (ListKey?)null;
            var matches = _operations.Values
                .Where(o => query.InstanceId is not { } instance || o.InstanceId == instance)
                .Where(o => query.States is not { Count: > 0 } states || states.Contains(o.State))
                .Select(o => (Key: new ListKey(o.CreatedAt.UtcTicks, o.Id), Record: o))
                .Where(m => before is not { } k || ListKey.Comparer.Compare(m.Key, k) < 0)
                .OrderByDescending(m => m.Key, ListKey.Comparer)
                .Take(pageSize + 1)
                .Select(m => m.Record)
                .ToList();
            PageCursor? next = null;
            if (matches.Count > pageSize)
            {
                matches.RemoveAt(pageSize);
                next = new PageCursor(matches[^1].CreatedAt, matches[^1].Id);
            }

            return Task.FromResult(new OperationPage(matches, next));
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<DriverEvent>> ReadEventsAsync(long afterSequence, int max, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            // Sequences are 1..Count without gaps, so a sequence is its index + 1.
            var start = (int)Math.Clamp(afterSequence, 0, _events.Count);
            var count = Math.Clamp(max, 0, _events.Count - start);
            return Task.FromResult<IReadOnlyList<DriverEvent>>(_events.GetRange(start, count));
        }
    }

    /// <inheritdoc/>
    public Task<long> LastSequenceAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
            return Task.FromResult((long)_events.Count);
    }

    /// <inheritdoc/>
    public Task<VolumeRecord?> GetVolumeAsync(Guid id, CancellationToken cancellationToken)
    {
        lock (_gate)
            return Task.FromResult(_volumes.GetValueOrDefault(id));
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<VolumeRecord>> ListVolumesAsync(string host, bool includeDeleted, CancellationToken cancellationToken)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<VolumeRecord>>([.. _volumes.Values
                .Where(v => (includeDeleted || v.Status != VolumeStatus.Deleted) && (string.IsNullOrEmpty(host) || v.Host == host))
                .OrderBy(v => v.CreatedAt).ThenBy(v => v.Id)]);
    }

    /// <inheritdoc/>
    public Task<NetworkRecord?> GetNetworkAsync(Guid id, CancellationToken cancellationToken)
    {
        lock (_gate)
            return Task.FromResult(_networks.GetValueOrDefault(id));
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<NetworkRecord>> ListNetworksAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<NetworkRecord>>([.. _networks.Values.OrderBy(n => n.CreatedAt).ThenBy(n => n.Id)]);
    }

    private static bool Matches(InstanceRecord record, InstanceQuery query) =>
        (query.IncludeDeleted || record.State != InstanceState.Deleted)
        && (string.IsNullOrEmpty(query.Host) || record.Host == query.Host)
        && (query.States is not { Count: > 0 } states || states.Contains(record.State))
        && (string.IsNullOrEmpty(query.NameContains) || record.Name.Contains(query.NameContains, StringComparison.OrdinalIgnoreCase));

    private static bool HoldsName(InstanceRecord record, string host, string name) =>
        record.State != InstanceState.Deleted && record.Host == host && record.Name == name;

    private void RequireNameFree(InstanceRecord record, Dictionary<Guid, InstanceRecord> staged)
    {
        if (record.State == InstanceState.Deleted)
            return;
        var taken = staged.Values.Any(other => other.Id != record.Id && HoldsName(other, record.Host, record.Name))
            || (_liveNames.TryGetValue((record.Host, record.Name), out var holder) && holder != record.Id
                && (!staged.TryGetValue(holder, out var restaged) || HoldsName(restaged, record.Host, record.Name)));
        if (taken)
            throw Errors.ConflictError.NameInUse(record.Name, record.Host);
    }

    private void ApplyInstance(InstanceRecord record)
    {
        if (_instances.TryGetValue(record.Id, out var old))
        {
            _instanceOrder.Remove(new ListKey(old.CreatedAt.UtcTicks, old.Id));
            if (old.State != InstanceState.Deleted)
                _liveNames.Remove((old.Host, old.Name));
        }

        _instances[record.Id] = record;
        _instanceOrder.Add(new ListKey(record.CreatedAt.UtcTicks, record.Id));
        if (record.State != InstanceState.Deleted)
            _liveNames[(record.Host, record.Name)] = record.Id;
    }

    private void ApplyOperation(OperationRecord operation)
    {
        if (_operations.TryGetValue(operation.Id, out var old) && old.RequestId.Length > 0)
            _operationsByRequest.Remove(old.RequestId);
        _operations[operation.Id] = operation;
        if (operation.RequestId.Length > 0)
            _operationsByRequest[operation.RequestId] = operation.Id;
    }
}
