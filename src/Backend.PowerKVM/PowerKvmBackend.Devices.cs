using PowerDrivers.Backend.PowerKVM.Domain;
using PowerDrivers.Backend.PowerKVM.Interop;
using PowerDrivers.Backend.PowerKVM.Libvirt;
using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Errors;

namespace PowerDrivers.Backend.PowerKVM;

public sealed partial class PowerKvmBackend
{
    /// <summary>
    /// Hot plugs a virtio disk or NIC into a running guest (live, and kept in the persistent definition). spapr-vlan and
    /// spapr-vscsi devices are refused (QEMU pseries cannot hot plug them), and so is any device on a connection that
    /// cannot attach devices (libvirt's test driver) — both as <see cref="UnsupportedError"/> naming the limit.
    /// </summary>
    public Task AttachDeviceAsync(InstanceRecord instance, GuestDevice device, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(device);
        cancellationToken.ThrowIfCancellationRequested();
        var host = Available(instance.Host);
        if (device.Kind is GuestDeviceKind.SpaprVlan or GuestDeviceKind.SpaprVscsiDisk)
        {
            throw new UnsupportedError("spapr_device_hot_plug", Kind, host.Capabilities.Unsupported["spapr_device_hot_plug"]);
        }

        var record = RecordOf(host, instance);
        var xml = DomainXmlBuilder.Device(device);
        Call(host, instance, $"attach a {device.Kind} device", "device_hot_plug", () => Run(() =>
        {
            using var domain = Lookup(host, instance);
            LibvirtConnection.AttachDevice(domain, xml, LibvirtNative.AffectLive | LibvirtNative.AffectConfig);
        }));
        var devices = (record.Devices ?? []).Append(device).ToList();
        var updated = record with { Devices = devices };
        host.Save(updated with { DomainXml = updated.BuildXml(record.Spec, host.XmlOptions) });
        return Task.CompletedTask;
    }
}
