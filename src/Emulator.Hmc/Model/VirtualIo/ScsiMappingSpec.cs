namespace PowerDrivers.Emulator.Hmc.Model;

/// <summary>A vSCSI mapping a client asks for (REST diff or in-process).</summary>
/// <param name="ClientUuid">Client partition.</param>
/// <param name="ServerSlot">Existing server adapter slot to reuse, or null for a new adapter pair.</param>
/// <param name="Backing">Backing device, or null.</param>
public sealed record ScsiMappingSpec(string ClientUuid, int? ServerSlot, ScsiBacking? Backing);
