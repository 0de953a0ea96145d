using System.Globalization;
using Microsoft.Extensions.Logging;
using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.Events;
using PowerDrivers.Driver.Core.Model;
using PowerDrivers.Driver.Core.States;
using PowerDrivers.Driver.Core.Storage;
using PowerDrivers.Driver.Core.Store;

namespace PowerDrivers.Driver.Core.Operations;

/// <summary>What a caller asks for when creating a volume.</summary>
/// <param name="Name">1–255 characters.</param>
/// <param name="SizeGb">1–16384 GiB.</param>
/// <param name="Provisioning">Thin or thick.</param>
/// <param name="Host">Host whose storage holds it; empty = bound at first attach.</param>
/// <param name="Metadata">Free-form pairs.</param>
public sealed record VolumeSpec(string Name, long SizeGb, Provisioning Provisioning, string Host, IReadOnlyDictionary<string, string> Metadata);

/// <summary>
/// Volumes, networks and the instance operations that attach them. Attach and detach are instance operations (one at a
/// time per instance, the power state unchanged); the volume record changes in the same commits as the instance.
/// </summary>
public sealed partial class ComputeManager
{
    /// <summary>Largest volume, GiB.</summary>
    public const long MaxVolumeSizeGb = 16384;

    /// <summary>
    /// Records a volume and, when a host is named, creates it on that host's storage (an operation); without a host the
    /// volume is AVAILABLE at once and is created on the host of the first instance it is attached to.
    /// </summary>
    public async Task<OperationRecord> CreateVolumeAsync(VolumeSpec spec, string requestId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (await FindByRequestIdAsync(requestId, cancellationToken).ConfigureAwait(false) is { } existing)
            return existing;

        var violations = new List<FieldViolation>();
        if (string.IsNullOrWhiteSpace(spec.Name) || spec.Name.Length > 255)
            violations.Add(new FieldViolation("name", "must be 1-255 characters"));
        if (spec.SizeGb is < 1 or > MaxVolumeSizeGb)
            violations.Add(new FieldViolation("size_gb", $"must be 1-{MaxVolumeSizeGb} GiB (got {spec.SizeGb})"));
        if (!Enum.IsDefined(spec.Provisioning))
            violations.Add(new FieldViolation("provisioning", "must be THIN or THICK"));
        if (violations.Count > 0)
            throw new InvalidSpecError(violations);

        IComputeBackend? backend = null;
        if (spec.Host.Length > 0)
        {
            backend = _backends.For(spec.Host);
            EnsureAvailable(backend, spec.Host);
            RequireVolumes(backend, spec.Host, spec.Provisioning);
        }

        var now = _time.GetUtcNow();
        var volume = new VolumeRecord
        {
            Id = Guid.NewGuid(),
            Name = spec.Name,
            SizeGb = spec.SizeGb,
            Provisioning = spec.Provisioning,
            Host = spec.Host,
            Backend = backend?.Kind ?? "",
            Status = backend is null ? VolumeStatus.Available : VolumeStatus.Creating,
            Metadata = spec.Metadata,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var op = NewVolumeOperation(OperationKind.CreateVolume, volume, requestId, now);
        if (backend is null)
        {
            op = Finished(op, null, now);
            await CommitAsync(new ChangeSet(Volume: volume, Operation: op, Events:
                [VolumeEvent(EventKind.OperationFinished, volume, op, $"volume {volume.Name} recorded; it is created on the host of its first attach")]), cancellationToken).ConfigureAwait(false);
            return op;
        }

        volume = volume with { ActiveOperationId = op.Id };
        await CommitAsync(new ChangeSet(Volume: volume, Operation: op, Events:
            [VolumeEvent(EventKind.OperationStarted, volume, op, $"creating volume {volume.Name} ({volume.SizeGb} GiB {Words(volume.Provisioning)}) on {volume.Host}")]), cancellationToken).ConfigureAwait(false);
        LaunchVolumeWork(op, volume, async ct =>
        {
            var nativeId = await backend.CreateVolumeAsync(volume, ct).ConfigureAwait(false);
            return v => v with { Status = VolumeStatus.Available, NativeId = nativeId };
        }, error => v => v with { Status = VolumeStatus.Error, Fault = error.Message });
        return op;
    }

    /// <summary>One volume.</summary>
    public async Task<VolumeRecord> GetVolumeAsync(Guid id, CancellationToken cancellationToken) =>
        await _store.GetVolumeAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new NotFoundError("volume", id.ToString());

    /// <summary>Volumes, oldest first.</summary>
    public async Task<IReadOnlyList<VolumeRecord>> ListVolumesAsync(string host, bool includeDeleted, CancellationToken cancellationToken)
    {
        if (host.Length > 0 && !_backends.Contains(host))
            throw new NotFoundError("host", host);
        return await _store.ListVolumesAsync(host, includeDeleted, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes a volume that is not attached: removes it from its host's storage (an operation) when it was created there.</summary>
    public async Task<OperationRecord> DeleteVolumeAsync(Guid id, string requestId, CancellationToken cancellationToken)
    {
        if (await FindByRequestIdAsync(requestId, cancellationToken).ConfigureAwait(false) is { } existing)
            return existing;
        var volume = await GetVolumeAsync(id, cancellationToken).ConfigureAwait(false);
        if (volume.Status == VolumeStatus.Deleted)
            throw new NotFoundError("volume", id.ToString());
        RequireIdle(volume, "delete");
        if (volume.InstanceId is { } holder)
            throw new PreconditionError(ErrorReasons.VolumeInUse, "volume", id.ToString(), $"volume {id} is attached to instance {holder}: detach it first");

        var now = _time.GetUtcNow();
        var op = NewVolumeOperation(OperationKind.DeleteVolume, volume, requestId, now);
        if (volume.NativeId.Length == 0)
        {
            op = Finished(op, null, now);
            var gone = VolumeBump(volume) with { Status = VolumeStatus.Deleted };
            await CommitAsync(new ChangeSet(Volume: gone, Operation: op, Events: [VolumeEvent(EventKind.OperationFinished, gone, op, $"volume {id} deleted")]),
                cancellationToken).ConfigureAwait(false);
            return op;
        }

        var backend = _backends.For(volume.Host);
        EnsureAvailable(backend, volume.Host);
        var deleting = VolumeBump(volume) with { Status = VolumeStatus.Deleting, ActiveOperationId = op.Id };
        await CommitAsync(new ChangeSet(Volume: deleting, Operation: op, Events: [VolumeEvent(EventKind.OperationStarted, deleting, op, $"deleting volume {id}")]),
            cancellationToken).ConfigureAwait(false);
        LaunchVolumeWork(op, deleting, async ct =>
        {
            await backend.DeleteVolumeAsync(deleting, ct).ConfigureAwait(false);
            return v => v with { Status = VolumeStatus.Deleted };
        }, error => v => v with { Status = VolumeStatus.Error, Fault = error.Message });
        return op;
    }

    /// <summary>
    /// Attaches a volume to a running (live) or stopped instance; an unbound volume is created on the instance's host first
    /// and, if the attach then fails, removed again. <paramref name="kind"/> null = the backend's first kind.
    /// </summary>
    public async Task<OperationRecord> AttachVolumeAsync(Guid instanceId, Guid volumeId, AttachmentKind? kind, string requestId, CancellationToken cancellationToken)
    {
        if (await FindByRequestIdAsync(requestId, cancellationToken).ConfigureAwait(false) is { } existing)
            return existing;
        var instance = await GetInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false);
        var volume = await GetVolumeAsync(volumeId, cancellationToken).ConfigureAwait(false);
        var backend = _backends.For(instance.Host);
        EnsureAvailable(backend, instance.Host);
        var caps = backend.GetCapabilities(instance.Host);
        RequireVolumes(backend, instance.Host, volume.Provisioning);
        var chosen = kind ?? caps.VolumeAttachmentKinds[0];
        if (!caps.VolumeAttachmentKinds.Contains(chosen))
        {
            var key = Snake(chosen);
            throw new UnsupportedError(key, backend.Kind, caps.Unsupported.TryGetValue(key, out var why) ? why
                : $"{backend.Kind} presents volumes by {string.Join(" or ", caps.VolumeAttachmentKinds.Select(k => Snake(k)))}, not {key}");
        }

        if (volume.Status is VolumeStatus.Deleted)
            throw new NotFoundError("volume", volumeId.ToString());
        if (volume.InstanceId is { } holder)
            throw new PreconditionError(ErrorReasons.VolumeInUse, "volume", volumeId.ToString(),
                holder == instanceId ? $"volume {volumeId} is already attached to instance {instanceId}" : $"volume {volumeId} is attached to instance {holder}");
        RequireIdle(volume, "attach");
        if (volume.Status != VolumeStatus.Available)
            throw new PreconditionError(ErrorReasons.VolumeInUse, "volume", volumeId.ToString(), $"volume {volumeId} is {Words(volume.Status)}, not available");
        if (volume.Host.Length > 0 && volume.Host != instance.Host)
            throw new PreconditionError(ErrorReasons.WrongHost, "volume", volumeId.ToString(),
                $"volume {volumeId} is on the storage of host {volume.Host}; instance {instanceId} runs on {instance.Host}");

        var bindHere = volume.NativeId.Length == 0;
        var current = VolumeBump(volume) with { Status = VolumeStatus.Attaching, InstanceId = instanceId, Host = instance.Host, Backend = backend.Kind };
        AttachResult? attached = null;
        return await BeginAsync(instanceId, InstanceAction.AttachDevice, OperationKind.AttachVolume, requestId,
            (b, r, _) => RequireLive(b, r, caps.LiveVolumeAttach, "live_volume_attach", "attach a volume to"),
            async (b, r, ctx, ct) =>
            {
                if (bindHere)
                {
                    ctx.Report($"creating volume {volume.Name} on {r.Host}", 10);
                    var nativeId = await b.CreateVolumeAsync(current, ct).ConfigureAwait(false);
                    current = VolumeBump(current) with { NativeId = nativeId };
                    await CommitAsync(new ChangeSet(Volume: current), ct).ConfigureAwait(false);
                }

                ctx.Report($"attaching volume {volume.Name} by {Snake(chosen)}", 40);
                try
                {
                    attached = await b.AttachVolumeAsync(r, current, chosen, ctx, ct).ConfigureAwait(false);
                }
                catch when (bindHere)
                {
                    await UndoVolumeCreateAsync(b, current).ConfigureAwait(false);
                    current = current with { NativeId = "" };
                    throw;
                }

                return null;
            }, cancellationToken,
            onSuccess: r => r with { Volumes = [.. r.Volumes, new VolumeAttachment(volumeId, chosen, attached!.Device, attached.Native)] },
            volume: current,
            volumeAfter: ok => VolumeBump(current) with
            {
                Status = ok ? VolumeStatus.InUse : VolumeStatus.Available,
                InstanceId = ok ? instanceId : null,
                Host = ok || !bindHere ? current.Host : "",
                Backend = ok || !bindHere ? current.Backend : "",
                ActiveOperationId = null,
            }).ConfigureAwait(false);
    }

    /// <summary>Detaches a volume from a running (live) or stopped instance; the volume stays, AVAILABLE, on its host.</summary>
    public async Task<OperationRecord> DetachVolumeAsync(Guid instanceId, Guid volumeId, string requestId, CancellationToken cancellationToken)
    {
        if (await FindByRequestIdAsync(requestId, cancellationToken).ConfigureAwait(false) is { } existing)
            return existing;
        var instance = await GetInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false);
        var volume = await GetVolumeAsync(volumeId, cancellationToken).ConfigureAwait(false);
        var attachment = instance.Volumes.FirstOrDefault(a => a.VolumeId == volumeId)
            ?? throw new PreconditionError(ErrorReasons.InvalidState, "volume", volumeId.ToString(), $"volume {volumeId} is not attached to instance {instanceId}");
        RequireIdle(volume, "detach");
        var caps = _backends.For(instance.Host).GetCapabilities(instance.Host);
        var current = VolumeBump(volume) with { Status = VolumeStatus.Detaching };
        return await BeginAsync(instanceId, InstanceAction.DetachDevice, OperationKind.DetachVolume, requestId,
            (b, r, _) => RequireLive(b, r, caps.LiveVolumeAttach, "live_volume_attach", "detach a volume from"),
            async (b, r, ctx, ct) =>
            {
                ctx.Report($"detaching volume {volume.Name}", 30);
                await b.DetachVolumeAsync(r, current, attachment, ctx, ct).ConfigureAwait(false);
                return null;
            }, cancellationToken,
            onSuccess: r => r with { Volumes = [.. r.Volumes.Where(a => a.VolumeId != volumeId)] },
            volume: current,
            volumeAfter: ok => VolumeBump(current) with
            {
                Status = ok ? VolumeStatus.Available : VolumeStatus.InUse,
                InstanceId = ok ? null : instanceId,
                ActiveOperationId = null,
            }).ConfigureAwait(false);
    }

    /// <summary>Adds a network interface on a network's VLAN to a running (live) or stopped instance.</summary>
    public async Task<OperationRecord> AttachInterfaceAsync(Guid instanceId, Guid networkId, string macAddress, string requestId, CancellationToken cancellationToken)
    {
        if (await FindByRequestIdAsync(requestId, cancellationToken).ConfigureAwait(false) is { } existing)
            return existing;
        var mac = string.IsNullOrEmpty(macAddress) ? "" : MacAddress.Normalize(macAddress);
        var instance = await GetInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false);
        var network = await GetNetworkAsync(networkId, cancellationToken).ConfigureAwait(false);
        var backend = _backends.For(instance.Host);
        EnsureAvailable(backend, instance.Host);
        var caps = backend.GetCapabilities(instance.Host);
        if (!caps.Interfaces)
            throw new UnsupportedError("interfaces", backend.Kind, caps.Unsupported.TryGetValue("interfaces", out var why) ? why : "the backend cannot attach interfaces");
        if (mac.Length > 0 && instance.Interfaces.Any(i => i.MacAddress == mac))
            throw new ConflictError($"instance {instanceId} already has an interface with MAC {mac}", ErrorReasons.Conflict,
                new Dictionary<string, string> { ["instance"] = instanceId.ToString(), ["mac_address"] = mac });

        var request = new InterfaceRequest(Guid.NewGuid(), networkId, network.VlanId, mac);
        InterfaceResult? attached = null;
        return await BeginAsync(instanceId, InstanceAction.AttachDevice, OperationKind.AttachInterface, requestId,
            (b, r, _) => RequireLive(b, r, caps.LiveInterfaceAttach, "live_interface_attach", "attach an interface to"),
            async (b, r, ctx, ct) =>
            {
                ctx.Report($"adding an interface on VLAN {network.VlanId}", 30);
                attached = await b.AttachInterfaceAsync(r, request, ctx, ct).ConfigureAwait(false);
                return null;
            }, cancellationToken,
            onSuccess: r => r with
            {
                Interfaces = [.. r.Interfaces, new InterfaceAttachment(request.Id, networkId, network.VlanId, MacAddress.Normalize(attached!.MacAddress), attached.Device, attached.Native)],
            }).ConfigureAwait(false);
    }

