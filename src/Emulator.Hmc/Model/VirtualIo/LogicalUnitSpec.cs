namespace PowerDrivers.Emulator.Hmc.Model;

/// <summary>A logical unit as a client lists it when updating the pool (UDID null: create it).</summary>
/// <param name="Name">LU name.</param>
/// <param name="CapacityGb">Capacity in GB.</param>
/// <param name="Thin">Thin provisioned.</param>
/// <param name="Udid">UDID of an existing LU, or null for a new one.</param>
public sealed record LogicalUnitSpec(string Name, decimal CapacityGb, bool Thin, string? Udid);
