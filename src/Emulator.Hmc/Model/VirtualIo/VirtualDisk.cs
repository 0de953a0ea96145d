namespace PowerDrivers.Emulator.Hmc.Model;

/// <summary>A logical volume of a volume group, mappable over vSCSI.</summary>
/// <param name="Name">Logical volume name.</param>
/// <param name="CapacityGb">Size in GB.</param>
public sealed record VirtualDisk(string Name, decimal CapacityGb);
