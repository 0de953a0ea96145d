using PowerDrivers.Emulator.Hmc.Faults;
using PowerDrivers.Emulator.Hmc.Jobs;
using PowerDrivers.Emulator.Hmc.Model;
using PowerDrivers.Hardware.Power8;

namespace PowerDrivers.Emulator.Hmc;

/// <summary>
/// The emulated HMC without its REST front: the managed systems (PHYP + FSP each), the event log, jobs and fault
/// injection. Usable in-process; <see cref="HmcServer"/> serves it over the HMC REST API.
/// </summary>
public sealed partial class HmcModel : IDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private readonly List<EmulatedSystem> systems = [];
    private readonly CancellationToken stopToken;

    /// <summary>Builds (first start) or reloads (from the FSP NVRAM files in the data directory) every managed system.</summary>
    public HmcModel(HmcOptions options, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        Clock = clock ?? TimeProvider.System;
        stopToken = stopping.Token;
        var catalog = ProfileCatalog.LoadBuiltIn();
        if (options.ProfileDirectory is not null)
        {
            catalog = catalog.WithDirectory(options.ProfileDirectory);
        }

        var nvramDirectory = Path.Combine(options.DataDirectory, "fsp");
        foreach (var setup in options.Systems)
        {
            var machine = setup.Fsp?.System ?? setup.Machine ?? new ManagedSystem(catalog.Get(setup.Profile), Firmware.Phyp, setup.Name, setup.Serial);
            systems.Add(new EmulatedSystem(machine, setup.Fsp ?? new Fsp(machine, nvramDirectory), setup, Events, Clock));
        }

        Faults.Immediate = CrashVios;
        foreach (var fault in options.Faults)
        {
            Faults.Add(fault);
        }

        ConsoleUuid = EmulatedSystem.NameUuid("ManagementConsole:" + options.ConsoleName);
    }

    /// <summary>Configuration.</summary>
    public HmcOptions Options { get; }

    /// <summary>Clock of jobs and timestamps.</summary>
    public TimeProvider Clock { get; }

    /// <summary>The managed systems, in configuration order.</summary>
    public IReadOnlyList<EmulatedSystem> Systems => systems;

    /// <summary>The event feed.</summary>
    public EventLog Events { get; } = new();

    /// <summary>Injected faults.</summary>
    public FaultInjector Faults { get; } = new();

    /// <summary>UUID of the management console.</summary>
    public string ConsoleUuid { get; }

    /// <summary>The system with <paramref name="uuid"/> (or name), or null.</summary>
    public EmulatedSystem? FindSystem(string uuid) =>
        systems.FirstOrDefault(s => string.Equals(s.Uuid, uuid, StringComparison.OrdinalIgnoreCase) || string.Equals(s.Name, uuid, StringComparison.Ordinal));

    /// <summary>The partition (LPAR or VIOS) with <paramref name="uuid"/> on any system, or null.</summary>
    public PartitionView? FindPartition(string uuid)
    {
        foreach (var system in systems)
        {
            if (system.Find(uuid) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private void CrashVios(FaultRule rule)
    {
        foreach (var system in systems)
        {
            var vios = system.Partitions(vios: true).FirstOrDefault(v => string.Equals(v.Uuid, rule.Target, StringComparison.OrdinalIgnoreCase) || v.Definition.Name == rule.Target);
            if (vios is not null)
            {
                system.CrashVios(vios.Uuid);
                return;
            }
        }

        throw Hscl.Missing("virtual I/O server", rule.Target ?? string.Empty);
    }

    /// <summary>Stops running jobs.</summary>
    public void Dispose()
    {
        stopping.Cancel();
        stopping.Dispose();
    }
}
