namespace PowerDrivers.Emulator.Hmc.Model;

/// <summary>A vFC mapping a client asks for.</summary>
/// <param name="ClientUuid">Client partition.</param>
/// <param name="ServerSlot">Existing server adapter slot, or null for a new adapter pair.</param>
/// <param name="PortName">Physical port (fcsN), or null for none.</param>
/// <param name="Wwpns">A WWPN pair to keep (e.g. after migration), or null to allocate one.</param>
public sealed record FcMappingSpec(string ClientUuid, int? ServerSlot, string? PortName, IReadOnlyList<string>? Wwpns = null);
