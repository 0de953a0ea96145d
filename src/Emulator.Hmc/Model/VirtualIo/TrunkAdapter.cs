namespace PowerDrivers.Emulator.Hmc.Model;

/// <summary>A trunk adapter of a SEA.</summary>
/// <param name="Slot">Virtual slot in the VIOS.</param>
/// <param name="DeviceNumber">N of entN.</param>
/// <param name="MacAddress">MAC address.</param>
public sealed record TrunkAdapter(int Slot, int DeviceNumber, string MacAddress);
