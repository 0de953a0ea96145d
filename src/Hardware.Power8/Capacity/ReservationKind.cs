namespace PowerDrivers.Hardware.Power8;

/// <summary>What holds a <see cref="Reservation"/>: only partitions (or guests) use one of the system's partition slots.</summary>
public enum ReservationKind
{
    /// <summary>A partition or guest; counts toward <see cref="HardwareProfile.MaxPartitions"/>.</summary>
    Partition,

    /// <summary>Capacity the hypervisor holds for something else (a shared processor pool's reserved units, a shared
    /// memory pool): takes capacity but no partition slot.</summary>
    System,
}
