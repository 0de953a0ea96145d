namespace PowerDrivers.Hardware.Power8;

/// <summary>What a validated request actually draws from the system's pools.</summary>
/// <param name="DedicatedCores">Whole cores.</param>
/// <param name="Centi">PHYP processing units, hundredths.</param>
/// <param name="PooledVcpus">OPAL vCPUs drawn from the shared thread pool (0 when running on dedicated cores).</param>
/// <param name="MemoryMb">Partition or guest memory.</param>
/// <param name="HptMb">PHYP hardware page table held by the hypervisor for this partition.</param>
/// <param name="Slots">Canonical slot location codes.</param>
internal sealed record Charge(int DedicatedCores, int Centi, int PooledVcpus, long MemoryMb, long HptMb, IReadOnlyList<string> Slots)
{
    public static Charge None { get; } = new(0, 0, 0, 0, 0, []);
}
