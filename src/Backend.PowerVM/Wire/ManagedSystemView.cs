using System.Xml.Linq;

namespace PowerDrivers.Backend.PowerVM.Wire;

/// <summary>A ManagedSystem as the HMC reports it: identity, capacity, LMB size and the capabilities the backend reads.</summary>
internal sealed record ManagedSystemView
{
    public const string Type = "ManagedSystem";

    public required string Uuid { get; init; }
    public required string Name { get; init; }
    public string State { get; init; } = "";
    public string MachineType { get; init; } = "";
    public string Model { get; init; } = "";
    public string Serial { get; init; } = "";
    public decimal InstalledUnits { get; init; }
    public decimal ConfigurableUnits { get; init; }
    public decimal AvailableUnits { get; init; }
    public decimal MinimumUnitsPerVirtualProcessor { get; init; } = 0.05m;
    public int MaxVirtualProcessorsPerPartition { get; init; }
    public long InstalledMemory { get; init; }
    public long ConfigurableMemory { get; init; }
    public long AvailableMemory { get; init; }
    public long HypervisorMemory { get; init; }
    public long LmbSize { get; init; }
    public bool SuspendCapable { get; init; }
    public bool IbmICapable { get; init; }
    public bool SharedMemoryCapable { get; init; }
    public bool MemoryExpansionCapable { get; init; }
    public bool DedicatedCapable { get; init; } = true;
    public bool MicroPartitionCapable { get; init; } = true;

    public static IReadOnlyList<ManagedSystemView> ReadAll(string body) =>
        [.. Uom.Objects(Uom.Parse(body), Type).Select(o => Read(o.Element))];

    public static ManagedSystemView Read(XElement e)
    {
        var caps = e.Child("AssociatedSystemCapabilities");
        var proc = e.Child("AssociatedSystemProcessorConfiguration");
        var mem = e.Child("AssociatedSystemMemoryConfiguration");
        var mtms = e.Child("MachineTypeModelAndSerialNumber");
        return new ManagedSystemView
        {
            Uuid = e.Child("Metadata").Child("Atom").Str("AtomID") ?? "",
            Name = e.Str("SystemName") ?? "",
            State = e.Str("State") ?? "",
            MachineType = mtms.Str("MachineType") ?? "",
            Model = mtms.Str("Model") ?? "",
            Serial = mtms.Str("SerialNumber") ?? "",
            InstalledUnits = proc.Dec("InstalledSystemProcessorUnits") ?? 0,
            ConfigurableUnits = proc.Dec("ConfigurableSystemProcessorUnits") ?? 0,
            AvailableUnits = proc.Dec("CurrentAvailableSystemProcessorUnits") ?? 0,
            MinimumUnitsPerVirtualProcessor = proc.Dec("MinimumProcessorUnitsPerVirtualProcessor") ?? 0.05m,
            MaxVirtualProcessorsPerPartition = proc.Int("CurrentMaximumVirtualProcessorsPerAIXOrLinuxPartition") ?? proc.Int("MaximumAllowedVirtualProcessorsPerPartition") ?? 0,
            InstalledMemory = mem.Long("InstalledSystemMemory") ?? 0,
            ConfigurableMemory = mem.Long("ConfigurableSystemMemory") ?? 0,
            AvailableMemory = mem.Long("CurrentAvailableSystemMemory") ?? 0,
            HypervisorMemory = mem.Long("MemoryUsedByHypervisor") ?? 0,
            LmbSize = mem.Long("CurrentLogicalMemoryBlockSize") ?? 0,
            SuspendCapable = caps.Bool("LogicalPartitionSuspendCapable") ?? false,
            IbmICapable = caps.Bool("IBMiCapable") ?? false,
            SharedMemoryCapable = caps.Bool("ActiveMemorySharingCapable") ?? false,
            MemoryExpansionCapable = caps.Bool("ActiveMemoryExpansionCapable") ?? false,
            DedicatedCapable = caps.Bool("DedicatedProcessorPartitionCapable") ?? true,
            MicroPartitionCapable = caps.Bool("MicroLogicalPartitionCapable") ?? true,
        };
    }
}
