namespace PowerDrivers.Hardware.Power8;

/// <summary>
/// The flexible service processor of one managed system: reports the firmware facts of its profile and keeps the
/// partition (or guest) configuration in <see cref="Nvram"/>, which survives restarts.
/// </summary>
public sealed class Fsp
{
    /// <summary>
    /// Creates the FSP of <paramref name="system"/>, with NVRAM in <c>&lt;directory&gt;/&lt;serial&gt;.nvram</c>
    /// (the directory is created if needed; an existing file is loaded).
    /// </summary>
    public Fsp(ManagedSystem system, string directory)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        System = system;
        Directory.CreateDirectory(directory);
        Nvram = new Nvram(Path.Combine(directory, $"{system.Serial}.nvram"));
    }

    /// <summary>The system this service processor belongs to.</summary>
    public ManagedSystem System { get; }

    /// <summary>System firmware level from the hardware profile, e.g. <c>SV860_180</c>.</summary>
    public string FirmwareLevel => System.Profile.ServiceProcessor.FirmwareLevel;

    /// <summary>The hypervisor firmware the system was started with.</summary>
    public Firmware Firmware => System.Firmware;

    /// <summary>Machine type-model*serial the FSP reports.</summary>
    public string MachineTypeModelSerial => System.MachineTypeModelSerial;

    /// <summary>Durable store of partition or guest configuration.</summary>
    public Nvram Nvram { get; }
}
