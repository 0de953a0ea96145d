namespace PowerDrivers.Hardware.Power8;

/// <summary>A PCIe slot of the system, identified by its physical location code.</summary>
/// <param name="LocationCode">Location code, e.g. <c>U78CB.001.WZS0ABC-P1-C2</c>; unique within a profile.</param>
/// <param name="Generation">PCIe generation (POWER8 systems: 3).</param>
/// <param name="Adapter">The adapter seated in the slot, or null for an empty slot.</param>
public sealed record PcieSlot(string LocationCode, int Generation, PcieAdapter? Adapter);
