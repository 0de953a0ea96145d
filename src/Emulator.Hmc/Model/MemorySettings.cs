namespace PowerDrivers.Emulator.Hmc.Model;

/// <summary>A partition's memory profile in MB, each a multiple of the system's logical memory block.</summary>
/// <param name="MinimumMb">Least memory the partition starts with.</param>
/// <param name="DesiredMb">Memory granted at activation when free.</param>
/// <param name="MaximumMb">Most memory DLPAR may add (sizes the hardware page table).</param>
public sealed record MemorySettings(long MinimumMb, long DesiredMb, long MaximumMb);
