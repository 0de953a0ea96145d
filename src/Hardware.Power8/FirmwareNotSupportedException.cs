namespace PowerDrivers.Hardware.Power8;

/// <summary>A managed system was asked to run a firmware its hardware profile does not support.</summary>
public sealed class FirmwareNotSupportedException : Exception
{
    /// <summary>Creates the exception for <paramref name="profile"/> and the refused <paramref name="firmware"/>.</summary>
    public FirmwareNotSupportedException(HardwareProfile profile, Firmware firmware, string message)
        : base(message)
    {
        Profile = profile;
        Firmware = firmware;
    }

    /// <summary>The profile that cannot run <see cref="Firmware"/>.</summary>
    public HardwareProfile Profile { get; }

    /// <summary>The refused firmware.</summary>
    public Firmware Firmware { get; }
}
