using System.Globalization;

namespace PowerDrivers.Hardware.Power8;

/// <summary>
/// What one owner (partition, VIOS, guest) holds of a managed system. A request is either dedicated
/// (<see cref="DedicatedCores"/>) or shared (<see cref="ProcessingUnitsCenti"/> under PHYP, <see cref="VirtualCpus"/>
/// under OPAL), never both kinds of processor at once.
/// </summary>
public sealed record CapacityRequest
{
    /// <summary>Whole cores held exclusively.</summary>
    public int DedicatedCores { get; init; }

    /// <summary>PHYP shared processing units in hundredths of a core (50 = 0.50 units). Refused under OPAL.</summary>
    public int ProcessingUnitsCenti { get; init; }

    /// <summary>
    /// Virtual CPUs. Under OPAL they are the processor resource (hardware threads × overcommit), unless the request
    /// has dedicated cores, in which case they must fit on those cores (≤ cores × SMT). Under PHYP they are the
    /// partition's virtual processors: checked against the per-partition maximum only (the HMC rules the ratio).
    /// </summary>
    public int VirtualCpus { get; init; }

    /// <summary>Memory in MB; a multiple of the system's LMB size.</summary>
    public long MemoryMb { get; init; }

    /// <summary>Maximum memory in MB (sizes the PHYP hardware page table); 0 means equal to <see cref="MemoryMb"/>.</summary>
    public long MaxMemoryMb { get; init; }

    /// <summary>PCIe slots (location codes) assigned to the owner.</summary>
    public IReadOnlyList<string> Slots { get; init; } = [];

    /// <summary>Processing units as a decimal number of cores (<see cref="ProcessingUnitsCenti"/> / 100).</summary>
    public decimal ProcessingUnits => ProcessingUnitsCenti / 100m;

    /// <summary>
    /// Converts processing units (e.g. 0.35) to hundredths; throws <see cref="ArgumentOutOfRangeException"/> when the
    /// value is negative or not a multiple of 0.01 (it is never rounded).
    /// </summary>
    public static int ToCenti(decimal processingUnits)
    {
        var centi = processingUnits * 100m;
        return processingUnits < 0 || centi != decimal.Truncate(centi) || centi > int.MaxValue
            ? throw new ArgumentOutOfRangeException(nameof(processingUnits), processingUnits,
                string.Create(CultureInfo.InvariantCulture, $"processing units must be a non-negative multiple of 0.01 (got {processingUnits})"))
            : (int)centi;
    }
}
