namespace PowerDrivers.Driver.Core.Model;

/// <summary>How a volume's space is allocated.</summary>
public enum Provisioning
{
    /// <summary>Space is consumed as the guest writes (SSP thin LU, qcow2).</summary>
    Thin = 1,
    /// <summary>All space is reserved at creation (SSP thick LU, preallocated raw/qcow2).</summary>
    Thick = 2,
}

/// <summary>How a volume is presented to an instance.</summary>
public enum AttachmentKind
{
    /// <summary>PowerVM virtual SCSI: the VIOS maps the backing device to a server adapter (vhost) paired with the client's adapter.</summary>
    Vscsi = 1,
    /// <summary>PowerVM virtual Fibre Channel (NPIV): the client adapter's WWPNs log in to the SAN; the VIOS only passes through.</summary>
    Npiv = 2,
    /// <summary>PowerKVM virtio-blk disk.</summary>
    VirtioBlk = 3,
    /// <summary>PowerKVM disk on a virtio-scsi controller.</summary>
    VirtioScsi = 4,
}

/// <summary>Where a volume is in its life.</summary>
public enum VolumeStatus
{
    /// <summary>Being created on its host.</summary>
    Creating = 1,
    /// <summary>Ready, attached to nothing.</summary>
    Available = 2,
    /// <summary>Being attached.</summary>
    Attaching = 3,
    /// <summary>Attached to an instance.</summary>
    InUse = 4,
    /// <summary>Being detached.</summary>
    Detaching = 5,
    /// <summary>Being deleted.</summary>
    Deleting = 6,
    /// <summary>A create or delete failed; see the fault.</summary>
    Error = 7,
    /// <summary>Gone (kept for listing history only).</summary>
    Deleted = 8,
}

/// <summary>One volume attached to an instance, as the instance record keeps it.</summary>
/// <param name="VolumeId">The volume.</param>
/// <param name="Kind">How it is presented.</param>
/// <param name="Device">The guest-side name the backend chose ("vdb", "sdb", a vSCSI/vFC client slot "C3").</param>
/// <param name="Native">Platform details (VIOS names, server adapters, WWPNs, libvirt target), for display and detach.</param>
public sealed record VolumeAttachment(Guid VolumeId, AttachmentKind Kind, string Device, IReadOnlyDictionary<string, string> Native)
{
    /// <summary>Native details compared by content.</summary>
    public bool Equals(VolumeAttachment? other) =>
        other is not null && VolumeId == other.VolumeId && Kind == other.Kind && Device == other.Device && NativeDetails.Same(Native, other.Native);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(VolumeId, Kind, Device);
}

/// <summary>A virtual network interface of an instance.</summary>
/// <param name="Id">Driver-assigned id.</param>
/// <param name="NetworkId">The network (VLAN) it is on.</param>
/// <param name="VlanId">The network's VLAN (port VLAN ID on PowerVM, the VLAN tag of the host bridge port on PowerKVM).</param>
/// <param name="MacAddress">MAC address, lower case, colon separated.</param>
/// <param name="Device">The guest-side device ("C4" client slot, "net1").</param>
/// <param name="Native">Platform details (adapter UUID and slot, libvirt interface target).</param>
public sealed record InterfaceAttachment(Guid Id, Guid NetworkId, int VlanId, string MacAddress, string Device, IReadOnlyDictionary<string, string> Native)
{
    /// <summary>Native details compared by content.</summary>
    public bool Equals(InterfaceAttachment? other) =>
        other is not null && Id == other.Id && NetworkId == other.NetworkId && VlanId == other.VlanId && MacAddress == other.MacAddress
        && Device == other.Device && NativeDetails.Same(Native, other.Native);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Id, MacAddress);
}

/// <summary>Helpers for platform detail maps.</summary>
public static class NativeDetails
{
    /// <summary>True when both maps hold the same pairs.</summary>
    public static bool Same(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);
    }
}

/// <summary>What a backend attached, as it reports it.</summary>
/// <param name="Device">Guest-side device name.</param>
/// <param name="Native">Platform details to keep on the attachment.</param>
public sealed record AttachResult(string Device, IReadOnlyDictionary<string, string> Native);

/// <summary>What a backend attached for an interface.</summary>
/// <param name="MacAddress">The MAC the platform uses (the requested one, or one it generated).</param>
/// <param name="Device">Guest-side device name.</param>
/// <param name="Native">Platform details to keep on the attachment.</param>
public sealed record InterfaceResult(string MacAddress, string Device, IReadOnlyDictionary<string, string> Native);

/// <summary>An interface to attach.</summary>
/// <param name="Id">Driver-assigned id of the new interface.</param>
/// <param name="NetworkId">The network.</param>
/// <param name="VlanId">The network's VLAN ID (1–4094).</param>
/// <param name="MacAddress">Requested MAC (aa:bb:cc:dd:ee:ff), or empty for the platform's choice.</param>
public sealed record InterfaceRequest(Guid Id, Guid NetworkId, int VlanId, string MacAddress);
