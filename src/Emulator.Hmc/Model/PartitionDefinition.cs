namespace PowerDrivers.Emulator.Hmc.Model;

/// <summary>A partition's configuration as the HMC and the FSP NVRAM keep it.</summary>
public sealed record PartitionDefinition
{
    /// <summary>AIX/Linux partition type.</summary>
    public const string AixLinux = "AIX/Linux";

    /// <summary>IBM i partition type.</summary>
    public const string IbmI = "OS400";

    /// <summary>Virtual I/O Server partition type.</summary>
    public const string Vios = "Virtual IO Server";

    /// <summary>Partition UUID (upper case, as PHYP reports it).</summary>
    public required string Uuid { get; init; }

    /// <summary>Partition ID, 1..MaximumPartitions.</summary>
    public required int Id { get; init; }

    /// <summary>Name: 1–31 printable ASCII characters, unique on the system.</summary>
    public required string Name { get; init; }

    /// <summary><see cref="AixLinux"/>, <see cref="IbmI"/> or <see cref="Vios"/>.</summary>
    public string Type { get; init; } = AixLinux;

    /// <summary>Processor profile.</summary>
    public required ProcessorSettings Processors { get; init; }

    /// <summary>Memory profile.</summary>
    public required MemorySettings Memory { get; init; }

    /// <summary>Availability priority 0–255 (default 127; VIOS 191).</summary>
    public int AvailabilityPriority { get; init; } = 127;

    /// <summary>Processor compatibility mode requested (<c>default</c>, <c>POWER7</c>, <c>POWER8</c>).</summary>
    public string CompatibilityMode { get; init; } = "default";

    /// <summary>Active Memory Expansion factor: 0 (off) or 1.00–10.00 in steps of 0.01; needs the system capability; changes only while off.</summary>
    public decimal ExpansionFactor { get; init; }

    /// <summary>Active Memory Sharing: the partition's memory comes from the system's shared memory pool.</summary>
    public bool SharedMemory { get; init; }

    /// <summary>Active Memory Sharing: the partition's memory weight 0–255 (a higher weight keeps more of its pages in physical memory).</summary>
    public int MemoryWeight { get; init; }

    /// <summary>PCIe slots (location codes) owned by the partition.</summary>
    public IReadOnlyList<string> Slots { get; init; } = [];

    /// <summary>True for a VIOS.</summary>
    public bool IsVios => Type == Vios;
}
