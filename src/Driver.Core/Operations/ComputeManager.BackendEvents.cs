using Microsoft.Extensions.Logging;
using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.Events;
using PowerDrivers.Driver.Core.States;
using PowerDrivers.Driver.Core.Store;

namespace PowerDrivers.Driver.Core.Operations;

public sealed partial class ComputeManager
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Consumes the change feed of every backend that has one (<see cref="IBackendEventSource"/>) until cancelled: an
    /// instance the platform changed or deleted behind the driver's back is corrected at once with an INSTANCE_DRIFTED
    /// event, as reconcile would. Instances with an operation in flight are left to the operation. A feed that fails is
    /// logged and read again after a bounded backoff; it never ends the process.
    /// </summary>
    public Task RunBackendEventsAsync(CancellationToken cancellationToken)
    {
        var sources = _backends.Hosts.Select(_backends.For).Distinct().OfType<IBackendEventSource>().ToList();
        return Task.WhenAll(sources.Select(s => RunSourceAsync(s, cancellationToken)));
    }

    private async Task RunSourceAsync(IBackendEventSource source, CancellationToken ct)
    {
        var delay = FirstRetryDelay;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await foreach (var change in source.WatchStateChangesAsync(ct).ConfigureAwait(false))
                {
                    delay = FirstRetryDelay;
                    await ApplyBackendChangeAsync(change, ct).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                _log.LogWarning(ex, "backend event feed failed; reading it again in {Delay}", delay);
            }

            try
            {
                await Task.Delay(delay, _time, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
        }
    }

    /// <summary>
    /// Corrects the live instance the change is about, when the driver knows it, no operation owns it and the platform,
    /// asked again, confirms a different state (or that the instance is gone). True when a correction was committed.
    /// </summary>
    internal async Task<bool> ApplyBackendChangeAsync(BackendStateChange change, CancellationToken ct)
    {
        if (change.NativeId.Length == 0 || !_backends.Contains(change.Host))
        {
            return false;
        }

        for (var attempt = 0; ; attempt++)
        {
            var record = await FindByNativeIdAsync(change.Host, change.NativeId, ct).ConfigureAwait(false);
            if (record is null || record.ActiveOperationId is not null || record.State == InstanceState.Error)
            {
                // Unknown to the driver, or an operation is in flight and will record its own outcome.
                return false;
            }

            if (change.Observation is { } reported && InstanceStateMachine.Agrees(record.State, reported.State, record.StateBeforeResize))
            {
                return false;
            }

            // The feed's observation may predate an operation that ran since; ask the platform again now that the
            // record is read (a commit after that conflicts if an operation starts meanwhile, and is looked at again).
            var observed = await ObserveForReconcileAsync(record, ct).ConfigureAwait(false);
            if (observed is null || (observed is { Observation: { } o } && InstanceStateMachine.Agrees(record.State, o.State, record.StateBeforeResize)))
            {
                return false;
            }

            var corrected = Bump(Correct(record, observed, "the platform changed the instance behind the driver's back"));
            try
            {
                await CommitAsync(new ChangeSet(UpdateInstance: corrected, Events:
                [
                    Event(EventKind.InstanceDrifted, corrected, record.State, null,
                        observed.Value.Found ? $"platform reports {observed.Value.Observation!.NativeState}" : "instance no longer exists on the platform"),
                ]), ct).ConfigureAwait(false);
                return true;
            }
            catch (ConflictError) when (attempt < 5)
            {
                // Another writer (an operation starting, a metadata update) got in first: look again.
            }
        }
    }

    /// <summary>
    /// The live instance on <paramref name="host"/> with <paramref name="nativeId"/>. The store has no index by native id,
    /// so this scans the host's instances page by page — acceptable for the few hundred instances a host carries and
    /// the rate at which a platform changes them.
    /// </summary>
    private async Task<InstanceRecord?> FindByNativeIdAsync(string host, string nativeId, CancellationToken ct)
    {
        PageCursor? after = null;
        do
        {
            var page = await _store.ListInstancesAsync(new InstanceQuery(host, [], "", 500, after, false), ct).ConfigureAwait(false);
            if (page.Items.FirstOrDefault(r => string.Equals(r.NativeId, nativeId, StringComparison.Ordinal)) is { } found)
            {
                return found;
            }

            after = page.Next;
        }
        while (after is not null);

        return null;
    }
}
