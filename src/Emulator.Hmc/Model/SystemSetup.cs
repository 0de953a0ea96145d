namespace PowerDrivers.Emulator.Hmc.Model;

/// <summary>How one emulated managed system is set up at first start (later starts reload the FSP NVRAM).</summary>
public sealed record SystemSetup
{
    /// <summary>System name (as the HMC shows it), e.g. <c>powervm-1</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Hardware profile model or machine type-model, e.g. <c>S822L</c>.</summary>
    public string Profile { get; init; } = "S822L";

    /// <summary>
    /// A machine built by the host (e.g. the driver, sharing its capacity bookkeeping); when null the emulator builds
    /// one from <see cref="Profile"/> under PHYP.
    /// </summary>
    public PowerDrivers.Hardware.Power8.ManagedSystem? Machine { get; init; }

    /// <summary>
    /// The service processor built by the host for <see cref="Machine"/> (its NVRAM file must have one owner); when
    /// null the emulator opens <c>&lt;data&gt;/fsp/&lt;serial&gt;.nvram</c> itself.
    /// </summary>
    public PowerDrivers.Hardware.Power8.Fsp? Fsp { get; init; }

    /// <summary>Serial number; derived from the name when null.</summary>
    public string? Serial { get; init; }

    /// <summary>VIOS partitions created at first start (owning the physical adapters between them). Default 2.</summary>
    public int ViosCount { get; init; } = 2;

    /// <summary>Processors of each VIOS. Default shared 0.50/1.00/4.00 units, 1/2/4 virtual processors, uncapped weight 255.</summary>
    public ProcessorSettings ViosProcessors { get; init; } = ProcessorSettings.Shared(50, 100, 400, 1, 2, 4, uncapped: true, weight: 255);

    /// <summary>Memory of each VIOS. Default 2048/4096/8192 MB.</summary>
    public MemorySettings ViosMemory { get; init; } = new(2048, 4096, 8192);

    /// <summary>The system has the Active Memory Expansion capability (activation code entered). Default true.</summary>
    public bool ActiveMemoryExpansionCapable { get; init; } = true;

    /// <summary>The system has the Active Memory Sharing capability (PowerVM Enterprise Edition). Default true.</summary>
    public bool ActiveMemorySharingCapable { get; init; } = true;

    /// <summary>A shared memory pool configured at first start (paging VIOS by partition ID); none by default.</summary>
    public SharedMemoryPoolSetup? SharedMemoryPool { get; init; }

    /// <summary>Shared processor pools including the default pool 0. Default 64 (0..63), as on POWER8.</summary>
    public int SharedPoolCount { get; init; } = 64;

    /// <summary>Pools configured at first start (by ID 1..count-1): maximum and reserved units.</summary>
    public IReadOnlyList<PoolSetup> Pools { get; init; } = [];

    /// <summary>Capacity of the shared storage pool created at first start across the VIOS partitions, GB. Default 2 TiB.</summary>
    public decimal SharedStoragePoolCapacityGb { get; init; } = 2048;

    /// <summary>Port VLAN ID of the network bridge created at first start (one SEA per VIOS). Default 1.</summary>
    public int DefaultBridgeVlanId { get; init; } = 1;

    /// <summary>Control channel VLAN of that bridge. Default 99 (shown as ControlChannelID).</summary>
    public int ControlChannelId { get; init; } = 99;

    /// <summary>The SEA failover time model.</summary>
    public SeaFailoverModel SeaFailover { get; init; } = new();
}

/// <summary>A shared processor pool configured at first start.</summary>
/// <param name="Id">Pool ID (1..count-1).</param>
/// <param name="MaximumUnits">Maximum processing units.</param>
/// <param name="ReservedUnits">Reserved processing units.</param>
/// <param name="Name">Pool name; SharedPoolNN when null.</param>
public sealed record PoolSetup(int Id, decimal MaximumUnits, decimal ReservedUnits = 0, string? Name = null);
