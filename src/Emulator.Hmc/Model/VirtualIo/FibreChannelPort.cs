namespace PowerDrivers.Emulator.Hmc.Model;

/// <summary>A physical Fibre Channel port of a VIOS (fcsN).</summary>
/// <param name="Name">Device name, e.g. fcs0.</param>
/// <param name="LocationCode">Physical location code of the port.</param>
/// <param name="Wwpn">The port's own WWPN (16 hex digits).</param>
/// <param name="Npiv">The adapter supports NPIV.</param>
/// <param name="TotalPorts">Virtual ports (NPIV clients) the port serves at most.</param>
/// <param name="AvailablePorts">Virtual ports still free.</param>
public sealed record FibreChannelPort(string Name, string LocationCode, string Wwpn, bool Npiv, int TotalPorts, int AvailablePorts);
