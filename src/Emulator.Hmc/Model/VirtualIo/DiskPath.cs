namespace PowerDrivers.Emulator.Hmc.Model;

/// <summary>One path of a client disk through a VIOS.</summary>
/// <param name="Disk">The disk: LU UDID, device name, or the client WWPN for NPIV.</param>
/// <param name="ViosUuid">VIOS serving the path.</param>
/// <param name="ViosName">Its name.</param>
/// <param name="Protocol">vSCSI or NPIV.</param>
/// <param name="State">Enabled or Failed.</param>
public sealed record DiskPath(string Disk, string ViosUuid, string ViosName, string Protocol, PathState State);
