using PowerDrivers.Driver.Core.Model;

namespace PowerDrivers.Backend.PowerKVM.Domain;

/// <summary>A volume's image attached to a guest as a virtio-blk disk or a disk on a virtio-scsi controller.</summary>
/// <param name="VolumeId">The driver's volume id (also the disk's serial, so the guest can find it).</param>
/// <param name="Kind"><see cref="AttachmentKind.VirtioBlk"/> or <see cref="AttachmentKind.VirtioScsi"/>.</param>
/// <param name="Target">Guest device name ("vdb" on virtio, "sda" on scsi).</param>
/// <param name="SourcePath">The image on the host.</param>
/// <param name="Format">"qcow2" (thin) or "raw" (thick).</param>
/// <param name="Controller">virtio-scsi: the controller index.</param>
/// <param name="Unit">virtio-scsi: the unit on the controller.</param>
public sealed record VirtualDisk(Guid VolumeId, AttachmentKind Kind, string Target, string SourcePath, string Format, int Controller = 0, int Unit = 0)
{
    /// <summary>libvirt's disk bus: "virtio" or "scsi".</summary>
    public string Bus => Kind == AttachmentKind.VirtioScsi ? "scsi" : "virtio";
}
