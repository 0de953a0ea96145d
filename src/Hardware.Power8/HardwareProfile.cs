namespace PowerDrivers.Hardware.Power8;

/// <summary>
/// One POWER8 server model in one default configuration, loaded from a YAML profile: how big the machine is
/// (cores, memory, slots) and which firmware it can run. Immutable; validated by <see cref="ProfileCatalog"/>.
/// </summary>
public sealed class HardwareProfile
{
    /// <summary>Model name, e.g. <c>S822L</c>.</summary>
    public required string Model { get; init; }

    /// <summary>Four-digit machine type, e.g. <c>8247</c>.</summary>
    public required string MachineType { get; init; }

    /// <summary>Three-character model code, e.g. <c>22L</c>.</summary>
    public required string ModelCode { get; init; }

    /// <summary>Machine type and model as IBM writes it, e.g. <c>8247-22L</c>.</summary>
    public string MachineTypeModel => $"{MachineType}-{ModelCode}";

    /// <summary>Human description of the configuration.</summary>
    public required string Description { get; init; }

    /// <summary>System nodes (drawers) of an enterprise system; 1 for scale-out servers.</summary>
    public required int Nodes { get; init; }

    /// <summary>Processor sockets in the whole system.</summary>
    public required int Sockets { get; init; }

    /// <summary>Cores per socket (single-chip module).</summary>
    public required int CoresPerSocket { get; init; }

    /// <summary>Nominal core frequency in GHz.</summary>
    public required double FrequencyGhz { get; init; }

    /// <summary>Hardware threads per core (POWER8: 8).</summary>
    public required int SmtThreads { get; init; }

    /// <summary>Installed cores (= sockets × cores per socket).</summary>
    public required int InstalledCores { get; init; }

    /// <summary>Cores activated by Capacity on Demand (≤ installed); only these are configurable.</summary>
    public required int ActivatedCores { get; init; }

    /// <summary>Installed memory, MB.</summary>
    public required long InstalledMemoryMb { get; init; }

    /// <summary>Memory activated by Capacity on Demand (≤ installed), MB; only this is configurable.</summary>
    public required long ActivatedMemoryMb { get; init; }

    /// <summary>Most memory the model can hold, MB (≥ installed).</summary>
    public required long MaxMemoryMb { get; init; }

    /// <summary>Logical memory block size, MB: a power of two in 16..256. Every memory amount is a multiple of it.</summary>
    public required int LmbSizeMb { get; init; }

    /// <summary>Most partitions (or guests) the system may hold at once.</summary>
    public required int MaxPartitions { get; init; }

    /// <summary>Most virtual processors one partition may have.</summary>
    public required int MaxVirtualProcessorsPerPartition { get; init; }

    /// <summary>Processor compatibility modes a partition may select (e.g. <c>default</c>, <c>POWER7</c>, <c>POWER8</c>).</summary>
    public required IReadOnlyList<string> ProcessorCompatibilityModes { get; init; }

    /// <summary>Firmware the model can run: PHYP on every model, OPAL only on the Linux-only scale-out models.</summary>
    public required IReadOnlyList<Firmware> SupportedFirmware { get; init; }

    /// <summary>Service processor facts.</summary>
    public required ServiceProcessorProfile ServiceProcessor { get; init; }

    /// <summary>PCIe slots with their adapters, in profile order.</summary>
    public required IReadOnlyList<PcieSlot> PcieSlots { get; init; }

    /// <summary>Where the profile came from (embedded resource name or file path).</summary>
    public required string Source { get; init; }

    /// <summary>True when the model can run <paramref name="firmware"/>.</summary>
    public bool Supports(Firmware firmware) => SupportedFirmware.Contains(firmware);

    /// <inheritdoc />
    public override string ToString() => $"{Model} ({MachineTypeModel})";
}
