using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Hardware.Power8;

namespace PowerDrivers.Backend.PowerKVM;

/// <summary>
/// Builds the PowerKVM backend for the hosts configured with it. With CPU or memory overcommit ratios configured, each
/// host's managed system is rebuilt under OPAL with those ratios before any guest exists (it stays the single source
/// of capacity truth for the host).
/// </summary>
public sealed class PowerKvmBackendProvider : IBackendProvider
{
    /// <inheritdoc/>
    public string Kind => PowerKvmBackend.BackendKind;

    /// <inheritdoc/>
    public IComputeBackend Create(IReadOnlyList<BackendHost> hosts, IReadOnlyDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        var parsed = PowerKvmSettings.From(settings);
        return new PowerKvmBackend([.. hosts.Select(h => WithRatios(h, parsed))], parsed);
    }

    /// <summary>The host with its managed system rebuilt for the configured overcommit ratios (unchanged when none are set).</summary>
    public static BackendHost WithRatios(BackendHost host, PowerKvmSettings settings)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.CpuOvercommitRatio is null && settings.MemoryOvercommitRatio is null)
        {
            return host;
        }

        var options = host.System.Options with
        {
            CpuOvercommitRatio = settings.CpuOvercommitRatio ?? host.System.Options.CpuOvercommitRatio,
            MemoryOvercommitRatio = settings.MemoryOvercommitRatio ?? host.System.Options.MemoryOvercommitRatio,
        };
        var system = new ManagedSystem(host.Profile, host.System.Firmware, host.System.Name, host.System.Serial, options);
        return host with { System = system };
    }
}
