using System.Collections.Concurrent;
using PowerDrivers.Backend.PowerVM.Hmc;
using PowerDrivers.Backend.PowerVM.Mapping;
using PowerDrivers.Backend.PowerVM.Wire;
using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.Model;
using PowerDrivers.Driver.Core.States;

namespace PowerDrivers.Backend.PowerVM;

/// <summary>
/// The PowerVM backend: every host is a managed system of one HMC, every instance a logical partition. It never decides
/// a PowerVM rule itself — it sends the HMC what was asked and turns the HMC's refusal (HSCL code and words) into a typed
/// error. Capacity, LMB size and capabilities are the HMC's ManagedSystem data.
/// </summary>
public sealed partial class PowerVmBackend : IComputeBackend, IAsyncDisposable
{
    /// <summary>The backend kind.</summary>
    public const string BackendKind = "powervm";

    private const string PauseReason = "PowerVM has no pause: PHYP cannot freeze a partition in memory; it suspends partitions to storage instead";
    private static readonly TimeSpan UnavailableFor = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, BackendHost> _hosts;
    private readonly HmcClient _hmc;
    private readonly PowerVmSettings _settings;
    private readonly ConcurrentDictionary<string, ManagedSystemView> _systems = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Reason, DateTimeOffset At)> _unreachable = new(StringComparer.Ordinal);
    private int _disposed;

    /// <summary>Creates the backend for <paramref name="hosts"/> over <paramref name="hmc"/> (which it then owns).</summary>
    public PowerVmBackend(IReadOnlyList<BackendHost> hosts, HmcClient hmc, PowerVmSettings settings)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        _hosts = hosts.ToDictionary(h => h.Name, StringComparer.Ordinal);
        _hmc = hmc;
        _settings = settings;
    }

    /// <inheritdoc/>
    public string Kind => BackendKind;

    /// <inheritdoc/>
    public IReadOnlyCollection<string> Hosts => _hosts.Keys;

    /// <summary>The HMC client (for tests and diagnostics).</summary>
    public HmcClient Hmc => _hmc;

    /// <inheritdoc/>
    public Capabilities GetCapabilities(string host)
    {
        var ms = _systems.GetValueOrDefault(host);
        var unsupported = new Dictionary<string, string>
        {
            ["pause"] = PauseReason,
            ["suspend"] = SuspendReason(ms),
            ["shared_memory"] = "Active Memory Sharing needs a shared memory pool with paging VIOS devices, which this driver does not configure",
            ["page_sharing"] = "PowerVM has no KSM-style page sharing outside an AMS pool (Active Memory Deduplication)",
            ["console_vnc"] = "PowerVM partitions have no graphical console; use the HMC virtual terminal (vterm)",
            ["console_serial"] = "the partition's serial console is the HMC virtual terminal (vterm)",
            ["sr_iov"] = "SR-IOV logical ports need SR-IOV adapters in shared mode and IOMMU logical port objects on the HMC, which this driver does not configure",
            ["pci_passthrough"] = "this driver gives partitions only virtual I/O; assigning physical slots to a client would also make it immobile",
            ["live_migration"] = "Live Partition Mobility (MigrateValidate/Migrate jobs between managed systems) is not implemented by this driver",
        };
        var expansion = ms?.MemoryExpansionCapable ?? false;
        if (!expansion)
        {
            unsupported["memory_expansion"] = "the managed system does not report ActiveMemoryExpansionCapable";
        }

        var os = new List<OsType> { OsType.Linux, OsType.Aix };
        if (ms?.IbmICapable == true)
        {
            os.Add(OsType.IbmI);
        }

        return new Capabilities
        {
            SharedProcessors = ms?.MicroPartitionCapable ?? true,
            DedicatedProcessors = ms?.DedicatedCapable ?? true,
            MicroPartitioning = ms?.MicroPartitionCapable ?? true,
            LiveProcessorResize = true,
            LiveMemoryResize = true,
            OfflineResize = true,
            Pause = false,
            Suspend = false,
            SoftStop = true,
            SoftReboot = true,
            SharedMemory = false,
            MemoryExpansion = expansion,
            PageSharing = false,
            MixedEndianness = true,
            Volumes = true,
            VolumeAttachmentKinds = [AttachmentKind.Vscsi, AttachmentKind.Npiv],
            ThinProvisioning = true,
            LiveVolumeAttach = true,
            Interfaces = true,
            LiveInterfaceAttach = true,
            Npiv = true,
            SrIov = false,
            SharedStoragePools = true,
            PciPassthrough = false,
            LiveMigration = false,
            RedundantIoServers = true,
            GuestOsTypes = os,
            ConsoleTypes = [ConsoleType.VTerm],
            MaxVirtualProcessors = ms is { MaxVirtualProcessorsPerPartition: > 0 } ? ms.MaxVirtualProcessorsPerPartition : 256,
            MaxMemoryMb = ms is { ConfigurableMemory: > 0 } ? ms.ConfigurableMemory : _hosts.TryGetValue(host, out var h) ? h.Profile.MaxMemoryMb : 0,
            GuestsPerCore = ms is { MinimumUnitsPerVirtualProcessor: > 0 } ? (int)(1m / ms.MinimumUnitsPerVirtualProcessor) : 20,
            Unsupported = unsupported,
        };
    }

    /// <inheritdoc/>
    public string? GetUnavailableReason(string host)
    {
        if (!_hosts.ContainsKey(host))
        {
            return $"host {host} is not served by the PowerVM backend";
        }

        // A recent failure to reach the HMC makes the host unavailable for a short while, then calls try again.
        return _unreachable.TryGetValue(host, out var why) && DateTimeOffset.UtcNow - why.At < UnavailableFor ? why.Reason : null;
    }

    /// <inheritdoc/>
    public async Task<HostInfo> GetHostAsync(string host, CancellationToken cancellationToken)
    {
        var config = Config(host);
        ManagedSystemView ms;
        try
        {
            ms = await SystemAsync(host, refresh: true, cancellationToken).ConfigureAwait(false);
        }
        catch (UnavailableError e)
        {
            return config.Describe(GetCapabilities(host), operating: false, e.Message);
        }

        var p = config.Profile;
        var inventory = config.System.Snapshot();
        return new HostInfo
        {
            Name = host,
            Profile = p.Model,
            MachineType = ms.MachineType,
            Model = ms.Model,
            Serial = ms.Serial,
            Firmware = FirmwareKind.Phyp,
            Backend = Kind,
            AvailabilityZone = config.AvailabilityZone,
            Operating = ms.State is "operating" or "",
            StatusReason = ms.State is "operating" or "" ? "" : $"the HMC reports the managed system {ms.Name} as {ms.State}",
            Capabilities = GetCapabilities(host),
            PcieSlots = inventory.TotalSlots,
            FreePcieSlots = inventory.FreeSlots,
            Processors = new HostProcessorCapacity(p.Sockets, (int)ms.InstalledUnits, (int)ms.ConfigurableUnits, (int)Math.Floor(ms.AvailableUnits),
                ms.ConfigurableUnits, ms.AvailableUnits, inventory.SmtThreads, (decimal)p.FrequencyGhz, 0),
            Memory = new HostMemoryCapacity(ms.InstalledMemory, ms.ConfigurableMemory, ms.HypervisorMemory, ms.AvailableMemory, ms.LmbSize, p.MaxMemoryMb),
        };
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _hmc.LogoffAsync(cts.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HmcUnreachableException or OperationCanceledException or HmcException)
        {
            // Logging off is a courtesy; the HMC expires idle sessions itself.
        }

        _hmc.Dispose();
    }

    private static string SuspendReason(ManagedSystemView? ms) =>
        "suspend needs a reserved storage device pool served by a VIOS, which this driver does not configure"
        + (ms is { SuspendCapable: false } ? "; the managed system also does not report LogicalPartitionSuspendCapable" : "");

    private BackendHost Config(string host) => _hosts.TryGetValue(host, out var h) ? h : throw new NotFoundError("host", host);

    /// <summary>The managed system of a host as the HMC reports it (cached unless <paramref name="refresh"/>).</summary>
    private async Task<ManagedSystemView> SystemAsync(string host, bool refresh, CancellationToken ct)
    {
        Config(host);
        if (!refresh && _systems.TryGetValue(host, out var cached))
        {
            return cached;
        }

        var name = _settings.SystemName(host);
        var all = await CallAsync(host, () => _hmc.ListSystemsAsync(ct), Context(host)).ConfigureAwait(false);
        var ms = all.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.Ordinal))
            ?? throw new UnavailableError(host, Kind, $"the HMC at {_hmc.Url} manages no system named '{name}' (it manages: {string.Join(", ", all.Select(s => s.Name))})");
        _systems[host] = ms;
        return ms;
    }

    private static HmcErrorContext Context(string host, InstanceRecord? r = null, InstanceAction action = InstanceAction.Create) =>
        new(host, r?.Id.ToString() ?? "", r?.State ?? InstanceState.Building, action);

    /// <summary>Runs an HMC call, mapping its failure to a typed error and tracking whether the HMC is reachable.</summary>
    private async Task<T> CallAsync<T>(string host, Func<Task<T>> call, HmcErrorContext context)
    {
        try
        {
            var result = await call().ConfigureAwait(false);
            _unreachable.TryRemove(host, out _);
            return result;
        }
        catch (Exception ex) when (ex is HmcException or HmcUnreachableException or TimeoutException)
        {
            if (ex is HmcUnreachableException)
            {
                _unreachable[host] = (ex.Message, DateTimeOffset.UtcNow);
            }

            throw HmcErrorMapper.Map(ex, context);
        }
    }

    private async Task CallAsync(string host, Func<Task> call, HmcErrorContext context) =>
        await CallAsync(host, async () =>
        {
            await call().ConfigureAwait(false);
            return true;
        }, context).ConfigureAwait(false);

    private static BackendObservation Observe(PartitionView view) =>
        new(PartitionStateTable.ToCanonical(view.State), view.State, view.Uuid, view.Allocation);
}
