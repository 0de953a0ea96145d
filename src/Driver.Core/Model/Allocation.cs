namespace PowerDrivers.Driver.Core.Model;

/// <summary>What the platform actually granted to an instance.</summary>
/// <param name="VirtualProcessors">Virtual processors or vCPUs online.</param>
/// <param name="ProcessingUnits">Entitled processing units (shared, PowerVM).</param>
/// <param name="DedicatedCores">Dedicated cores.</param>
/// <param name="MemoryMb">Memory granted.</param>
public sealed record Allocation(int VirtualProcessors, decimal ProcessingUnits, int DedicatedCores, long MemoryMb)
{
    /// <summary>Nothing granted (a stopped instance).</summary>
    public static Allocation None { get; } = new(0, 0m, 0, 0);
}
