namespace PowerDrivers.Backend.PowerKVM.Domain;

/// <summary>Kinds of guest device the hot-plug model knows.</summary>
public enum GuestDeviceKind
{
    /// <summary>virtio-blk disk (hot pluggable).</summary>
    VirtioDisk,
    /// <summary>virtio-net NIC (hot pluggable).</summary>
    VirtioNic,
    /// <summary>PowerVM-style spapr-vlan NIC (not hot pluggable on QEMU pseries).</summary>
    SpaprVlan,
    /// <summary>Disk on the PowerVM-style spapr-vscsi controller (not hot pluggable on QEMU pseries).</summary>
    SpaprVscsiDisk,
}

/// <summary>A device to hot plug into a running guest.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="Target">Disks: the guest device name ("vdb"); NICs: the MAC address or empty for libvirt's choice.</param>
/// <param name="SourcePath">Disks: the image file on the host.</param>
public sealed record GuestDevice(GuestDeviceKind Kind, string Target, string SourcePath = "");
