namespace PowerDrivers.Emulator.Hmc.Model;

/// <summary>What an active partition currently holds (granted at activation between minimum and desired, moved by DLPAR).</summary>
/// <param name="Processors">Dedicated processors (0 for shared).</param>
/// <param name="UnitsCenti">Shared processing units, hundredths (0 for dedicated).</param>
/// <param name="VirtualProcessors">Shared virtual processors (0 for dedicated).</param>
/// <param name="MemoryMb">Memory, MB.</param>
public sealed record Allocation(int Processors, int UnitsCenti, int VirtualProcessors, long MemoryMb)
{
    /// <summary>Nothing held.</summary>
    public static Allocation None { get; } = new(0, 0, 0, 0);
}
