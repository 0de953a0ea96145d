using PowerDrivers.Driver.Core.Model;

namespace PowerDrivers.Driver.Core.Backends;

/// <summary>A host (managed system) as its backend reports it now.</summary>
public sealed record HostInfo
{
    /// <summary>Configured host name.</summary>
    public required string Name { get; init; }
    /// <summary>Hardware profile model ("S822L").</summary>
    public required string Profile { get; init; }
    /// <summary>Machine type ("8247").</summary>
    public required string MachineType { get; init; }
    /// <summary>Model code ("22L").</summary>
    public required string Model { get; init; }
    /// <summary>Serial number.</summary>
    public required string Serial { get; init; }
    /// <summary>Firmware.</summary>
    public required FirmwareKind Firmware { get; init; }
    /// <summary>"powervm" or "powerkvm".</summary>
    public required string Backend { get; init; }
    /// <summary>Availability zone.</summary>
    public string AvailabilityZone { get; init; } = "";
    /// <summary>True when lifecycle calls are accepted.</summary>
    public bool Operating { get; init; }
    /// <summary>Why not operating.</summary>
    public string StatusReason { get; init; } = "";
    /// <summary>Processor capacity.</summary>
    public required HostProcessorCapacity Processors { get; init; }
    /// <summary>Memory capacity.</summary>
    public required HostMemoryCapacity Memory { get; init; }
    /// <summary>PCIe slots in the system.</summary>
    public int PcieSlots { get; init; }
    /// <summary>PCIe slots not assigned.</summary>
    public int FreePcieSlots { get; init; }
    /// <summary>What the backend can do here.</summary>
    public required Capabilities Capabilities { get; init; }
    /// <summary>Page-sharing figures (KSM), when the host can report them.</summary>
    public PageSharingFigures? PageSharing { get; init; }

    /// <summary>Machine type-model*serial.</summary>
    public string Mtms => $"{MachineType}-{Model}*{Serial}";
}

/// <summary>Processor capacity of a host.</summary>
/// <param name="Sockets">Sockets.</param>
/// <param name="InstalledCores">Installed cores.</param>
/// <param name="ActiveCores">Activated cores (Capacity on Demand).</param>
/// <param name="FreeCores">Active cores that no instance holds as dedicated.</param>
/// <param name="TotalProcessingUnits">Active cores × 1.0 under PHYP; 0 under OPAL.</param>
/// <param name="FreeProcessingUnits">Not entitled to any instance.</param>
/// <param name="SmtThreads">Threads per core.</param>
/// <param name="FrequencyGhz">Clock.</param>
/// <param name="FreeVirtualCpus">OPAL: vCPUs that may still be given after overcommit.</param>
public sealed record HostProcessorCapacity(
    int Sockets, int InstalledCores, int ActiveCores, int FreeCores,
    decimal TotalProcessingUnits, decimal FreeProcessingUnits, int SmtThreads, decimal FrequencyGhz, int FreeVirtualCpus);

/// <summary>Memory capacity of a host, MB.</summary>
/// <param name="InstalledMb">Installed.</param>
/// <param name="ActiveMb">Activated.</param>
/// <param name="HypervisorReservedMb">Held by the hypervisor/host.</param>
/// <param name="FreeMb">Free for instances.</param>
/// <param name="LmbSizeMb">Logical memory block.</param>
/// <param name="MaxMb">Most the system can hold.</param>
public sealed record HostMemoryCapacity(long InstalledMb, long ActiveMb, long HypervisorReservedMb, long FreeMb, long LmbSizeMb, long MaxMb);

/// <summary>Kernel Samepage Merging figures of a host.</summary>
/// <param name="Running">KSM runs.</param>
/// <param name="PagesShared">Shared pages in use.</param>
/// <param name="PagesSharing">Sites sharing them (pages saved).</param>
/// <param name="PagesUnshared">Unique pages scanned repeatedly.</param>
/// <param name="FullScans">Completed scans.</param>
/// <param name="SavedMb">Memory saved, MB.</param>
public sealed record PageSharingFigures(bool Running, long PagesShared, long PagesSharing, long PagesUnshared, long FullScans, long SavedMb);
