namespace PowerDrivers.Hardware.Power8;

/// <summary>An adapter card seated in a PCIe slot.</summary>
/// <param name="Kind">Ethernet, Fibre Channel or SAS.</param>
/// <param name="Ports">Number of physical ports (positive).</param>
/// <param name="SpeedGbps">Port speed in Gb/s (positive).</param>
/// <param name="Npiv">True when the adapter supports N_Port ID Virtualization (Fibre Channel only).</param>
/// <param name="Description">Free text, e.g. the IBM feature code.</param>
public sealed record PcieAdapter(AdapterKind Kind, int Ports, int SpeedGbps, bool Npiv, string Description);
