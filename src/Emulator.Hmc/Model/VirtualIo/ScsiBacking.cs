namespace PowerDrivers.Emulator.Hmc.Model;

/// <summary>The backing device of a vSCSI mapping.</summary>
/// <param name="Kind">Device kind.</param>
/// <param name="Name">LU UDID (or name), hdisk name, logical volume name or media name.</param>
public sealed record ScsiBacking(BackingKind Kind, string Name);
