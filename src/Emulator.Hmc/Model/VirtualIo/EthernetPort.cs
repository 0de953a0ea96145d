namespace PowerDrivers.Emulator.Hmc.Model;

/// <summary>A physical Ethernet port of a VIOS (entN).</summary>
/// <param name="Name">Device name, e.g. ent0.</param>
/// <param name="LocationCode">Physical location code of the port.</param>
/// <param name="Description">Adapter description.</param>
public sealed record EthernetPort(string Name, string LocationCode, string Description);
