namespace PowerDrivers.Hardware.Power8;

/// <summary>A resource a <see cref="ManagedSystem"/> hands out.</summary>
public enum CapacityResource
{
    /// <summary>Whole cores held by one owner.</summary>
    DedicatedCores,

    /// <summary>Shared processing units (PHYP), in hundredths of a core.</summary>
    ProcessingUnits,

    /// <summary>Virtual CPUs drawn from the host's hardware threads (OPAL).</summary>
    VirtualCpus,

    /// <summary>Memory in MB (under PHYP including the partition's hardware page table).</summary>
    Memory,

    /// <summary>A PCIe slot (by location code).</summary>
    Slot,

    /// <summary>Partitions (or guests) the system may hold at once.</summary>
    Partitions,
}
