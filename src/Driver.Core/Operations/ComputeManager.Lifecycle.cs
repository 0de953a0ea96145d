using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.Events;
using PowerDrivers.Driver.Core.Model;
using PowerDrivers.Driver.Core.Placement;
using PowerDrivers.Driver.Core.States;
using PowerDrivers.Driver.Core.Store;
using PowerDrivers.Driver.Core.Validation;

namespace PowerDrivers.Driver.Core.Operations;

public sealed partial class ComputeManager
{
    /// <summary>
    /// Validates the spec, places it (when no host is named), asks the host's backend to admit it, records the
    /// instance (BUILDING) and starts the create operation; with <paramref name="start"/> the instance is
    /// powered on after it is defined.
    /// </summary>
    public async Task<OperationRecord> CreateAsync(InstanceSpec spec, bool start, string requestId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (await FindByRequestIdAsync(requestId, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return existing;
        }

        SpecValidator.EnsureValid(spec);
        if (spec.Host.Length == 0)
        {
            var hosts = await ListHostsAsync(cancellationToken).ConfigureAwait(false);
            spec = spec with { Host = PlacementPolicy.Choose(spec, hosts).Name };
        }

        var backend = _backends.For(spec.Host);
        EnsureAvailable(backend, spec.Host);
        await backend.ValidateCreateAsync(spec, cancellationToken).ConfigureAwait(false);

        var now = _time.GetUtcNow();
        var op = NewOperation(OperationKind.Create, Guid.NewGuid(), spec.Host, requestId, now);
        var record = new InstanceRecord
        {
            Id = op.InstanceId,
            Spec = spec,
            Backend = backend.Kind,
            State = InstanceState.Building,
            ActiveOperationId = op.Id,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await CommitAsync(new ChangeSet(InsertInstance: record, Operation: op, Events:
        [
            Event(EventKind.InstanceCreated, record, null, op, $"instance {spec.Name} created on {spec.Host}"),
            Event(EventKind.OperationStarted, record, null, op, "create accepted"),
        ]), cancellationToken).ConfigureAwait(false);

        Launch(op, record, InstanceAction.Create, async (r, ctx, ct) =>
        {
            var created = await backend.CreateAsync(r, ctx, ct).ConfigureAwait(false);
            if (!start)
            {
                return created;
            }

            await ApplyAsync(r.Id, op.Id, x => x with { State = InstanceState.Starting, NativeState = created.NativeState, NativeId = created.NativeId }, ct).ConfigureAwait(false);
            ctx.Report("powering on", 50);
            var current = await GetInstanceAsync(r.Id, ct).ConfigureAwait(false);
            return await backend.StartAsync(current, ctx, ct).ConfigureAwait(false);
        });
        return op;
    }

    /// <summary>Renames (on the platform too) and/or replaces metadata. <paramref name="expectedVersion"/> 0 = any.</summary>
    public async Task<InstanceRecord> UpdateAsync(Guid id, string? newName, IReadOnlyDictionary<string, string>? metadata, long expectedVersion, CancellationToken cancellationToken)
    {
        var record = await GetInstanceAsync(id, cancellationToken).ConfigureAwait(false);
        if (expectedVersion != 0 && record.Version != expectedVersion)
        {
            throw new ConflictError($"instance {id} is at version {record.Version}, not {expectedVersion}");
        }

        if (record.State == InstanceState.Deleted)
        {
            throw new InvalidStateError(id.ToString(), record.State, InstanceAction.Resize, ErrorReasons.InvalidState, $"instance {id} is deleted");
        }

        var spec = record.Spec with { Metadata = metadata ?? record.Spec.Metadata };
        var violations = new List<FieldViolation>();
        if (newName is not null && newName != record.Name)
        {
            SpecValidator.ValidateName(newName, "name", violations);
            spec = spec with { Name = newName };
        }

        violations.AddRange(SpecValidator.Validate(spec, "").Where(v => v.Field.StartsWith(".metadata", StringComparison.Ordinal))
            .Select(v => v with { Field = v.Field[1..] }));
        if (violations.Count > 0)
        {
            throw new InvalidSpecError(violations);
        }

        var updated = record with { Spec = spec };
        if (spec.Name != record.Name)
        {
            if (record.ActiveOperationId is not null)
            {
                throw new InvalidStateError(id.ToString(), record.State, InstanceAction.Resize, ErrorReasons.InvalidState,
                    $"cannot rename instance {id} while an operation is in progress");
            }

            var backend = _backends.For(record.Host);
            EnsureAvailable(backend, record.Host);
            var obs = await backend.RenameAsync(record, spec.Name, cancellationToken).ConfigureAwait(false);
            updated = updated with { NativeState = obs.NativeState, NativeId = obs.NativeId };
        }

        updated = Bump(updated);
        await CommitAsync(new ChangeSet(UpdateInstance: updated, Events:
            [Event(EventKind.InstanceUpdated, updated, null, null, "instance updated")]), cancellationToken).ConfigureAwait(false);
        return updated;
    }

    /// <summary>Deletes; a running instance needs <paramref name="force"/>.</summary>
    public Task<OperationRecord> DeleteAsync(Guid id, bool force, string requestId, CancellationToken cancellationToken) =>
        BeginAsync(id, force ? InstanceAction.ForceDelete : InstanceAction.Delete, OperationKind.Delete, requestId, null,
            async (b, r, ctx, ct) =>
            {
                await b.DeleteAsync(r, ctx, ct).ConfigureAwait(false);
                await ReleaseVolumesAsync(r, ct).ConfigureAwait(false);
                return null;
            }, cancellationToken);

    /// <summary>Powers on.</summary>
    public Task<OperationRecord> StartAsync(Guid id, string requestId, CancellationToken cancellationToken) =>
        BeginAsync(id, InstanceAction.Start, OperationKind.Start, requestId, null,
            (b, r, ctx, ct) => b.StartAsync(r, ctx, ct)!, cancellationToken);

    /// <summary>Powers off, soft (with timeout, then hard) or hard.</summary>
    public Task<OperationRecord> StopAsync(Guid id, StopMode mode, TimeSpan? timeout, string requestId, CancellationToken cancellationToken)
    {
        var wait = timeout ?? _options.DefaultStopTimeout;
        if (wait < TimeSpan.Zero || wait > _options.MaxStopTimeout)
        {
            throw new InvalidSpecError("timeout", $"must be between 0 and {_options.MaxStopTimeout.TotalSeconds:0} seconds (got {wait.TotalSeconds:0.###})");
        }

        var action = mode == StopMode.Soft ? InstanceAction.StopSoft : InstanceAction.StopHard;
        return BeginAsync(id, action, OperationKind.Stop, requestId, null,
            (b, r, ctx, ct) => b.StopAsync(r, mode, wait, ctx, ct)!, cancellationToken);
    }

    /// <summary>Restarts, soft or hard.</summary>
    public Task<OperationRecord> RebootAsync(Guid id, RebootMode mode, string requestId, CancellationToken cancellationToken) =>
        BeginAsync(id, mode == RebootMode.Soft ? InstanceAction.RebootSoft : InstanceAction.RebootHard, OperationKind.Reboot, requestId, null,
            (b, r, ctx, ct) => b.RebootAsync(r, mode, ctx, ct)!, cancellationToken);

    /// <summary>Freezes in memory.</summary>
    public Task<OperationRecord> PauseAsync(Guid id, string requestId, CancellationToken cancellationToken) =>
        BeginAsync(id, InstanceAction.Pause, OperationKind.Pause, requestId, null, (b, r, ctx, ct) => b.PauseAsync(r, ctx, ct)!, cancellationToken);

    /// <summary>Continues from pause.</summary>
    public Task<OperationRecord> UnpauseAsync(Guid id, string requestId, CancellationToken cancellationToken) =>
        BeginAsync(id, InstanceAction.Unpause, OperationKind.Unpause, requestId, null, (b, r, ctx, ct) => b.UnpauseAsync(r, ctx, ct)!, cancellationToken);

    /// <summary>Saves state and stops.</summary>
    public Task<OperationRecord> SuspendAsync(Guid id, string requestId, CancellationToken cancellationToken) =>
        BeginAsync(id, InstanceAction.Suspend, OperationKind.Suspend, requestId, null, (b, r, ctx, ct) => b.SuspendAsync(r, ctx, ct)!, cancellationToken);

    /// <summary>Restores saved state.</summary>
    public Task<OperationRecord> ResumeAsync(Guid id, string requestId, CancellationToken cancellationToken) =>
        BeginAsync(id, InstanceAction.Resume, OperationKind.Resume, requestId, null, (b, r, ctx, ct) => b.ResumeAsync(r, ctx, ct)!, cancellationToken);

    /// <summary>Changes processors and/or memory (null = unchanged); ends in RESIZE_VERIFY.</summary>
    public async Task<OperationRecord> ResizeAsync(Guid id, ProcessorSpec? processors, MemorySpec? memory, string requestId, CancellationToken cancellationToken)
    {
        if (processors is null && memory is null)
        {
            throw new InvalidSpecError("processors", "give new processors, new memory, or both");
        }

        var record = await GetInstanceAsync(id, cancellationToken).ConfigureAwait(false);
        var newSpec = record.Spec with { Processors = processors ?? record.Spec.Processors, Memory = memory ?? record.Spec.Memory };
        var violations = SpecValidator.Validate(newSpec, "").Select(v => v with { Field = v.Field.TrimStart('.') }).ToList();
        if (violations.Count > 0)
        {
            throw new InvalidSpecError(violations);
        }

        if (newSpec == record.Spec)
        {
            throw new InvalidSpecError("processors", "the new size equals the current size");
        }

        return await BeginAsync(id, InstanceAction.Resize, OperationKind.Resize, requestId,
            (b, r, ct) => b.ValidateResizeAsync(r, newSpec, ct),
            (b, r, ctx, ct) => b.ResizeAsync(r, newSpec, ctx, ct)!, cancellationToken,
            onStart: r => r with { StateBeforeResize = r.State },
            onSuccess: r => r with { PreviousSpec = r.Spec, Spec = newSpec }).ConfigureAwait(false);
    }

    /// <summary>Keeps the new size.</summary>
    public Task<OperationRecord> ConfirmResizeAsync(Guid id, string requestId, CancellationToken cancellationToken) =>
        BeginAsync(id, InstanceAction.ConfirmResize, OperationKind.ConfirmResize, requestId, null,
            (b, r, ctx, ct) => Task.FromResult<BackendObservation?>(null), cancellationToken,
            onSuccess: r => r with { PreviousSpec = null, StateBeforeResize = null });

    /// <summary>Restores the previous size.</summary>
    public Task<OperationRecord> RevertResizeAsync(Guid id, string requestId, CancellationToken cancellationToken) =>
        BeginAsync(id, InstanceAction.RevertResize, OperationKind.RevertResize, requestId, null,
            (b, r, ctx, ct) => b.ResizeAsync(r, r.PreviousSpec ?? r.Spec, ctx, ct)!, cancellationToken,
            onSuccess: r => r with { Spec = r.PreviousSpec ?? r.Spec, PreviousSpec = null, StateBeforeResize = null });

    /// <summary>The platform's own description of the instance (see <see cref="IComputeBackend.DescribeNativeAsync"/>).</summary>
    public async Task<NativeDescription> DescribeNativeAsync(Guid id, CancellationToken cancellationToken)
    {
        var record = await GetInstanceAsync(id, cancellationToken).ConfigureAwait(false);
        if (record.State == InstanceState.Deleted)
        {
            throw new InvalidStateError(id.ToString(), record.State, InstanceAction.Start, ErrorReasons.InvalidState,
                $"instance {id} is deleted: the platform no longer has it");
        }

        var backend = _backends.For(record.Host);
        EnsureAvailable(backend, record.Host);
        return await backend.DescribeNativeAsync(record, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>How to reach the console.</summary>
    public async Task<ConsoleInfo> GetConsoleAsync(Guid id, ConsoleType? type, CancellationToken cancellationToken)
    {
        var record = await GetInstanceAsync(id, cancellationToken).ConfigureAwait(false);
        var backend = _backends.For(record.Host);
        EnsureAvailable(backend, record.Host);
        var caps = backend.GetCapabilities(record.Host);
        if (type is { } t && !caps.ConsoleTypes.Contains(t))
        {
            throw new UnsupportedError($"console_{t.ToString().ToLowerInvariant()}", backend.Kind,
                caps.Unsupported.TryGetValue($"console_{t.ToString().ToLowerInvariant()}", out var why) ? why
                : $"consoles offered: {string.Join(", ", caps.ConsoleTypes)}");
        }

        if (record.State is not (InstanceState.Running or InstanceState.Paused or InstanceState.ResizeVerify or InstanceState.Rebooting))
        {
            throw new InvalidStateError(id.ToString(), record.State, InstanceAction.Start, ErrorReasons.InvalidState,
                $"instance {id} has no console while it is {InvalidStateError.Words(record.State)}");
        }

        return await backend.GetConsoleAsync(record, type, cancellationToken).ConfigureAwait(false);
    }
}
