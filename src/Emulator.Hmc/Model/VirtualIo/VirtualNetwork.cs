namespace PowerDrivers.Emulator.Hmc.Model;

/// <summary>A VLAN on a virtual switch, as a named object.</summary>
/// <param name="Uuid">UUID.</param>
/// <param name="Name">Name, e.g. VLAN2227-ETHERNET0.</param>
/// <param name="VlanId">VLAN ID 1..4094.</param>
/// <param name="Tagged">Carried tagged.</param>
public sealed record VirtualNetwork(string Uuid, string Name, int VlanId, bool Tagged);
