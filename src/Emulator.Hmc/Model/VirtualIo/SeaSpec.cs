namespace PowerDrivers.Emulator.Hmc.Model;

/// <summary>A SEA to create in a network bridge.</summary>
/// <param name="ViosUuid">VIOS.</param>
/// <param name="BackingPorts">Physical Ethernet ports (entN): one, or several for an 802.3ad link aggregation.</param>
/// <param name="TrunkPriority">1 for the primary, 2.. for backups.</param>
public sealed record SeaSpec(string ViosUuid, IReadOnlyList<string> BackingPorts, int TrunkPriority);
