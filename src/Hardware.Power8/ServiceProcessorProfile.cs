namespace PowerDrivers.Hardware.Power8;

/// <summary>Facts about the flexible service processor (FSP) of a profile.</summary>
/// <param name="FirmwareLevel">System firmware level the FSP reports, e.g. <c>SV860_180</c>.</param>
public sealed record ServiceProcessorProfile(string FirmwareLevel);
