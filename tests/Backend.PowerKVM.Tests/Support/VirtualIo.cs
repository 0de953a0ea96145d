using System.Xml.Linq;
using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Model;
using PowerDrivers.Driver.Core.Storage;
using static PowerDrivers.Backend.PowerKVM.Tests.DomainXmlTests;

namespace PowerDrivers.Backend.PowerKVM.Tests.Support;

/// <summary>Volume and interface requests the way the driver makes them, and readers of libvirt's domain XML.</summary>
internal static class VirtualIo
{
    public const string BootImage = "/var/lib/libvirt/images/boot.qcow2";

    public static VolumeRecord Volume(long sizeGb, Provisioning provisioning, string host = "powerkvm-1") => new()
    {
        Id = Guid.NewGuid(),
        Name = $"vol-{sizeGb}g-{provisioning}".ToLowerInvariant(),
        SizeGb = sizeGb,
        Provisioning = provisioning,
        Host = host,
        Backend = PowerKvmBackend.BackendKind,
        Status = VolumeStatus.Creating,
        CreatedAt = DateTimeOffset.UnixEpoch,
        UpdatedAt = DateTimeOffset.UnixEpoch,
    };

    /// <summary>A created volume, as the driver stores it after CreateVolumeAsync.</summary>
    public static async Task<VolumeRecord> CreatedAsync(PowerKvmBackend backend, long sizeGb, Provisioning provisioning, string host = "powerkvm-1")
    {
        var volume = Volume(sizeGb, provisioning, host);
        var path = await backend.CreateVolumeAsync(volume, CancellationToken.None);
        return volume with { NativeId = path, Status = VolumeStatus.Available };
    }

    /// <summary>A guest with a boot disk (vda), so attached virtio disks start at vdb.</summary>
    public static async Task<InstanceRecord> GuestAsync(PowerKvmBackend backend, string name, bool start = false, string host = "powerkvm-1") =>
        await Backends.CreateAsync(backend, Spec(name, vcpus: 2, maxVcpus: 4, memoryMb: 2048, maxMemoryMb: 4096, host: host) with
        {
            Guest = new GuestSpec(OsType.Linux, Endianness.Little, BootImage),
        }, start);

    public static async Task<VolumeAttachment> AttachAsync(PowerKvmBackend backend, InstanceRecord instance, VolumeRecord volume, AttachmentKind kind)
    {
        var result = await backend.AttachVolumeAsync(instance, volume, kind, Backends.NoProgress.Instance, CancellationToken.None);
        return new VolumeAttachment(volume.Id, kind, result.Device, result.Native);
    }

    public static async Task<InterfaceAttachment> AttachNicAsync(PowerKvmBackend backend, InstanceRecord instance, int vlan, string mac = "")
    {
        var request = new InterfaceRequest(Guid.NewGuid(), Guid.NewGuid(), vlan, mac);
        var result = await backend.AttachInterfaceAsync(instance, request, Backends.NoProgress.Instance, CancellationToken.None);
        return new InterfaceAttachment(request.Id, request.NetworkId, vlan, result.MacAddress, result.Device, result.Native);
    }

    /// <summary>The domain's disks as libvirt defines them (persistent definition by default).</summary>
    public static IReadOnlyList<XElement> Disks(PowerKvmBackend backend, InstanceRecord instance, bool inactive = true) =>
        [.. Devices(backend, instance, inactive).Elements("disk")];

    public static IReadOnlyList<XElement> Interfaces(PowerKvmBackend backend, InstanceRecord instance, bool inactive = true) =>
        [.. Devices(backend, instance, inactive).Elements("interface")];

    public static IReadOnlyList<XElement> ScsiControllers(PowerKvmBackend backend, InstanceRecord instance) =>
        [.. Devices(backend, instance, true).Elements("controller").Where(c => (string?)c.Attribute("type") == "scsi")];

    public static XElement? DiskWithTarget(PowerKvmBackend backend, InstanceRecord instance, string target, bool inactive = true) =>
        Disks(backend, instance, inactive).FirstOrDefault(d => (string?)d.Element("target")?.Attribute("dev") == target);

    private static XElement Devices(PowerKvmBackend backend, InstanceRecord instance, bool inactive) =>
        XDocument.Parse(backend.DumpXml(instance, inactive)).Root!.Element("devices")!;
}
