namespace PowerDrivers.Emulator.Hmc.Model;

/// <summary>What backs a vSCSI mapping.</summary>
public enum BackingKind
{
    /// <summary>A shared storage pool logical unit.</summary>
    LogicalUnit,

    /// <summary>A physical volume (hdisk).</summary>
    PhysicalVolume,

    /// <summary>A logical volume of a volume group.</summary>
    VirtualDisk,

    /// <summary>A virtual optical medium of the media repository.</summary>
    VirtualOptical,
}
