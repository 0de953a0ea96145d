namespace PowerDrivers.Hardware.Power8;

/// <summary>A consistent picture of a managed system's capacity, taken under its lock.</summary>
public sealed record CapacitySnapshot
{
    /// <summary>Firmware the system runs.</summary>
    public required Firmware Firmware { get; init; }

    /// <summary>Installed cores.</summary>
    public required int InstalledCores { get; init; }

    /// <summary>Activated (configurable) cores.</summary>
    public required int ActivatedCores { get; init; }

    /// <summary>Cores held as dedicated cores.</summary>
    public required int DedicatedCores { get; init; }

    /// <summary>Whole cores a new dedicated request could still take (not dedicated, not needed by shared use).</summary>
    public required int FreeCores { get; init; }

    /// <summary>PHYP: activated cores × 1.0 processing units; 0 under OPAL.</summary>
    public required decimal TotalProcessingUnits { get; init; }

    /// <summary>PHYP: processing units neither entitled to a shared partition nor inside a dedicated core; 0 under OPAL.</summary>
    public required decimal FreeProcessingUnits { get; init; }

    /// <summary><see cref="TotalProcessingUnits"/> in hundredths.</summary>
    public required int TotalProcessingUnitsCenti { get; init; }

    /// <summary><see cref="FreeProcessingUnits"/> in hundredths.</summary>
    public required int FreeProcessingUnitsCenti { get; init; }

    /// <summary>Hardware threads per core.</summary>
    public required int SmtThreads { get; init; }

    /// <summary>OPAL: vCPUs the shared cores offer after overcommit; 0 under PHYP.</summary>
    public required int TotalVirtualCpus { get; init; }

    /// <summary>OPAL: vCPUs still available; 0 under PHYP.</summary>
    public required int FreeVirtualCpus { get; init; }

    /// <summary>Installed memory, MB.</summary>
    public required long InstalledMemoryMb { get; init; }

    /// <summary>Activated memory, MB.</summary>
    public required long ActivatedMemoryMb { get; init; }

    /// <summary>Held by the hypervisor (PHYP: base reserve + every partition's HPT) or the host OS (OPAL), MB.</summary>
    public required long HypervisorReservedMemoryMb { get; init; }

    /// <summary>Memory assigned to partitions or guests, MB (excluding HPTs).</summary>
    public required long AssignedMemoryMb { get; init; }

    /// <summary>Memory a new request could still get, MB (OPAL: after memory overcommit).</summary>
    public required long FreeMemoryMb { get; init; }

    /// <summary>Logical memory block size, MB.</summary>
    public required int LmbSizeMb { get; init; }

    /// <summary>PCIe slots in the system.</summary>
    public required int TotalSlots { get; init; }

    /// <summary>Slots assigned to an owner.</summary>
    public required int UsedSlots { get; init; }

    /// <summary>Slots nobody owns.</summary>
    public int FreeSlots => TotalSlots - UsedSlots;

    /// <summary>Live reservations (partitions or guests holding capacity).</summary>
    public required int ReservationCount { get; init; }

    /// <summary>Live reservations held by partitions (or guests): the ones that use partition slots.</summary>
    public int PartitionCount { get; init; }

    /// <summary>Most partitions the system accepts (pool and other system reservations do not count).</summary>
    public required int MaxPartitions { get; init; }
}
