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
    private delegate Task<BackendObservation?> Work(IComputeBackend backend, InstanceRecord instance, IOperationContext context, CancellationToken cancellationToken);

    private delegate Task<BackendObservation?> RunWork(InstanceRecord instance, IOperationContext context, CancellationToken cancellationToken);

    /// <summary>The capability an action needs, with its snake-case name, or null when every backend has it.</summary>
    private static (string Name, Func<Capabilities, bool> Has)? RequiredCapability(InstanceAction action) => action switch
    {
        InstanceAction.StopSoft => ("soft_stop", c => c.SoftStop),
        InstanceAction.RebootSoft => ("soft_reboot", c => c.SoftReboot),
        InstanceAction.Pause or InstanceAction.Unpause => ("pause", c => c.Pause),
        InstanceAction.Suspend or InstanceAction.Resume => ("suspend", c => c.Suspend),
        _ => null,
    };

    private async Task<OperationRecord> BeginAsync(
        Guid id, InstanceAction action, OperationKind kind, string requestId,
        Func<IComputeBackend, InstanceRecord, CancellationToken, Task>? validate, Work work, CancellationToken cancellationToken,
        Func<InstanceRecord, InstanceRecord>? onStart = null, Func<InstanceRecord, InstanceRecord>? onSuccess = null,
        VolumeRecord? volume = null, Func<bool, VolumeRecord?>? volumeAfter = null, Guid? volumeId = null)
    {
        if (await FindByRequestIdAsync(requestId, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return existing;
        }

        var record = await GetInstanceAsync(id, cancellationToken).ConfigureAwait(false);
        var transition = InstanceStateMachine.Require(id.ToString(), record.State, action);
        if (record.ActiveOperationId is { } active)
        {
            // Pause, unpause and confirm keep a steady state while they run: the table alone cannot see them.
            throw new InvalidStateError(id.ToString(), record.State, action, ErrorReasons.InvalidState,
                $"cannot {InvalidStateError.Words(action)} instance {id}: operation {active} is in progress");
        }

        var backend = _backends.For(record.Host);
        EnsureAvailable(backend, record.Host);
        if (RequiredCapability(action) is { } needed)
        {
            var caps = backend.GetCapabilities(record.Host);
            if (!needed.Has(caps))
            {
                throw new UnsupportedError(needed.Name, backend.Kind,
                    caps.Unsupported.TryGetValue(needed.Name, out var why) ? why : "the backend does not declare this capability");
            }
        }

        if (validate is not null)
        {
            await validate(backend, record, cancellationToken).ConfigureAwait(false);
        }

        var now = _time.GetUtcNow();
        var op = NewOperation(kind, id, record.Host, requestId, now) with { VolumeId = volumeId ?? volume?.Id };
        var during = Bump((onStart?.Invoke(record) ?? record) with { State = transition.During, ActiveOperationId = op.Id });
        var events = new List<DriverEvent> { Event(EventKind.OperationStarted, during, null, op, $"{kind} accepted") };
        if (during.State != record.State)
        {
            events.Add(Event(EventKind.InstanceStateChanged, during, record.State, op, $"{InvalidStateError.Words(record.State)} -> {InvalidStateError.Words(during.State)}"));
        }

        await CommitAsync(new ChangeSet(UpdateInstance: during, Operation: op, Events: events,
            Volume: volume is null ? null : volume with { ActiveOperationId = op.Id }), cancellationToken).ConfigureAwait(false);
        Launch(op, during, action, (r, ctx, ct) => work(backend, r, ctx, ct), record.State, transition, onSuccess, volumeAfter);
        return op;
    }

    private void Launch(OperationRecord op, InstanceRecord record, InstanceAction action,
        Func<InstanceRecord, IOperationContext, CancellationToken, Task<BackendObservation>> create) =>
        Launch(op, record, action, async (r, ctx, ct) => await create(r, ctx, ct).ConfigureAwait(false), null, InstanceStateMachine.Create, null);

    private void Launch(OperationRecord op, InstanceRecord record, InstanceAction action, RunWork work,
        InstanceState? before, Transition transition, Func<InstanceRecord, InstanceRecord>? onSuccess, Func<bool, VolumeRecord?>? volumeAfter = null)
    {
        var task = Task.Run(() => RunAsync(op, record, action, work, before, transition, onSuccess, volumeAfter), CancellationToken.None);
        _running[op.Id] = task;
        _ = task.ContinueWith(_ => _running.TryRemove(op.Id, out Task? _), TaskScheduler.Default);
    }

    private async Task RunAsync(OperationRecord op, InstanceRecord record, InstanceAction action, RunWork work,
        InstanceState? before, Transition transition, Func<InstanceRecord, InstanceRecord>? onSuccess, Func<bool, VolumeRecord?>? volumeAfter)
    {
        var ct = _shutdown.Token;
        var backend = _backends.For(record.Host);
        var context = new OperationContext(op.Id, (step, percent) => ProgressAsync(op.Id, record.Id, step, percent, ct));
        try
        {
            var observed = await work(record, context, ct).ConfigureAwait(false);
            await context.DrainAsync().ConfigureAwait(false);
            await FinishAsync(op.Id, record.Id, null, r =>
            {
                var state = action == InstanceAction.Create
                    ? observed?.State ?? InstanceState.Stopped
                    : InstanceStateMachine.SuccessState(transition, action, r.StateBeforeResize);
                var next = (onSuccess?.Invoke(r) ?? r) with { State = state, Fault = null };
                if (state == InstanceState.Deleted)
                {
                    // Gone from the platform: no native state, nothing held, no devices.
                    return next with { NativeState = "", Allocation = Allocation.None, Volumes = [], Interfaces = [] };
                }

                return observed is null ? next : next with { NativeState = observed.NativeState, NativeId = observed.NativeId, Allocation = observed.Allocation };
            }, ct, volumeAfter?.Invoke(true)).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await context.DrainAsync().ConfigureAwait(false);
            var error = ex as DriverError ?? new BackendFailureError(backend.Kind, $"{backend.Kind} failed: {ex.Message}", inner: ex);
            if (ex is not DriverError)
            {
                _log.LogError(ex, "operation {Operation} ({Kind}) on instance {Instance} failed unexpectedly", op.Id, op.Kind, record.Id);
            }

            var observed = await TryObserveAsync(backend, record, ct).ConfigureAwait(false);
            try
            {
                await FinishAsync(op.Id, record.Id, error, r => AfterFailure(r, action, before, observed, error), CancellationToken.None,
                    volumeAfter?.Invoke(false)).ConfigureAwait(false);
            }
            catch (Exception commitError)
            {
                _log.LogError(commitError, "could not record the failure of operation {Operation}", op.Id);
            }
        }
    }

    /// <summary>The instance after a failed operation: what the platform reports, else the state before, else ERROR.</summary>
    private InstanceRecord AfterFailure(InstanceRecord r, InstanceAction action, InstanceState? before, BackendObservation? observed, DriverError error)
    {
        var fault = new InstanceFault(error.Reason, error.Message, _time.GetUtcNow());
        if (action == InstanceAction.Create)
        {
            return r with { State = InstanceState.Error, Fault = fault, NativeState = observed?.NativeState ?? "", Allocation = Allocation.None };
        }

        if (observed is not null)
        {
            var state = InstanceStateMachine.IsTransitional(observed.State) ? before ?? InstanceState.Error : observed.State;
            if (before == InstanceState.ResizeVerify && state is InstanceState.Running or InstanceState.Stopped)
            {
                state = InstanceState.ResizeVerify;
            }

            return r with { State = state, NativeState = observed.NativeState, Allocation = observed.Allocation, Fault = state == InstanceState.Error ? fault : r.Fault };
        }

        return action is InstanceAction.Delete or InstanceAction.ForceDelete && error is NotFoundError
            ? r with { State = InstanceState.Deleted, NativeState = "", Allocation = Allocation.None, Volumes = [], Interfaces = [] }
            : r with { State = before ?? InstanceState.Error, Fault = before is null ? fault : r.Fault };
    }

    private async Task<BackendObservation?> TryObserveAsync(IComputeBackend backend, InstanceRecord record, CancellationToken ct)
    {
        try
        {
            return await backend.ObserveAsync(record, ct).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _log.LogWarning(ex, "could not observe instance {Instance} after a failure", record.Id);
            return null;
        }
    }

    private async Task FinishAsync(Guid operationId, Guid instanceId, DriverError? error, Func<InstanceRecord, InstanceRecord> change, CancellationToken ct,
        VolumeRecord? volume = null)
    {
        var op = Finished(await GetOperationAsync(operationId, ct).ConfigureAwait(false), error, _time.GetUtcNow());
        await ApplyAsync(instanceId, operationId, r => change(r) with { ActiveOperationId = null }, ct, op,
            error is null ? $"{op.Kind} succeeded" : $"{op.Kind} failed: {error.Message}", volume).ConfigureAwait(false);
    }

    private async Task ProgressAsync(Guid operationId, Guid instanceId, string step, int percent, CancellationToken ct)
    {
        var op = await GetOperationAsync(operationId, ct).ConfigureAwait(false);
        if (op.IsDone)
        {
            return;
        }

        op = op with { State = OperationState.Running, Step = step, Progress = percent, UpdatedAt = _time.GetUtcNow() };
        var record = await GetInstanceAsync(instanceId, ct).ConfigureAwait(false);
        await CommitAsync(new ChangeSet(Operation: op, Events: [Event(EventKind.OperationProgress, record, null, op, step)]), ct).ConfigureAwait(false);
    }

    /// <summary>Read-modify-write of an instance with retry on version conflicts (metadata updates may interleave).</summary>
    private async Task ApplyAsync(Guid instanceId, Guid operationId, Func<InstanceRecord, InstanceRecord> change, CancellationToken ct,
        OperationRecord? finished = null, string message = "", VolumeRecord? volume = null)
    {
        for (var attempt = 0; ; attempt++)
        {
            var current = await GetInstanceAsync(instanceId, ct).ConfigureAwait(false);
            var next = Bump(change(current));
            var events = new List<DriverEvent>();
            if (next.State != current.State)
            {
                events.Add(Event(next.State == InstanceState.Deleted ? EventKind.InstanceDeleted : EventKind.InstanceStateChanged,
                    next, current.State, finished, $"{InvalidStateError.Words(current.State)} -> {InvalidStateError.Words(next.State)}"));
            }

            if (finished is not null)
            {
                events.Add(Event(EventKind.OperationFinished, next, null, finished, message));
            }

            try
            {
                await CommitAsync(new ChangeSet(UpdateInstance: next, Operation: finished, Events: events, Volume: volume), ct).ConfigureAwait(false);
                return;
            }
            catch (ConflictError) when (attempt < 5)
            {
                // Another writer (a metadata update) got in first: re-read and apply again.
            }
        }
    }

    private async Task<OperationRecord?> FindByRequestIdAsync(string requestId, CancellationToken ct) =>
        string.IsNullOrEmpty(requestId) ? null : await _store.FindOperationByRequestIdAsync(requestId, ct).ConfigureAwait(false);

    private static void EnsureAvailable(IComputeBackend backend, string host)
    {
        if (backend.GetUnavailableReason(host) is { } why)
        {
            throw new UnavailableError(host, backend.Kind, why);
        }
    }

    private static OperationRecord NewOperation(OperationKind kind, Guid instanceId, string host, string requestId, DateTimeOffset now) => new()
    {
        Id = Guid.NewGuid(),
        Kind = kind,
        InstanceId = instanceId,
        Host = host,
        State = OperationState.Running,
        Step = "accepted",
        RequestId = requestId ?? "",
        CreatedAt = now,
        UpdatedAt = now,
    };

    private InstanceRecord Bump(InstanceRecord r) => r with { Version = r.Version + 1, UpdatedAt = _time.GetUtcNow() };

    private DriverEvent Event(EventKind kind, InstanceRecord r, InstanceState? previous, OperationRecord? op, string message) => new()
    {
        Time = _time.GetUtcNow(),
        Kind = kind,
        Host = r.Host,
        InstanceId = r.Id,
        OperationId = op?.Id,
        State = r.State,
        PreviousState = previous,
        OperationState = op?.State,
        Message = message,
    };
}
