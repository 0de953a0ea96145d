using Microsoft.Extensions.Logging;
using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.Events;
using PowerDrivers.Driver.Core.Model;
using PowerDrivers.Driver.Core.States;
using PowerDrivers.Driver.Core.Storage;
using PowerDrivers.Driver.Core.Store;

namespace PowerDrivers.Driver.Core.Operations;

public sealed partial class ComputeManager
{
    /// <summary>
    /// Run once at start-up, before new work: operations a previous process left unfinished are failed (their
    /// instances take the state the platform reports, or ERROR when it cannot say), and every live instance on an
    /// available host is compared with the platform — a changed state or an instance gone behind the driver's back
    /// is recorded with an INSTANCE_DRIFTED event, never silently dropped.
    /// </summary>
    public async Task<ReconcileReport> ReconcileAsync(CancellationToken cancellationToken)
    {
        var interrupted = 0;
        var drifted = 0;
        PageCursor? before = null;
        do
        {
            var page = await _store.ListOperationsAsync(new OperationQuery(null, [OperationState.Pending, OperationState.Running], 500, before), cancellationToken).ConfigureAwait(false);
            foreach (var op in page.Items.Where(o => !_running.ContainsKey(o.Id)))
            {
                var error = new BackendFailureError("driver", $"{op.Kind} was interrupted by a driver restart");
                if (op.InstanceId == Guid.Empty)
                {
                    // Work on a volume alone (create, delete): its volume is settled below.
                    var done = Finished(op, error, _time.GetUtcNow());
                    await CommitAsync(new ChangeSet(Operation: done), cancellationToken).ConfigureAwait(false);
                    interrupted++;
                    continue;
                }

                var record = await _store.GetInstanceAsync(op.InstanceId, cancellationToken).ConfigureAwait(false);
                var observed = record is null ? null : await ObserveForReconcileAsync(record, cancellationToken).ConfigureAwait(false);
                await FinishAsync(op.Id, op.InstanceId, error, r => Correct(r, observed, error.Message), cancellationToken).ConfigureAwait(false);
                interrupted++;
            }

            before = page.Next;
        }
        while (before is not null);

        await SettleVolumesAsync(cancellationToken).ConfigureAwait(false);

        PageCursor? after = null;
        do
        {
            var page = await _store.ListInstancesAsync(new InstanceQuery("", [], "", 500, after, false), cancellationToken).ConfigureAwait(false);
            foreach (var record in page.Items.Where(r => r.ActiveOperationId is null && r.State != InstanceState.Error))
            {
                var observed = await ObserveForReconcileAsync(record, cancellationToken).ConfigureAwait(false);
                if (observed is { Found: false } || (observed is { Observation: { } o } && !InstanceStateMachine.Agrees(record.State, o.State, record.StateBeforeResize)))
                {
                    var corrected = Bump(Correct(record, observed, "the platform changed the instance behind the driver's back"));
                    await CommitAsync(new ChangeSet(UpdateInstance: corrected, Events:
                    [
                        Event(EventKind.InstanceDrifted, corrected, record.State, null,
                            observed.Value.Found ? $"platform reports {observed.Value.Observation!.NativeState}" : "instance no longer exists on the platform"),
                    ]), cancellationToken).ConfigureAwait(false);
                    drifted++;
                }
            }

            after = page.Next;
        }
        while (after is not null);

        return new ReconcileReport(interrupted, drifted);
    }

    /// <summary>
    /// Volumes whose operation ended with a previous process, or whose instance is gone, get a status that matches the
    /// records: an interrupted create or delete is ERROR (the platform may hold part of it); an interrupted attach or
    /// detach is IN_USE when the instance records the attachment and AVAILABLE when it does not.
    /// </summary>
    private async Task SettleVolumesAsync(CancellationToken ct)
    {
        foreach (var v in await _store.ListVolumesAsync("", false, ct).ConfigureAwait(false))
        {
            if (v.ActiveOperationId is { } opId && _running.ContainsKey(opId))
                continue;
            var instance = v.InstanceId is { } id ? await _store.GetInstanceAsync(id, ct).ConfigureAwait(false) : null;
            var attached = instance is { State: not InstanceState.Deleted } && instance.Volumes.Any(a => a.VolumeId == v.Id);
            VolumeRecord? next = v.Status switch
            {
                VolumeStatus.Creating or VolumeStatus.Deleting => v with
                {
                    Status = VolumeStatus.Error,
                    Fault = $"{InvalidStateError.Words(v.Status)} was interrupted by a driver restart; the platform may hold part of it",
                },
                VolumeStatus.Attaching or VolumeStatus.Detaching or VolumeStatus.InUse when !attached => v with { Status = VolumeStatus.Available, InstanceId = null },
                VolumeStatus.Attaching or VolumeStatus.Detaching => v with { Status = VolumeStatus.InUse },
                _ when v.ActiveOperationId is not null => v,
                _ => null,
            };
            if (next is not null)
            {
                await CommitAsync(new ChangeSet(Volume: VolumeBump(next) with { ActiveOperationId = null }), ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The record corrected to the observation: its state, or ERROR with a fault when the platform lost it or cannot say.</summary>
    private InstanceRecord Correct(InstanceRecord r, (bool Found, BackendObservation? Observation)? observed, string why)
    {
        if (observed is { Found: true, Observation: { } o })
        {
            return r with { State = o.State, NativeState = o.NativeState, NativeId = o.NativeId, Allocation = o.Allocation };
        }

        var message = observed is { Found: false } ? $"{why}: the instance no longer exists on the platform" : why;
        return r with { State = InstanceState.Error, Allocation = Allocation.None, Fault = new InstanceFault(ErrorReasons.BackendFailure, message, _time.GetUtcNow()) };
    }

    /// <summary>(true, observation) when found, (false, null) when the platform says it is gone, null when it cannot say.</summary>
    private async Task<(bool Found, BackendObservation? Observation)?> ObserveForReconcileAsync(InstanceRecord record, CancellationToken ct)
    {
        if (!_backends.Contains(record.Host))
        {
            return null;
        }

        var backend = _backends.For(record.Host);
        if (backend.GetUnavailableReason(record.Host) is not null)
        {
            return null;
        }

        try
        {
            var o = await backend.ObserveAsync(record, ct).ConfigureAwait(false);
            return (o is not null, o);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _log.LogWarning(ex, "could not observe instance {Instance} during reconcile", record.Id);
            return null;
        }
    }
}
