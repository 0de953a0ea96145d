using System.Globalization;
using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.Model;
using PowerDrivers.Driver.Core.States;

namespace PowerDrivers.Driver.Core.Conformance.Fakes;

/// <summary>
/// An in-memory <see cref="IComputeBackend"/> for tests (a test double, not a product backend): it obeys the
/// platform-neutral rules of the contract, keeps a small capacity model per host (cores, processing units,
/// vCPUs, memory in LMBs; reserved from create to delete), speaks its own native state words mapped through
/// <see cref="NativeStates"/>, declares what <see cref="FakeBackendOptions"/> allow, and takes injected faults
/// (<see cref="FailNext"/>) and holds (<see cref="HoldNext"/>).
/// </summary>
public sealed partial class FakeComputeBackend : IComputeBackend
{
    /// <summary>Native word: defined, powered off.</summary>
    public const string NativeDefined = "defined";
    /// <summary>Native word: running.</summary>
    public const string NativeActive = "active";
    /// <summary>Native word: paused.</summary>
    public const string NativeFrozen = "frozen";
    /// <summary>Native word: state saved.</summary>
    public const string NativeSaved = "saved";

    private static readonly HashSet<string> Methods = new(StringComparer.Ordinal)
    {
        nameof(ValidateCreateAsync), nameof(ValidateResizeAsync), nameof(CreateAsync), nameof(StartAsync), nameof(StopAsync),
        nameof(RebootAsync), nameof(PauseAsync), nameof(UnpauseAsync), nameof(SuspendAsync), nameof(ResumeAsync),
        nameof(ResizeAsync), nameof(DeleteAsync), nameof(RenameAsync), nameof(GetConsoleAsync), nameof(ObserveAsync),
        nameof(CreateVolumeAsync), nameof(DeleteVolumeAsync), nameof(AttachVolumeAsync), nameof(DetachVolumeAsync),
        nameof(AttachInterfaceAsync), nameof(DetachInterfaceAsync),
    };

    private readonly Lock _gate = new();
    private readonly FakeBackendOptions _options;
    private readonly Dictionary<string, FakeHostModel> _hosts = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, Guest> _guests = [];
    private readonly Dictionary<string, Queue<DriverError>> _faults = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<FakeHold>> _holds = new(StringComparer.Ordinal);
    private readonly List<string> _calls = [];
    private readonly Capabilities _capabilities;

    /// <summary>Creates the fake with <paramref name="options"/> (default: <see cref="FakeBackendOptions.Full"/>).</summary>
    public FakeComputeBackend(FakeBackendOptions? options = null)
    {
        _options = options ?? FakeBackendOptions.Full;
        foreach (var host in _options.Hosts)
        {
            _hosts.Add(host, new FakeHostModel(host, _options));
        }

        _capabilities = BuildCapabilities(_options);
    }

    /// <summary>The fake's native words and the canonical state of each (the table every backend keeps).</summary>
    public static IReadOnlyDictionary<string, InstanceState> NativeStates { get; } = new Dictionary<string, InstanceState>(StringComparer.Ordinal)
    {
        [NativeDefined] = InstanceState.Stopped,
        [NativeActive] = InstanceState.Running,
        [NativeFrozen] = InstanceState.Paused,
        [NativeSaved] = InstanceState.Suspended,
    };

    /// <inheritdoc/>
    public string Kind => _options.Kind;

    /// <inheritdoc/>
    public IReadOnlyCollection<string> Hosts => _options.Hosts;

    /// <summary>Every backend method called so far, in order (by method name).</summary>
    public IReadOnlyList<string> Calls
    {
        get
        {
            lock (_gate)
            {
                return _calls.ToArray();
            }
        }
    }

    /// <summary>Instances that exist on the fake platform now.</summary>
    public int InstanceCount
    {
        get
        {
            lock (_gate)
            {
                return _guests.Count;
            }
        }
    }

    /// <summary>The next call of <paramref name="method"/> (e.g. <c>nameof(IComputeBackend.StartAsync)</c>) throws <paramref name="error"/>;
    /// <see cref="CreateAsync"/> first allocates memory, then reverts it and throws.</summary>
    public void FailNext(string method, DriverError error)
    {
        RequireMethod(method);
        lock (_gate)
        {
            (_faults.TryGetValue(method, out var q) ? q : _faults[method] = new Queue<DriverError>()).Enqueue(error);
        }
    }

