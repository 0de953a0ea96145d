using PowerDrivers.Backend.PowerKVM.Tests.Support;
using PowerDrivers.Driver.Core.Errors;
using static PowerDrivers.Backend.PowerKVM.Tests.Support.VirtualIo;

namespace PowerDrivers.Backend.PowerKVM.Tests;

/// <summary>virtio NICs on VLAN-tagged ports of the host's Open vSwitch bridge, read back from libvirt's domain XML.</summary>
public sealed class InterfaceAttachTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly KvmHosts _hosts = new();
    private readonly PowerKvmBackend _backend;

    public InterfaceAttachTests() => _backend = _hosts.Backend();

    public void Dispose()
    {
        _backend.Dispose();
        _hosts.Dispose();
    }

    [Fact]
    public async Task AttachInterface_ToStoppedGuest_IsAVlanTaggedOvsPortWithTheRequestedMac()
    {
        var guest = await GuestAsync(_backend, "nic-cold");

        var nic = await AttachNicAsync(_backend, guest, 100, "52:54:00:AB:CD:EF");

        Assert.Equal(("52:54:00:ab:cd:ef", "net1"), (nic.MacAddress, nic.Device));
        Assert.Equal(("br-data", "100"), (nic.Native["bridge"], nic.Native["vlan"]));
        var element = Interfaces(_backend, guest).Single(i => (string?)i.Element("mac")?.Attribute("address") == "52:54:00:ab:cd:ef");
        Assert.Equal("bridge", (string?)element.Attribute("type"));
        Assert.Equal("br-data", (string?)element.Element("source")!.Attribute("bridge"));
        Assert.Equal("100", (string?)element.Element("vlan")!.Element("tag")!.Attribute("id"));
        Assert.Equal("openvswitch", (string?)element.Element("virtualport")!.Attribute("type"));
        Assert.Equal(nic.Id.ToString("D"), (string?)element.Element("virtualport")!.Element("parameters")!.Attribute("interfaceid"));
        Assert.Equal("virtio", (string?)element.Element("model")!.Attribute("type"));
    }

    [Fact]
    public async Task AttachInterface_WithoutMac_GetsAKvmMacAndTheNextDeviceName()
    {
        var guest = await GuestAsync(_backend, "nic-gen");

        var first = await AttachNicAsync(_backend, guest, 10);
        var second = await AttachNicAsync(_backend, guest, 20);

        Assert.StartsWith("52:54:00:", first.MacAddress, StringComparison.Ordinal);
        Assert.NotEqual(first.MacAddress, second.MacAddress);
        Assert.Equal(("net1", "net2"), (first.Device, second.Device));
        Assert.Equal(3, Interfaces(_backend, guest).Count);
    }

    [Fact]
    public async Task AttachInterface_MacUsedByAnotherGuest_IsAConflict()
    {
        var one = await GuestAsync(_backend, "mac-one");
        var two = await GuestAsync(_backend, "mac-two");
        await AttachNicAsync(_backend, one, 100, "52:54:00:00:00:01");

        var error = await Assert.ThrowsAsync<ConflictError>(() => AttachNicAsync(_backend, two, 200, "52:54:00:00:00:01"));

        Assert.Equal(ErrorReasons.Conflict, error.Reason);
        Assert.Contains("mac-one", error.Message, StringComparison.Ordinal);
        Assert.Single(Interfaces(_backend, two));
    }

    [Fact]
    public async Task AttachInterface_MacOfAGuestsBuiltInNic_IsAConflict()
    {
        // libvirt gave the guest's own NIC a MAC; the backend sees it in the domain XML, not only in its records.
        var one = await GuestAsync(_backend, "builtin-one");
        var two = await GuestAsync(_backend, "builtin-two");
        var builtIn = (string)Interfaces(_backend, one).Single().Element("mac")!.Attribute("address")!;

        await Assert.ThrowsAsync<ConflictError>(() => AttachNicAsync(_backend, two, 5, builtIn.ToUpperInvariant()));
    }

    [Theory]
    [InlineData("52:54:00:12:34", "mac_address")]
    [InlineData("52:54:00:12:34:5g", "mac_address")]
    [InlineData("00:00:00:00:00:00", "mac_address")]
    [InlineData("01:00:5e:00:00:01", "mac_address")]
    [InlineData("not-a-mac", "mac_address")]
    public async Task AttachInterface_BadMac_IsAnInvalidSpec(string mac, string field)
    {
        var guest = await GuestAsync(_backend, "bad-mac");
        var error = await Assert.ThrowsAsync<InvalidSpecError>(() => AttachNicAsync(_backend, guest, 100, mac));
        Assert.Equal(field, error.Violations.Single().Field);
    }

    [Theory]
    [InlineData("52-54-00-0A-0B-0C")]
    [InlineData("5254000a0b0c")]
    public async Task AttachInterface_MacWithDashesOrNoSeparators_IsNormalised(string mac)
    {
        var guest = await GuestAsync(_backend, "mac-forms");
        Assert.Equal("52:54:00:0a:0b:0c", (await AttachNicAsync(_backend, guest, 9, mac)).MacAddress);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4095)]
    public async Task AttachInterface_VlanOutOfRange_IsAnInvalidSpec(int vlan)
    {
        var guest = await GuestAsync(_backend, "bad-vlan");
        var error = await Assert.ThrowsAsync<InvalidSpecError>(() => AttachNicAsync(_backend, guest, vlan));
        Assert.Equal("vlan_id", error.Violations.Single().Field);
    }

    [Fact]
    public async Task AttachInterface_RunningGuestOnTheTestDriver_IsUnsupportedAndChangesNothing()
    {
        var guest = await GuestAsync(_backend, "nic-live", start: true);
        var before = _backend.DumpXml(guest, inactive: true);

        var error = await Assert.ThrowsAsync<UnsupportedError>(() => AttachNicAsync(_backend, guest, 100));

        Assert.Equal("live_interface_attach", error.Feature);
        Assert.Contains("test driver cannot hot plug NICs", error.Explanation, StringComparison.Ordinal);
        Assert.Equal(before, _backend.DumpXml(guest, inactive: true));
        Assert.Single(Interfaces(_backend, guest, inactive: false));
    }

    [Fact]
    public async Task DetachInterface_FromStoppedGuest_LeavesOnlyTheBuiltInNic()
    {
        var guest = await GuestAsync(_backend, "nic-detach");
        var nic = await AttachNicAsync(_backend, guest, 300, "52:54:00:00:03:00");

        await _backend.DetachInterfaceAsync(guest, nic, Backends.NoProgress.Instance, None);
        await _backend.DetachInterfaceAsync(guest, nic, Backends.NoProgress.Instance, None);

        var left = Assert.Single(Interfaces(_backend, guest));
        Assert.Equal("user", (string?)left.Attribute("type"));
        // The MAC is free again.
        var other = await GuestAsync(_backend, "nic-reuse");
        Assert.Equal("52:54:00:00:03:00", (await AttachNicAsync(_backend, other, 300, "52:54:00:00:03:00")).MacAddress);
    }

    [Fact]
    public async Task AttachedNic_IsLiveOnceTheGuestStarts()
    {
        var guest = await GuestAsync(_backend, "nic-start");
        await AttachNicAsync(_backend, guest, 42, "52:54:00:00:00:42");
        await _backend.StartAsync(guest, Backends.NoProgress.Instance, None);

        var live = Interfaces(_backend, guest, inactive: false).Single(i => (string?)i.Attribute("type") == "bridge");
        Assert.Equal("42", (string?)live.Element("vlan")?.Element("tag")?.Attribute("id"));
        Assert.Equal("52:54:00:00:00:42", (string?)live.Element("mac")?.Attribute("address"));
    }
}
