using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.Events;
using PowerDrivers.Driver.Core.Store;

namespace PowerDrivers.Driver.Core.Operations;

/// <summary>
/// The driver: owns instance records, the state table, operations and events, and calls the backend that
/// serves each host. Every request is checked synchronously (spec, state, capability, backend admission) and
/// refused with a <see cref="DriverError"/> that changes nothing; accepted work becomes an operation that runs
/// in the background and commits its outcome atomically with its events.
/// </summary>
public sealed partial class ComputeManager : IAsyncDisposable
{
    private readonly IDriverStore _store;
    private readonly BackendRegistry _backends;
    private readonly EventHub _hub;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly ComputeManagerOptions _options;
    private readonly ConcurrentDictionary<Guid, Task> _running = new();
    private readonly CancellationTokenSource _shutdown = new();
    private int _disposed;

    /// <summary>Creates the manager.</summary>
    public ComputeManager(IDriverStore store, BackendRegistry backends, EventHub hub, TimeProvider time, ILogger<ComputeManager> log, ComputeManagerOptions? options = null)
    {
        _store = store;
        _backends = backends;
        _hub = hub;
        _time = time;
        _log = log;
        _options = options ?? new ComputeManagerOptions();
    }

    /// <summary>The backends by host.</summary>
    public BackendRegistry Backends => _backends;

    /// <summary>Operations running now (for shutdown and tests).</summary>
    public int RunningOperations => _running.Count;

    /// <summary>One instance; <see cref="NotFoundError"/> when unknown.</summary>
    public async Task<InstanceRecord> GetInstanceAsync(Guid id, CancellationToken cancellationToken) =>
        await _store.GetInstanceAsync(id, cancellationToken).ConfigureAwait(false)
        ?? throw new NotFoundError("instance", id.ToString());

    /// <summary>A page of instances.</summary>
    public Task<InstancePage> ListInstancesAsync(InstanceQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var size = query.PageSize <= 0 ? _options.DefaultPageSize : query.PageSize;
        if (size > _options.MaxPageSize)
        {
            throw new InvalidSpecError("page_size", $"must be at most {_options.MaxPageSize} (got {size})");
        }

        if (query.Host.Length > 0 && !_backends.Contains(query.Host))
        {
            throw new NotFoundError("host", query.Host);
        }

        return _store.ListInstancesAsync(query with { PageSize = size }, cancellationToken);
    }

    /// <summary>One operation; <see cref="NotFoundError"/> when unknown.</summary>
    public async Task<OperationRecord> GetOperationAsync(Guid id, CancellationToken cancellationToken) =>
        await _store.GetOperationAsync(id, cancellationToken).ConfigureAwait(false)
        ?? throw new NotFoundError("operation", id.ToString());

    /// <summary>A page of operations, newest first.</summary>
    public Task<OperationPage> ListOperationsAsync(OperationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var size = query.PageSize <= 0 ? _options.DefaultPageSize : Math.Min(query.PageSize, _options.MaxPageSize);
        return _store.ListOperationsAsync(query with { PageSize = size }, cancellationToken);
    }

    /// <summary>The operation now, then every change, until it ends or the caller cancels.</summary>
    public async IAsyncEnumerable<OperationRecord> WatchOperationAsync(Guid id, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var from = await _store.LastSequenceAsync(cancellationToken).ConfigureAwait(false);
        var current = await GetOperationAsync(id, cancellationToken).ConfigureAwait(false);
        yield return current;
        if (current.IsDone)
        {
            yield break;
        }

        await foreach (var _ in _hub.WatchAsync(_store, from, e => e.OperationId == id, cancellationToken).ConfigureAwait(false))
        {
            var next = await GetOperationAsync(id, cancellationToken).ConfigureAwait(false);
            if (next == current)
            {
                continue;
            }

            current = next;
            yield return current;
            if (current.IsDone)
            {
                yield break;
            }
        }
    }

    /// <summary>Stored events after <paramref name="afterSequence"/> (−1: only new), then live ones, filtered.</summary>
    public IAsyncEnumerable<DriverEvent> WatchEventsAsync(long afterSequence, Func<DriverEvent, bool> filter, CancellationToken cancellationToken) =>
        _hub.WatchAsync(_store, afterSequence, filter, cancellationToken);

    /// <summary>Every host, as its backend reports it.</summary>
    public async Task<IReadOnlyList<HostInfo>> ListHostsAsync(CancellationToken cancellationToken)
    {
        var hosts = await Task.WhenAll(_backends.Hosts.Select(h => _backends.For(h).GetHostAsync(h, cancellationToken))).ConfigureAwait(false);
        return hosts;
    }

    /// <summary>One host; <see cref="NotFoundError"/> when unknown.</summary>
    public Task<HostInfo> GetHostAsync(string name, CancellationToken cancellationToken) =>
        _backends.For(name).GetHostAsync(name, cancellationToken);

    /// <summary>A host's capabilities; <see cref="NotFoundError"/> when unknown.</summary>
    public Capabilities GetCapabilities(string host) => _backends.For(host).GetCapabilities(host);

    /// <summary>Waits for running operations (bounded by the token), then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _shutdown.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_running.Values).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            _log.LogWarning("stopped with {Count} operations still running; they are failed at the next start", _running.Count);
        }

        _shutdown.Dispose();
    }

    /// <summary>Waits until the operation's background work has ended (for tests and shutdown).</summary>
    public Task WaitForOperationAsync(Guid id) => _running.TryGetValue(id, out var t) ? t : Task.CompletedTask;

    private async Task<IReadOnlyList<DriverEvent>> CommitAsync(ChangeSet changes, CancellationToken cancellationToken)
    {
        var committed = await _store.CommitAsync(changes, cancellationToken).ConfigureAwait(false);
        _hub.Publish(committed);
        return committed;
    }
}
