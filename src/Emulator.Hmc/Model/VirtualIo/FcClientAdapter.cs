namespace PowerDrivers.Emulator.Hmc.Model;

/// <summary>A client vFC adapter as the client sees it.</summary>
/// <param name="ViosUuid">The VIOS holding the server adapter.</param>
/// <param name="Mapping">The mapping.</param>
/// <param name="LoggedIn">The first WWPN is logged in to the fabric (client active, VIOS running, port mapped).</param>
public sealed record FcClientAdapter(string ViosUuid, FcMapping Mapping, bool LoggedIn);
