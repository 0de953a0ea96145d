namespace PowerDrivers.Driver.Core.Model;

/// <summary>Memory configuration of an instance, in MB.</summary>
/// <param name="MinMb">Minimum.</param>
/// <param name="DesiredMb">Desired (what activation tries to grant).</param>
/// <param name="MaxMb">Maximum (ceiling for live growth).</param>
/// <param name="Mode">Dedicated or shared (AMS).</param>
/// <param name="SharedWeight">AMS memory weight 0–255.</param>
/// <param name="ExpansionFactor">AME factor: 0 = off, else 1.00–10.00.</param>
public sealed record MemorySpec(
    long MinMb,
    long DesiredMb,
    long MaxMb,
    MemoryMode Mode = MemoryMode.Dedicated,
    int SharedWeight = 128,
    decimal ExpansionFactor = 0m)
{
    /// <summary>True when min ≤ desired ≤ max.</summary>
    public bool IsOrdered => MinMb <= DesiredMb && DesiredMb <= MaxMb;
}
