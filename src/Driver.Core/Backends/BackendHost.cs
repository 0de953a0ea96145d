using PowerDrivers.Driver.Core.Model;
using PowerDrivers.Hardware.Power8;

namespace PowerDrivers.Driver.Core.Backends;

/// <summary>
/// A configured host as a backend receives it: the managed system built from its hardware profile under its
/// firmware (the single source of capacity truth), its FSP with NVRAM, and where the backend may keep files.
/// </summary>
/// <param name="Name">Host name.</param>
/// <param name="Backend">"powervm" or "powerkvm".</param>
/// <param name="AvailabilityZone">Availability zone.</param>
/// <param name="System">The managed system.</param>
/// <param name="Fsp">Its service processor.</param>
/// <param name="DataDirectory">A directory of this host's own for backend files.</param>
public sealed record BackendHost(string Name, string Backend, string AvailabilityZone, ManagedSystem System, Fsp Fsp, string DataDirectory)
{
    /// <summary>The hardware profile.</summary>
    public HardwareProfile Profile => System.Profile;

    /// <summary>The host's inventory and free capacity from its managed system.</summary>
    public HostInfo Describe(Capabilities capabilities, bool operating, string reason)
    {
        var s = System.Snapshot();
        var p = Profile;
        return new HostInfo
        {
            Name = Name,
            Profile = p.Model,
            MachineType = p.MachineType,
            Model = p.ModelCode,
            Serial = System.Serial,
            Firmware = System.Firmware == Firmware.Phyp ? FirmwareKind.Phyp : FirmwareKind.Opal,
            Backend = Backend,
            AvailabilityZone = AvailabilityZone,
            Operating = operating,
            StatusReason = reason,
            Capabilities = capabilities,
            PcieSlots = s.TotalSlots,
            FreePcieSlots = s.FreeSlots,
            Processors = new HostProcessorCapacity(p.Sockets, s.InstalledCores, s.ActivatedCores, s.FreeCores,
                s.TotalProcessingUnits, s.FreeProcessingUnits, s.SmtThreads, (decimal)p.FrequencyGhz, s.FreeVirtualCpus),
            Memory = new HostMemoryCapacity(s.InstalledMemoryMb, s.ActivatedMemoryMb, s.HypervisorReservedMemoryMb, s.FreeMemoryMb, s.LmbSizeMb, p.MaxMemoryMb),
        };
    }
}
