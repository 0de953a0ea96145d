using PowerDrivers.Backend.PowerVM.Hmc;
using PowerDrivers.Backend.PowerVM.Mapping;
using PowerDrivers.Backend.PowerVM.Tasks;
using PowerDrivers.Backend.PowerVM.Wire;
using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.Model;
using PowerDrivers.Driver.Core.States;

namespace PowerDrivers.Backend.PowerVM;

public sealed partial class PowerVmBackend
{
    private static readonly KeyValuePair<string, string>[] HardOff = [new("operation", "shutdown"), new("immediate", "true")];
    private static readonly KeyValuePair<string, string>[] SoftOff = [new("operation", "osshutdown")];

    /// <inheritdoc/>
    public async Task ValidateCreateAsync(InstanceSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var ms = await SystemAsync(spec.Host, refresh: false, cancellationToken).ConfigureAwait(false);
        var caps = GetCapabilities(spec.Host);
        RequireSupported(spec, caps);
        var v = new List<FieldViolation>();
        CheckMemoryBlocks(spec.Memory, ms, spec.Host, "spec.memory", v);
        if (spec.Guest.OsType == OsType.IbmI && !caps.GuestOsTypes.Contains(OsType.IbmI))
        {
            v.Add(new("spec.guest.os_type", $"the HMC reports managed system {ms.Name} as not IBMiCapable"));
        }

        if (spec.Processors is { Mode: ProcessorMode.Shared, ProcessingUnits: { } pu })
        {
            // The HMC's own number (MinimumProcessorUnitsPerVirtualProcessor), so a create is refused before anything is defined.
            var floor = ms.MinimumUnitsPerVirtualProcessor;
            foreach (var (what, units, vps) in new[] { ("min", pu.Min, spec.Processors.VirtualProcessors.Min), ("desired", pu.Desired, spec.Processors.VirtualProcessors.Desired), ("max", pu.Max, spec.Processors.VirtualProcessors.Max) })
            {
                if (units < floor * vps)
                {
                    v.Add(new($"spec.processors.processing_units.{what}", $"{units} processing units for {vps} virtual processors is below the {floor} per virtual processor the HMC reports for {ms.Name}"));
                }
            }
        }

        if (v.Count > 0)
        {
            throw new InvalidSpecError(v);
        }

        await PoolIdAsync(spec, ms, cancellationToken).ConfigureAwait(false);
        var partitions = await CallAsync(spec.Host, () => _hmc.ListPartitionsAsync(ms.Uuid, cancellationToken), Context(spec.Host)).ConfigureAwait(false);
        if (partitions.Any(p => string.Equals(p.Name, spec.Name, StringComparison.Ordinal)))
        {
            throw new ConflictError($"the HMC already has a partition named '{spec.Name}' on {ms.Name}", ErrorReasons.NameInUse,
                new Dictionary<string, string> { ["name"] = spec.Name, ["host"] = spec.Host });
        }
    }

    /// <inheritdoc/>
    public async Task<BackendObservation> CreateAsync(InstanceRecord instance, IOperationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(context);
        var spec = instance.Spec;
        var ms = await SystemAsync(instance.Host, refresh: false, cancellationToken).ConfigureAwait(false);
        var poolId = await PoolIdAsync(spec, ms, cancellationToken).ConfigureAwait(false);
        PartitionView? created = null;
        var outcomeUnknown = false;
        var flow = new TaskFlow("create")
            .Add("defining the partition on the HMC", async ct =>
            {
                try
                {
                    created = await _hmc.CreatePartitionAsync(ms.Uuid, LogicalPartitionXml.Create(spec, poolId), ct).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is HmcUnreachableException or OperationCanceledException || ex is HmcException { Status: >= 500 })
                {
                    // The HMC may have defined it before the answer was lost.
                    outcomeUnknown = true;
                    throw;
                }
            }, ct => RemoveCreatedAsync(ms.Uuid, created?.Uuid, outcomeUnknown ? spec.Name : null, ct))
            .Add("checking what the HMC stored", async ct =>
            {
                created = await _hmc.GetPartitionAsync(created!.Uuid, ct).ConfigureAwait(false)
                    ?? throw new HmcException(404, null, $"the partition {created.Uuid} vanished right after it was created");
                VerifyStored(created, spec);
            });
        await CallAsync(instance.Host, () => flow.RunAsync(context.Report, cancellationToken), Context(instance.Host, instance)).ConfigureAwait(false);
        return Observe(created!);
    }

