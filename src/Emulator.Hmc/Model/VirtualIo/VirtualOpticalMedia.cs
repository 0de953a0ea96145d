namespace PowerDrivers.Emulator.Hmc.Model;

/// <summary>A file-backed virtual optical medium (ISO, config drive) of a media repository.</summary>
/// <param name="Name">Media name.</param>
/// <param name="SizeGb">Size in GB.</param>
/// <param name="MountType">rw or ro.</param>
public sealed record VirtualOpticalMedia(string Name, decimal SizeGb, string MountType = "rw");
