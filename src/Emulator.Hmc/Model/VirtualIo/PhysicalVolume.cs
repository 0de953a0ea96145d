namespace PowerDrivers.Emulator.Hmc.Model;

/// <summary>A physical volume (hdisk) a VIOS sees.</summary>
/// <param name="Name">hdisk name.</param>
/// <param name="LocationCode">Physical location.</param>
/// <param name="Udid">Unique device ID.</param>
/// <param name="CapacityMb">Capacity in MB.</param>
/// <param name="Description">Device description.</param>
/// <param name="FibreChannelBacked">A SAN LUN rather than an internal disk.</param>
public sealed record PhysicalVolume(string Name, string LocationCode, string Udid, long CapacityMb, string Description, bool FibreChannelBacked);
