namespace PowerDrivers.Driver.Core.Model;

/// <summary>Processor configuration of an instance.</summary>
/// <param name="Mode">Shared or dedicated.</param>
/// <param name="VirtualProcessors">Shared: virtual processors; dedicated: cores; PowerKVM: vCPUs.</param>
/// <param name="ProcessingUnits">Shared only: entitled capacity; null when dedicated.</param>
/// <param name="SharingMode">Shared only.</param>
/// <param name="UncappedWeight">0–255.</param>
/// <param name="SharedPool">Pool name; empty = default pool.</param>
/// <param name="DedicatedSharingMode">Dedicated only.</param>
/// <param name="Topology">Optional guest topology.</param>
/// <param name="CompatibilityMode">"default", "POWER7" or "POWER8".</param>
public sealed record ProcessorSpec(
    ProcessorMode Mode,
    CountRange VirtualProcessors,
    UnitsRange? ProcessingUnits,
    SharingMode SharingMode = SharingMode.Uncapped,
    int UncappedWeight = ProcessorSpec.DefaultWeight,
    string SharedPool = "",
    DedicatedSharingMode DedicatedSharingMode = DedicatedSharingMode.KeepIdleProcs,
    CpuTopology? Topology = null,
    string CompatibilityMode = "default")
{
    /// <summary>The HMC's default uncapped weight.</summary>
    public const int DefaultWeight = 128;
}