    /// <inheritdoc/>
    public async Task<BackendObservation> StartAsync(InstanceRecord instance, IOperationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        context?.Report("powering on", 10);
        var uuid = await UuidAsync(instance, cancellationToken).ConfigureAwait(false);
        await CallAsync(instance.Host, () => WithCapacityNumbersAsync(instance, instance.Spec, () => _hmc.RunJobAsync(uuid, "PowerOn", [], null, cancellationToken), cancellationToken),
            Context(instance.Host, instance, InstanceAction.Start)).ConfigureAwait(false);
        return await ObserveRequiredAsync(instance, uuid, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<BackendObservation> StopAsync(InstanceRecord instance, StopMode mode, TimeSpan timeout, IOperationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var uuid = await UuidAsync(instance, cancellationToken).ConfigureAwait(false);
        var ctx = Context(instance.Host, instance, mode == StopMode.Soft ? InstanceAction.StopSoft : InstanceAction.StopHard);
        if (mode == StopMode.Soft)
        {
            context?.Report("shutting down the operating system", 10);
            try
            {
                await CallAsync(instance.Host, () => _hmc.RunJobAsync(uuid, "PowerOff", SoftOff, timeout, cancellationToken), ctx).ConfigureAwait(false);
                return await ObserveRequiredAsync(instance, uuid, cancellationToken).ConfigureAwait(false);
            }
            catch (DriverError e) when (e is not UnavailableError && !cancellationToken.IsCancellationRequested)
            {
                // The OS did not stop in time (or cannot be asked: RMC inactive): power off immediately.
                context?.Report($"OS shutdown did not finish ({e.Message}); powering off immediately", 60);
            }

            if (await _hmc.GetPartitionAsync(uuid, cancellationToken).ConfigureAwait(false) is { } now && PartitionStateTable.IsOff(now.State))
            {
                return Observe(now);
            }
        }

        await CallAsync(instance.Host, () => _hmc.RunJobAsync(uuid, "PowerOff", HardOff, null, cancellationToken), ctx).ConfigureAwait(false);
        return await ObserveRequiredAsync(instance, uuid, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<BackendObservation> RebootAsync(InstanceRecord instance, RebootMode mode, IOperationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var uuid = await UuidAsync(instance, cancellationToken).ConfigureAwait(false);
        var ctx = Context(instance.Host, instance, mode == RebootMode.Soft ? InstanceAction.RebootSoft : InstanceAction.RebootHard);
        KeyValuePair<string, string>[] soft = [.. SoftOff, new("restart", "true")];
        KeyValuePair<string, string>[] hard = [.. HardOff, new("restart", "true")];
        if (mode == RebootMode.Soft)
        {
            context?.Report("restarting through the operating system", 10);
            try
            {
                await CallAsync(instance.Host, () => _hmc.RunJobAsync(uuid, "PowerOff", soft, null, cancellationToken), ctx).ConfigureAwait(false);
                return await ObserveRequiredAsync(instance, uuid, cancellationToken).ConfigureAwait(false);
            }
            catch (DriverError e) when (e is not UnavailableError && !cancellationToken.IsCancellationRequested)
            {
                context?.Report($"OS restart failed ({e.Message}); restarting immediately", 50);
            }
        }

        await CallAsync(instance.Host, () => _hmc.RunJobAsync(uuid, "PowerOff", hard, null, cancellationToken), ctx).ConfigureAwait(false);
        return await ObserveRequiredAsync(instance, uuid, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public Task<BackendObservation> PauseAsync(InstanceRecord instance, IOperationContext context, CancellationToken cancellationToken) =>
        throw new UnsupportedError("pause", Kind, PauseReason);

    /// <inheritdoc/>
    public Task<BackendObservation> UnpauseAsync(InstanceRecord instance, IOperationContext context, CancellationToken cancellationToken) =>
        throw new UnsupportedError("pause", Kind, PauseReason);

    /// <inheritdoc/>
    public Task<BackendObservation> SuspendAsync(InstanceRecord instance, IOperationContext context, CancellationToken cancellationToken) =>
        throw new UnsupportedError("suspend", Kind, SuspendReason(instance is null ? null : _systems.GetValueOrDefault(instance.Host)));

    /// <inheritdoc/>
    public Task<BackendObservation> ResumeAsync(InstanceRecord instance, IOperationContext context, CancellationToken cancellationToken) =>
        throw new UnsupportedError("suspend", Kind, SuspendReason(instance is null ? null : _systems.GetValueOrDefault(instance.Host)));

    /// <inheritdoc/>
    public async Task DeleteAsync(InstanceRecord instance, IOperationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var ctx = Context(instance.Host, instance, InstanceAction.Delete);
        var view = await FindAsync(instance, cancellationToken).ConfigureAwait(false);
        if (view is null)
        {
            return;
        }

        if (!PartitionStateTable.IsOff(view.State))
        {
            context?.Report("powering off", 20);
            await CallAsync(instance.Host, () => _hmc.RunJobAsync(view.Uuid, "PowerOff", HardOff, null, cancellationToken), ctx).ConfigureAwait(false);
        }

        // The HMC leaves a deleted client's vSCSI/vFC server adapters (and the mapped LUs) behind in the VIOS: unmap first.
        context?.Report("removing the partition's virtual storage mappings", 50);
        await RemoveClientMappingsAsync(instance.Host, view.Uuid, ctx, cancellationToken).ConfigureAwait(false);
        context?.Report("removing the partition", 70);
        await CallAsync(instance.Host, () => _hmc.DeletePartitionAsync(view.Uuid, cancellationToken), ctx).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<BackendObservation> RenameAsync(InstanceRecord instance, string newName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var uuid = await UuidAsync(instance, cancellationToken).ConfigureAwait(false);
        var view = await CallAsync(instance.Host, () => _hmc.UpdatePartitionAsync(uuid, v => LogicalPartitionXml.Rename(v.Element, newName), cancellationToken),
            Context(instance.Host, instance, InstanceAction.Resize)).ConfigureAwait(false);
        return Observe(view);
    }

    /// <inheritdoc/>
    public async Task<ConsoleInfo> GetConsoleAsync(InstanceRecord instance, ConsoleType? type, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (type is { } t && t != ConsoleType.VTerm)
        {
            throw new UnsupportedError($"console_{t.ToString().ToLowerInvariant()}", Kind, GetCapabilities(instance.Host).Unsupported[$"console_{t.ToString().ToLowerInvariant()}"]);
        }

        var ms = await SystemAsync(instance.Host, refresh: false, cancellationToken).ConfigureAwait(false);
        var view = await FindAsync(instance, cancellationToken).ConfigureAwait(false) ?? throw new NotFoundError("instance", instance.Id.ToString());

        // The HMC's virtual terminal is reached over SSH to the console: mkvterm -m <system> --id <partition id>.
        var hmcHost = _hmc.Url.Host;
        return new ConsoleInfo(ConsoleType.VTerm, $"ssh://{_settings.Hmc.User}@{hmcHost}:22", hmcHost, 22, $"mkvterm -m {ms.Name} --id {view.Id}");
    }

    /// <inheritdoc/>
    public async Task<BackendObservation?> ObserveAsync(InstanceRecord instance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var view = await FindAsync(instance, cancellationToken).ConfigureAwait(false);
        return view is null ? null : Observe(view);
    }

    /// <inheritdoc/>
    public async Task<NativeDescription> DescribeNativeAsync(InstanceRecord instance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var view = await FindAsync(instance, cancellationToken).ConfigureAwait(false)
            ?? throw new NotFoundError("instance", instance.Id.ToString());
        return new NativeDescription("hmc-uom-xml", view.Element.ToString());
    }

    private async Task<PartitionView?> FindAsync(InstanceRecord instance, CancellationToken ct)
    {
        var ctx = Context(instance.Host, instance);
        if (instance.NativeId.Length > 0)
        {
            return await CallAsync(instance.Host, () => _hmc.GetPartitionAsync(instance.NativeId, ct), ctx).ConfigureAwait(false);
        }

        // No UUID recorded (a create that did not finish): look the partition up by its name.
        var ms = await SystemAsync(instance.Host, refresh: false, ct).ConfigureAwait(false);
        var all = await CallAsync(instance.Host, () => _hmc.ListPartitionsAsync(ms.Uuid, ct), ctx).ConfigureAwait(false);
        return all.FirstOrDefault(p => string.Equals(p.Name, instance.Name, StringComparison.Ordinal));
    }

    private async Task<string> UuidAsync(InstanceRecord instance, CancellationToken ct) =>
        (await FindAsync(instance, ct).ConfigureAwait(false))?.Uuid ?? throw new NotFoundError("instance", instance.Id.ToString());

    private async Task<BackendObservation> ObserveRequiredAsync(InstanceRecord instance, string uuid, CancellationToken ct) =>
        Observe(await CallAsync(instance.Host, () => _hmc.GetPartitionAsync(uuid, ct), Context(instance.Host, instance)).ConfigureAwait(false)
            ?? throw new NotFoundError("instance", instance.Id.ToString()));

    /// <summary>Revert of the create step: removes the partition we defined (found by name only when the create's outcome is unknown).</summary>
    private async Task RemoveCreatedAsync(string system, string? uuid, string? name, CancellationToken ct)
    {
        if (uuid is null && name is not null)
        {
            uuid = (await _hmc.ListPartitionsAsync(system, ct).ConfigureAwait(false)).FirstOrDefault(p => p.Name == name)?.Uuid;
        }

        if (uuid is null)
        {
            return;
        }

        if (await _hmc.GetPartitionAsync(uuid, ct).ConfigureAwait(false) is { } view && !PartitionStateTable.IsOff(view.State))
        {
            await _hmc.RunJobAsync(uuid, "PowerOff", HardOff, null, ct).ConfigureAwait(false);
        }

        await _hmc.DeletePartitionAsync(uuid, ct).ConfigureAwait(false);
    }

    private async Task<int> PoolIdAsync(InstanceSpec spec, ManagedSystemView ms, CancellationToken ct)
    {
        if (spec.Processors.Mode == ProcessorMode.Dedicated || spec.Processors.SharedPool.Length == 0)
        {
            return 0;
        }

        var pools = await CallAsync(spec.Host, () => _hmc.ListPoolsAsync(ms.Uuid, ct), Context(spec.Host)).ConfigureAwait(false);
        var pool = pools.FirstOrDefault(p => string.Equals(p.Name, spec.Processors.SharedPool, StringComparison.Ordinal));
        return pool.Name is null
            ? throw new InvalidSpecError("spec.processors.shared_pool",
                $"the HMC has no shared processor pool named '{spec.Processors.SharedPool}' on {ms.Name} (pools: {string.Join(", ", pools.Select(p => p.Name))})")
            : pool.Id;
    }

    private static void RequireSupported(InstanceSpec spec, Capabilities caps)
    {
        if (spec.Memory.Mode == MemoryMode.Shared)
        {
            throw new UnsupportedError("shared_memory", BackendKind, caps.Unsupported["shared_memory"]);
        }

        if (spec.Memory.ExpansionFactor > 0 && !caps.MemoryExpansion)
        {
            throw new UnsupportedError("memory_expansion", BackendKind, caps.Unsupported["memory_expansion"]);
        }
    }

    /// <summary>Memory values must be LMB multiples: refused with the nearest valid values, never rounded silently.</summary>
    private static void CheckMemoryBlocks(MemorySpec m, ManagedSystemView ms, string host, string field, List<FieldViolation> v)
    {
        var lmb = ms.LmbSize;
        if (lmb <= 0)
        {
            return;
        }

        foreach (var (name, value) in new[] { ("min_mb", m.MinMb), ("desired_mb", m.DesiredMb), ("max_mb", m.MaxMb) })
        {
            if (value % lmb != 0)
            {
                var down = value / lmb * lmb;
                v.Add(new($"{field}.{name}", $"{value} MB is not a multiple of the {lmb} MB logical memory block the HMC reports for {host} (use {(down > 0 ? $"{down} or " : "")}{down + lmb})"));
            }
        }
    }

    /// <summary>The HMC must have stored what was asked (profile sync); anything else is undone.</summary>
    private static void VerifyStored(PartitionView view, InstanceSpec spec)
    {
        var p = spec.Processors;
        var m = spec.Memory;
        var mismatches = new List<string>();
        void Check<T>(string what, T stored, T asked)
        {
            if (!EqualityComparer<T>.Default.Equals(stored, asked))
            {
                mismatches.Add($"{what} {stored} instead of {asked}");
            }
        }

        Check("minimum memory", view.MinimumMemory, m.MinMb);
        Check("desired memory", view.DesiredMemory, m.DesiredMb);
        Check("maximum memory", view.MaximumMemory, m.MaxMb);
        Check("dedicated processors", view.Dedicated, p.Mode == ProcessorMode.Dedicated);
        Check("desired processors", view.DesiredProcessors, p.VirtualProcessors.Desired);
        if (p.ProcessingUnits is { } pu)
        {
            Check("desired processing units", view.DesiredUnits, pu.Desired);
        }

        if (mismatches.Count > 0)
        {
            throw new BackendFailureError(BackendKind, $"the HMC stored partition {view.Name} differently from the request: {string.Join("; ", mismatches)}", "PROFILE_MISMATCH");
        }
    }

    /// <summary>Runs <paramref name="call"/>; an HMC capacity refusal becomes INSUFFICIENT_CAPACITY with the asked and free amounts.</summary>
    private async Task<T> WithCapacityNumbersAsync<T>(InstanceRecord instance, InstanceSpec spec, Func<Task<T>> call, CancellationToken ct)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (HmcException e) when (e.Code is "HSCL1575" or "HSCL1590")
        {
            var ms = await SystemAsync(instance.Host, refresh: true, ct).ConfigureAwait(false);
            throw HmcErrorMapper.Map(e, Context(instance.Host, instance, InstanceAction.Start) with
            {
                RequestedUnits = spec.Processors.ProcessingUnits?.Desired ?? spec.Processors.VirtualProcessors.Desired,
                RequestedMemoryMb = spec.Memory.DesiredMb,
                AvailableUnits = ms.AvailableUnits,
                AvailableMemoryMb = ms.AvailableMemory,
            });
        }
    }
}
