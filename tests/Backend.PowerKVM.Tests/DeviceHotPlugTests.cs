using PowerDrivers.Backend.PowerKVM.Domain;
using PowerDrivers.Backend.PowerKVM.Tests.Support;
using PowerDrivers.Driver.Core.Errors;
using static PowerDrivers.Backend.PowerKVM.Tests.DomainXmlTests;

namespace PowerDrivers.Backend.PowerKVM.Tests;

/// <summary>Device hot plug: refused with the connection's limit on the test driver, and for spapr devices everywhere.</summary>
public sealed class DeviceHotPlugTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly KvmHosts _hosts = new();
    private readonly PowerKvmBackend _backend;

    public DeviceHotPlugTests() => _backend = _hosts.Backend();

    public void Dispose()
    {
        _backend.Dispose();
        _hosts.Dispose();
    }

    [Fact]
    public async Task AttachDevice_VirtioDiskOnTheTestDriver_IsUnsupportedNamingTheConnection()
    {
        var record = await Backends.CreateAsync(_backend, Spec("plug"), start: true);
        var error = await Assert.ThrowsAsync<UnsupportedError>(() => _backend.AttachDeviceAsync(record, new GuestDevice(GuestDeviceKind.VirtioDisk, "vdb", "/var/lib/libvirt/images/data.raw"), None));
        Assert.Equal("device_hot_plug", error.Feature);
        Assert.Contains(_backend.UriOf("powerkvm-1"), error.Explanation, StringComparison.Ordinal);
        Assert.True(_backend.GetCapabilities("powerkvm-1").Unsupported.ContainsKey("device_hot_plug"));
    }

    [Theory]
    [InlineData(GuestDeviceKind.SpaprVlan)]
    [InlineData(GuestDeviceKind.SpaprVscsiDisk)]
    public async Task AttachDevice_SpaprDevice_IsUnsupportedOnQemuPseries(GuestDeviceKind kind)
    {
        var record = await Backends.CreateAsync(_backend, Spec("spapr"), start: true);
        var error = await Assert.ThrowsAsync<UnsupportedError>(() => _backend.AttachDeviceAsync(record, new GuestDevice(kind, "sdb", "/x.raw"), None));
        Assert.Equal("spapr_device_hot_plug", error.Feature);
        Assert.Contains("cannot be hot plugged", error.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Device_VirtioDiskAndNic_MatchGolden()
    {
        Golden.AssertMatches("device-virtio-disk.xml", DomainXmlBuilder.Device(new GuestDevice(GuestDeviceKind.VirtioDisk, "vdb", "/var/lib/libvirt/images/data.qcow2")) + "\n");
        Golden.AssertMatches("device-virtio-nic.xml", DomainXmlBuilder.Device(new GuestDevice(GuestDeviceKind.VirtioNic, "52:54:00:12:34:56")) + "\n");
    }
}