    /// <summary>Removes a network interface from a running (live) or stopped instance.</summary>
    public async Task<OperationRecord> DetachInterfaceAsync(Guid instanceId, Guid interfaceId, string requestId, CancellationToken cancellationToken)
    {
        if (await FindByRequestIdAsync(requestId, cancellationToken).ConfigureAwait(false) is { } existing)
            return existing;
        var instance = await GetInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false);
        var attachment = instance.Interfaces.FirstOrDefault(i => i.Id == interfaceId) ?? throw new NotFoundError("interface", interfaceId.ToString());
        var caps = _backends.For(instance.Host).GetCapabilities(instance.Host);
        return await BeginAsync(instanceId, InstanceAction.DetachDevice, OperationKind.DetachInterface, requestId,
            (b, r, _) => RequireLive(b, r, caps.LiveInterfaceAttach, "live_interface_attach", "detach an interface from"),
            async (b, r, ctx, ct) =>
            {
                ctx.Report($"removing interface {attachment.MacAddress}", 30);
                await b.DetachInterfaceAsync(r, attachment, ctx, ct).ConfigureAwait(false);
                return null;
            }, cancellationToken,
            onSuccess: r => r with { Interfaces = [.. r.Interfaces.Where(i => i.Id != interfaceId)] }).ConfigureAwait(false);
    }

    /// <summary>Creates a VLAN-backed network (name and VLAN unique).</summary>
    public async Task<NetworkRecord> CreateNetworkAsync(string name, int vlanId, CancellationToken cancellationToken)
    {
        var violations = new List<FieldViolation>();
        if (string.IsNullOrWhiteSpace(name) || name.Length > 255)
            violations.Add(new FieldViolation("name", "must be 1-255 characters"));
        if (vlanId is < 1 or > 4094)
            violations.Add(new FieldViolation("vlan_id", $"must be 1-4094 (got {vlanId.ToString(CultureInfo.InvariantCulture)})"));
        if (violations.Count > 0)
            throw new InvalidSpecError(violations);
        var network = new NetworkRecord { Id = Guid.NewGuid(), Name = name, VlanId = vlanId, CreatedAt = _time.GetUtcNow() };
        await CommitAsync(new ChangeSet(InsertNetwork: network), cancellationToken).ConfigureAwait(false);
        return network;
    }

    /// <summary>One network.</summary>
    public async Task<NetworkRecord> GetNetworkAsync(Guid id, CancellationToken cancellationToken) =>
        await _store.GetNetworkAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new NotFoundError("network", id.ToString());

    /// <summary>Every network, oldest first.</summary>
    public Task<IReadOnlyList<NetworkRecord>> ListNetworksAsync(CancellationToken cancellationToken) => _store.ListNetworksAsync(cancellationToken);

    /// <summary>Deletes a network no instance's interface uses.</summary>
    public async Task DeleteNetworkAsync(Guid id, CancellationToken cancellationToken)
    {
        var network = await GetNetworkAsync(id, cancellationToken).ConfigureAwait(false);
        PageCursor? after = null;
        do
        {
            var page = await _store.ListInstancesAsync(new InstanceQuery("", [], "", 1000, after, false), cancellationToken).ConfigureAwait(false);
            if (page.Items.FirstOrDefault(i => i.Interfaces.Any(n => n.NetworkId == id)) is { } user)
                throw new PreconditionError(ErrorReasons.NetworkInUse, "network", id.ToString(),
                    $"network {network.Name} (VLAN {network.VlanId.ToString(CultureInfo.InvariantCulture)}) still carries an interface of instance {user.Id}");
            after = page.Next;
        }
        while (after is not null);
        await CommitAsync(new ChangeSet(DeleteNetwork: id), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The host's I/O as its platform reports it now.</summary>
    public Task<HostIo> GetHostIoAsync(string host, CancellationToken cancellationToken)
    {
        var backend = _backends.For(host);
        EnsureAvailable(backend, host);
        return backend.GetHostIoAsync(host, cancellationToken);
    }

    /// <summary>After an instance is deleted, its volumes become available again (the platform removed the mappings with it).</summary>
    private async Task ReleaseVolumesAsync(InstanceRecord instance, CancellationToken ct)
    {
        foreach (var attachment in instance.Volumes)
        {
            if (await _store.GetVolumeAsync(attachment.VolumeId, ct).ConfigureAwait(false) is { } v && v.InstanceId == instance.Id)
                await CommitAsync(new ChangeSet(Volume: VolumeBump(v) with { Status = VolumeStatus.Available, InstanceId = null, ActiveOperationId = null }), ct).ConfigureAwait(false);
        }
    }

    private async Task UndoVolumeCreateAsync(IComputeBackend backend, VolumeRecord volume)
    {
        try
        {
            await backend.DeleteVolumeAsync(volume, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _log.LogWarning(ex, "could not remove volume {Volume} ({Native}) after a failed attach", volume.Id, volume.NativeId);
        }
    }

    private static Task RequireLive(IComputeBackend backend, InstanceRecord r, bool live, string feature, string words)
    {
        if (r.State == InstanceState.Running && !live)
        {
            var caps = backend.GetCapabilities(r.Host);
            throw new UnsupportedError(feature, backend.Kind,
                (caps.Unsupported.TryGetValue(feature, out var why) ? why : $"{backend.Kind} cannot {words} a running instance")
                + "; stop the instance to make the change in its definition");
        }

        return Task.CompletedTask;
    }

    private static void RequireVolumes(IComputeBackend backend, string host, Provisioning provisioning)
    {
        var caps = backend.GetCapabilities(host);
        if (!caps.Volumes)
            throw new UnsupportedError("volumes", backend.Kind, caps.Unsupported.TryGetValue("volumes", out var why) ? why : "the backend has no volume storage");
        if (provisioning == Provisioning.Thin && !caps.ThinProvisioning)
            throw new UnsupportedError("thin_provisioning", backend.Kind,
                caps.Unsupported.TryGetValue("thin_provisioning", out var thin) ? thin : "the backend cannot thin-provision volumes");
    }

    private static void RequireIdle(VolumeRecord volume, string words)
    {
        if (volume.ActiveOperationId is { } active)
            throw new PreconditionError(ErrorReasons.VolumeInUse, "volume", volume.Id.ToString(), $"cannot {words} volume {volume.Id}: operation {active} is in progress");
    }

    private void LaunchVolumeWork(OperationRecord op, VolumeRecord volume, Func<CancellationToken, Task<Func<VolumeRecord, VolumeRecord>>> work,
        Func<DriverError, Func<VolumeRecord, VolumeRecord>> onFailure)
    {
        var task = Task.Run(async () =>
        {
            var ct = _shutdown.Token;
            Func<VolumeRecord, VolumeRecord> change;
            DriverError? error = null;
            try
            {
                change = await work(ct).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                error = ex as DriverError ?? new BackendFailureError(volume.Backend, $"{volume.Backend} failed: {ex.Message}", inner: ex);
                if (ex is not DriverError)
                    _log.LogError(ex, "operation {Operation} ({Kind}) on volume {Volume} failed unexpectedly", op.Id, op.Kind, volume.Id);
                change = onFailure(error);
            }

            try
            {
                var stored = await _store.GetVolumeAsync(volume.Id, CancellationToken.None).ConfigureAwait(false) ?? volume;
                var next = VolumeBump(change(stored)) with { ActiveOperationId = null };
                var done = Finished(await GetOperationAsync(op.Id, CancellationToken.None).ConfigureAwait(false), error, _time.GetUtcNow());
                await CommitAsync(new ChangeSet(Volume: next, Operation: done, Events:
                    [VolumeEvent(EventKind.OperationFinished, next, done, error is null ? $"{op.Kind} succeeded" : $"{op.Kind} failed: {error.Message}")]),
                    CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception commitError)
            {
                _log.LogError(commitError, "could not record the end of operation {Operation} on volume {Volume}", op.Id, volume.Id);
            }
        }, CancellationToken.None);
        _running[op.Id] = task;
        _ = task.ContinueWith(_ => _running.TryRemove(op.Id, out Task? _), TaskScheduler.Default);
    }

    private static OperationRecord NewVolumeOperation(OperationKind kind, VolumeRecord volume, string requestId, DateTimeOffset now) =>
        NewOperation(kind, Guid.Empty, volume.Host, requestId, now) with { VolumeId = volume.Id };

    private static OperationRecord Finished(OperationRecord op, DriverError? error, DateTimeOffset now) => op with
    {
        State = error is null ? OperationState.Succeeded : OperationState.Failed,
        Progress = error is null ? 100 : 0,
        Step = error is null ? "done" : "failed",
        Error = error is null ? null : OperationError.From(error),
        UpdatedAt = now,
        EndedAt = now,
    };

    private VolumeRecord VolumeBump(VolumeRecord v) => v with { Version = v.Version + 1, UpdatedAt = _time.GetUtcNow() };

    private DriverEvent VolumeEvent(EventKind kind, VolumeRecord v, OperationRecord op, string message) => new()
    {
        Time = _time.GetUtcNow(),
        Kind = kind,
        Host = v.Host,
        OperationId = op.Id,
        OperationState = op.State,
        Message = message,
        Attributes = new Dictionary<string, string> { ["volume"] = v.Id.ToString(), ["volume_status"] = Snake(v.Status) },
    };

    private static string Words<T>(T value) where T : struct, Enum => InvalidStateError.Words(value);

    private static string Snake<T>(T value) where T : struct, Enum => Words(value).Replace(' ', '_');
}