    /// <summary>The next call of <paramref name="method"/> waits until the returned hold is released.</summary>
    public FakeHold HoldNext(string method)
    {
        RequireMethod(method);
        var hold = new FakeHold();
        lock (_gate)
        {
            (_holds.TryGetValue(method, out var q) ? q : _holds[method] = new Queue<FakeHold>()).Enqueue(hold);
        }

        return hold;
    }

    /// <summary>Makes the host unavailable (<paramref name="reason"/> set) or available again (null).</summary>
    public void SetUnavailable(string host, string? reason)
    {
        lock (_gate)
        {
            Host(host).UnavailableReason = reason;
        }
    }

    /// <inheritdoc/>
    public Capabilities GetCapabilities(string host)
    {
        lock (_gate)
        {
            _ = Host(host);
        }

        return _capabilities;
    }

    /// <inheritdoc/>
    public string? GetUnavailableReason(string host)
    {
        lock (_gate)
        {
            return Host(host).UnavailableReason;
        }
    }

    /// <inheritdoc/>
    public Task<HostInfo> GetHostAsync(string host, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var h = Host(host);
            var index = _options.Hosts.ToList().IndexOf(host);
            return Task.FromResult(new HostInfo
            {
                Name = host,
                Profile = "FAKE",
                MachineType = "0000",
                Model = "FAK",
                Serial = "FAKE" + index.ToString("D3", CultureInfo.InvariantCulture),
                Firmware = FirmwareKind.Phyp,
                Backend = Kind,
                Operating = h.UnavailableReason is null,
                StatusReason = h.UnavailableReason ?? "",
                Processors = new HostProcessorCapacity(1, _options.Cores, _options.Cores, h.FreeCores,
                    _options.MicroPartitioning ? _options.Cores : 0m, _options.MicroPartitioning ? h.FreeProcessingUnits : 0m,
                    _options.SmtThreads, 3.5m, h.FreeVirtualCpus),
                Memory = new HostMemoryCapacity(_options.MemoryMb, _options.MemoryMb, _options.HypervisorReservedMb, h.FreeMemoryMb,
                    _options.LmbSizeMb, _options.MemoryMb),
                Capabilities = _capabilities,
            });
        }
    }

    /// <inheritdoc/>
    public async Task ValidateCreateAsync(InstanceSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        await EnterAsync(nameof(ValidateCreateAsync), cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            var host = AvailableHost(spec.Host);
            EnsurePlatformRules(spec);
            host.EnsureFits(host.ReservationFor(spec), FakeReservation.Nothing);
        }
    }

    /// <inheritdoc/>
    public async Task ValidateResizeAsync(InstanceRecord instance, InstanceSpec newSpec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(newSpec);
        await EnterAsync(nameof(ValidateResizeAsync), cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            EnsureResizable(instance, newSpec);
        }
    }

    /// <inheritdoc/>
    public async Task<BackendObservation> CreateAsync(InstanceRecord instance, IOperationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(context);
        var fault = await EnterAsync(nameof(CreateAsync), cancellationToken, throwFault: false).ConfigureAwait(false);
        context.Report("defining", 10);
        lock (_gate)
        {
            var host = AvailableHost(instance.Host);
            EnsurePlatformRules(instance.Spec);
            var wanted = host.ReservationFor(instance.Spec);
            host.EnsureFits(wanted, FakeReservation.Nothing);

            // Two steps, like a real platform: memory first, then processors. A failure after the first undoes it.
            host.ReserveMemory(wanted.MemoryMb);
            if (fault is not null)
            {
                host.Release(wanted with { ProcessingUnits = 0m, DedicatedCores = 0, VirtualCpus = 0 });
                throw fault;
            }

            host.ReserveProcessors(wanted);
            var guest = new Guest(instance.Id, instance.Host, instance.Spec, NativeDefined, "fake-" + instance.Id.ToString("N")[..12], wanted);
            _guests.Add(instance.Id, guest);
            return Observe(guest);
        }
    }

    /// <inheritdoc/>
    public Task<BackendObservation> StartAsync(InstanceRecord instance, IOperationContext context, CancellationToken cancellationToken) =>
        PowerAsync(nameof(StartAsync), instance, [NativeDefined], NativeActive, null, cancellationToken);

    /// <inheritdoc/>
    public Task<BackendObservation> StopAsync(InstanceRecord instance, StopMode mode, TimeSpan timeout, IOperationContext context, CancellationToken cancellationToken) =>
        mode == StopMode.Soft
            ? PowerAsync(nameof(StopAsync), instance, [NativeActive], NativeDefined, _options.SoftStop ? null : "soft_stop", cancellationToken)
            : PowerAsync(nameof(StopAsync), instance, [NativeActive, NativeFrozen, NativeDefined, NativeSaved], NativeDefined, null, cancellationToken);

    /// <inheritdoc/>
    public Task<BackendObservation> RebootAsync(InstanceRecord instance, RebootMode mode, IOperationContext context, CancellationToken cancellationToken) =>
        mode == RebootMode.Soft
            ? PowerAsync(nameof(RebootAsync), instance, [NativeActive], NativeActive, _options.SoftReboot ? null : "soft_reboot", cancellationToken)
            : PowerAsync(nameof(RebootAsync), instance, [NativeActive, NativeFrozen, NativeDefined], NativeActive, null, cancellationToken);

    /// <inheritdoc/>
    public Task<BackendObservation> PauseAsync(InstanceRecord instance, IOperationContext context, CancellationToken cancellationToken) =>
        PowerAsync(nameof(PauseAsync), instance, [NativeActive], NativeFrozen, _options.Pause ? null : "pause", cancellationToken);

    /// <inheritdoc/>
    public Task<BackendObservation> UnpauseAsync(InstanceRecord instance, IOperationContext context, CancellationToken cancellationToken) =>
        PowerAsync(nameof(UnpauseAsync), instance, [NativeFrozen], NativeActive, _options.Pause ? null : "pause", cancellationToken);

    /// <inheritdoc/>
    public Task<BackendObservation> SuspendAsync(InstanceRecord instance, IOperationContext context, CancellationToken cancellationToken) =>
        PowerAsync(nameof(SuspendAsync), instance, [NativeActive], NativeSaved, _options.Suspend ? null : "suspend", cancellationToken);

    /// <inheritdoc/>
    public Task<BackendObservation> ResumeAsync(InstanceRecord instance, IOperationContext context, CancellationToken cancellationToken) =>
        PowerAsync(nameof(ResumeAsync), instance, [NativeSaved], NativeActive, _options.Suspend ? null : "suspend", cancellationToken);

    /// <inheritdoc/>
    public async Task<BackendObservation> ResizeAsync(InstanceRecord instance, InstanceSpec newSpec, IOperationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(newSpec);
        await EnterAsync(nameof(ResizeAsync), cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            var guest = EnsureResizable(instance, newSpec);
            var host = Host(guest.Host);
            var wanted = host.ReservationFor(newSpec);
            host.Release(guest.Held);
            host.ReserveMemory(wanted.MemoryMb);
            host.ReserveProcessors(wanted);
            guest.Held = wanted;
            guest.Spec = newSpec;
            return Observe(guest);
        }
    }

    /// <inheritdoc/>
    public async Task DeleteAsync(InstanceRecord instance, IOperationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        await EnterAsync(nameof(DeleteAsync), cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            var guest = GuestOf(instance);
            Host(guest.Host).Release(guest.Held);
            _guests.Remove(guest.Id);
        }
    }

    /// <inheritdoc/>
    public async Task<BackendObservation> RenameAsync(InstanceRecord instance, string newName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        await EnterAsync(nameof(RenameAsync), cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            var guest = GuestOf(instance);
            guest.Spec = guest.Spec with { Name = newName };
            return Observe(guest);
        }
    }

    /// <inheritdoc/>
    public async Task<ConsoleInfo> GetConsoleAsync(InstanceRecord instance, ConsoleType? type, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        await EnterAsync(nameof(GetConsoleAsync), cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            var guest = GuestOf(instance);
            return new ConsoleInfo(ConsoleType.Serial, $"fake://{guest.Host}/{guest.NativeId}", guest.Host, 0, "");
        }
    }

    /// <inheritdoc/>
    public async Task<BackendObservation?> ObserveAsync(InstanceRecord instance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        await EnterAsync(nameof(ObserveAsync), cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            return _guests.TryGetValue(instance.Id, out var guest) ? Observe(guest) : null;
        }
    }

    private async Task<BackendObservation> PowerAsync(string method, InstanceRecord instance, string[] from, string to, string? missingFeature, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        await EnterAsync(method, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            if (missingFeature is not null)
            {
                throw Unsupported(missingFeature);
            }

            var guest = GuestOf(instance);
            if (!from.Contains(guest.Native))
            {
                throw new BackendFailureError(Kind, $"{method} is not possible while the instance is {guest.Native}", "FAKE_BAD_STATE");
            }

            guest.Native = to;
            return Observe(guest);
        }
    }

    /// <summary>Records the call, waits on a hold, then throws a queued fault (or returns it when <paramref name="throwFault"/> is false).</summary>
    private async Task<DriverError?> EnterAsync(string method, CancellationToken cancellationToken, bool throwFault = true)
    {
        cancellationToken.ThrowIfCancellationRequested();
        FakeHold? hold;
        DriverError? fault;
        lock (_gate)
        {
            _calls.Add(method);
            hold = _holds.TryGetValue(method, out var hq) && hq.Count > 0 ? hq.Dequeue() : null;
            fault = _faults.TryGetValue(method, out var fq) && fq.Count > 0 ? fq.Dequeue() : null;
        }

        if (hold is not null)
        {
            await hold.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        return fault is not null && throwFault ? throw fault : fault;
    }

    private Guest EnsureResizable(InstanceRecord instance, InstanceSpec newSpec)
    {
        var guest = GuestOf(instance);
        var host = AvailableHost(guest.Host);
        EnsurePlatformRules(newSpec);
        var old = guest.Spec;
        if (guest.Native is NativeActive or NativeFrozen)
        {
            var processorsChange = newSpec.Processors != old.Processors;
            var memoryChange = newSpec.Memory != old.Memory;
            if (processorsChange && !_options.LiveProcessorResize)
            {
                throw RequiresStopped(instance, "processors cannot change while it runs (live processor resize is not available)");
            }

            if (memoryChange && !_options.LiveMemoryResize)
            {
                throw RequiresStopped(instance, "memory cannot change while it runs (live memory resize is not available)");
            }

            // Live changes move the desired value only; the limits and the mode are fixed until the next start.
            if (processorsChange && !SameLimits(old.Processors, newSpec.Processors))
            {
                throw RequiresStopped(instance, "processor min/max and mode can only change while it is stopped");
            }

            if (memoryChange && (newSpec.Memory with { DesiredMb = old.Memory.DesiredMb }) != old.Memory)
            {
                throw RequiresStopped(instance, "memory min/max and mode can only change while it is stopped");
            }
        }
        else if (!_options.OfflineResize)
        {
            throw Unsupported("offline_resize");
        }

        host.EnsureFits(host.ReservationFor(newSpec), guest.Held);
        return guest;
    }

    private static bool SameLimits(ProcessorSpec a, ProcessorSpec b) =>
        a with { VirtualProcessors = a.VirtualProcessors with { Desired = 0 }, ProcessingUnits = a.ProcessingUnits is { } u ? u with { Desired = 0m } : null }
        == b with { VirtualProcessors = b.VirtualProcessors with { Desired = 0 }, ProcessingUnits = b.ProcessingUnits is { } v ? v with { Desired = 0m } : null };

    private static InvalidStateError RequiresStopped(InstanceRecord instance, string why) =>
        new(instance.Id.ToString(), instance.State, InstanceAction.Resize, ErrorReasons.RequiresStopped,
            $"instance {instance.Id} must be stopped to resize: {why}");

    private void EnsurePlatformRules(InstanceSpec spec)
    {
        if (!_options.GuestOsTypes.Contains(spec.Guest.OsType))
        {
            throw Unsupported("guest_os_types", $"{spec.Guest.OsType} guests are not accepted (accepted: {string.Join(", ", _options.GuestOsTypes)})");
        }

        if (spec.Processors.Mode == ProcessorMode.Dedicated && !_options.DedicatedProcessors)
        {
            throw Unsupported("dedicated_processors");
        }

        if (spec.Processors.Mode == ProcessorMode.Shared && !_options.SharedProcessors)
        {
            throw Unsupported("shared_processors");
        }

        if (spec.Memory.Mode == MemoryMode.Shared)
        {
            throw Unsupported("shared_memory");
        }

        if (spec.Memory.ExpansionFactor != 0m)
        {
            throw Unsupported("memory_expansion");
        }

        var violations = new List<FieldViolation>();
        var lmb = _options.LmbSizeMb;
        foreach (var (field, value) in new[] { ("min_mb", spec.Memory.MinMb), ("desired_mb", spec.Memory.DesiredMb), ("max_mb", spec.Memory.MaxMb) })
        {
            if (value % lmb != 0)
            {
                violations.Add(new FieldViolation($"spec.memory.{field}", $"must be a multiple of the {lmb} MB logical memory block (got {value})"));
            }
        }

        if (spec.Processors.VirtualProcessors.Max > _capabilities.MaxVirtualProcessors)
        {
            violations.Add(new FieldViolation("spec.processors.virtual_processors.max",
                $"must be at most {_capabilities.MaxVirtualProcessors} (got {spec.Processors.VirtualProcessors.Max})"));
        }

        if (violations.Count > 0)
        {
            throw new InvalidSpecError(violations);
        }
    }

    private UnsupportedError Unsupported(string feature, string? why = null) =>
        new(feature, Kind, why ?? (_capabilities.Unsupported.TryGetValue(feature, out var reason) ? reason : $"{feature} is not modelled by the fake"));

    private FakeHostModel Host(string host) =>
        _hosts.TryGetValue(host, out var h) ? h : throw new NotFoundError("host", host);

    private FakeHostModel AvailableHost(string host)
    {
        var h = Host(host);
        return h.UnavailableReason is { } why ? throw new UnavailableError(host, Kind, why) : h;
    }

    private Guest GuestOf(InstanceRecord instance) =>
        _guests.TryGetValue(instance.Id, out var g) ? g : throw new NotFoundError("instance", instance.Id.ToString());

    private static BackendObservation Observe(Guest g)
    {
        var granted = g.Native is NativeActive or NativeFrozen
            ? new Allocation(g.Spec.Processors.VirtualProcessors.Desired, g.Held.ProcessingUnits, g.Held.DedicatedCores, g.Spec.Memory.DesiredMb)
            : Allocation.None;
        return new BackendObservation(NativeStates[g.Native], g.Native, g.NativeId, granted);
    }

    private static void RequireMethod(string method)
    {
        if (!Methods.Contains(method))
        {
            throw new ArgumentException($"'{method}' is not an IComputeBackend method the fake intercepts", nameof(method));
        }
    }

    private static Capabilities BuildCapabilities(FakeBackendOptions o)
    {
        var missing = new Dictionary<string, string>(StringComparer.Ordinal);
        void Note(bool has, string feature)
        {
            if (!has)
            {
                missing[feature] = $"the fake backend is configured without {feature}";
            }
        }

        Note(o.SharedProcessors, "shared_processors");
        Note(o.DedicatedProcessors, "dedicated_processors");
        Note(o.MicroPartitioning, "micro_partitioning");
        Note(o.LiveProcessorResize, "live_processor_resize");
        Note(o.LiveMemoryResize, "live_memory_resize");
        Note(o.OfflineResize, "offline_resize");
        Note(o.Pause, "pause");
        Note(o.Suspend, "suspend");
        Note(o.SoftStop, "soft_stop");
        Note(o.SoftReboot, "soft_reboot");
        Note(false, "shared_memory");
        Note(false, "memory_expansion");
        Note(false, "page_sharing");
        Note(o.LiveDeviceAttach, "live_volume_attach");
        Note(o.LiveDeviceAttach, "live_interface_attach");
        return new Capabilities
        {
            SharedProcessors = o.SharedProcessors,
            DedicatedProcessors = o.DedicatedProcessors,
            MicroPartitioning = o.MicroPartitioning,
            LiveProcessorResize = o.LiveProcessorResize,
            LiveMemoryResize = o.LiveMemoryResize,
            OfflineResize = o.OfflineResize,
            Pause = o.Pause,
            Suspend = o.Suspend,
            SoftStop = o.SoftStop,
            SoftReboot = o.SoftReboot,
            MixedEndianness = true,
            GuestOsTypes = o.GuestOsTypes,
            ConsoleTypes = [ConsoleType.Serial],
            MaxVirtualProcessors = o.Cores * o.SmtThreads,
            MaxMemoryMb = o.MemoryMb,
            GuestsPerCore = 20,
            Volumes = true,
            VolumeAttachmentKinds = o.VolumeKinds,
            ThinProvisioning = true,
            LiveVolumeAttach = o.LiveDeviceAttach,
            Interfaces = true,
            LiveInterfaceAttach = o.LiveDeviceAttach,
            Unsupported = missing,
        };
    }

    private sealed class Guest(Guid id, string host, InstanceSpec spec, string native, string nativeId, FakeReservation held)
    {
        public Guid Id { get; } = id;
        public string Host { get; } = host;
        public InstanceSpec Spec { get; set; } = spec;
        public string Native { get; set; } = native;
        public string NativeId { get; } = nativeId;
        public FakeReservation Held { get; set; } = held;
    }
}
