using PowerDrivers.Backend.PowerKVM.Tests.Support;
using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Model;
using static PowerDrivers.Backend.PowerKVM.Tests.Support.VirtualIo;

namespace PowerDrivers.Backend.PowerKVM.Tests;

/// <summary>The host's I/O as the backend reports it (the host is the one I/O server) and the virtual I/O capabilities.</summary>
public sealed class HostIoTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly KvmHosts _hosts = new();
    private readonly PowerKvmBackend _backend;

    public HostIoTests() => _backend = _hosts.Backend();

    public void Dispose()
    {
        _backend.Dispose();
        _hosts.Dispose();
    }

    [Fact]
    public async Task GetHostIo_TheHostIsTheOneIoServerWithTheProfilesAdapters()
    {
        var io = await _backend.GetHostIoAsync("powerkvm-1", None);

        var server = Assert.Single(io.Servers);
        Assert.Equal(("powerkvm-1", "host", "running"), (server.Name, server.Role, server.State));
        // S822L profile: two 2-port 16Gb FC adapters, two 4-port 10GbE adapters, one SAS controller.
        Assert.Equal(2, io.Adapters.Count(a => a.Kind == "fibre-channel"));
        Assert.Equal(2, io.Adapters.Count(a => a.Kind == "ethernet"));
        Assert.All(io.Adapters, a => Assert.Equal("powerkvm-1", a.Server));
        var fcPorts = io.Adapters.Where(a => a.Kind == "fibre-channel").SelectMany(a => a.Ports).ToList();
        Assert.Equal(["host0", "host1", "host2", "host3"], fcPorts.Select(p => p.Name));
        Assert.All(fcPorts, p => Assert.Matches("^10000090fa[0-9a-f]{6}$", p.Wwpn));
        Assert.Equal(fcPorts.Count, fcPorts.Select(p => p.Wwpn).Distinct().Count());
        Assert.All(fcPorts, p => Assert.Equal(0, p.NpivClients));
        var bridge = Assert.Single(io.Bridges);
        Assert.Equal("br-data", bridge.Name);
        Assert.Equal(["eth0", "eth4"], bridge.PhysicalPorts);
        Assert.Empty(bridge.Vlans);
    }

    [Fact]
    public async Task GetHostIo_ListsEachGuestsVirtioDisksAndNicsAndTheVlansInUse()
    {
        var guest = await GuestAsync(_backend, "mapped");
        var blk = await CreatedAsync(_backend, 8, Provisioning.Thin);
        var scsi = await CreatedAsync(_backend, 8, Provisioning.Thick);
        await AttachAsync(_backend, guest, blk, AttachmentKind.VirtioBlk);
        await AttachAsync(_backend, guest, scsi, AttachmentKind.VirtioScsi);
        await AttachNicAsync(_backend, guest, 300, "52:54:00:00:03:01");
        var other = await GuestAsync(_backend, "mapped-2");
        await AttachNicAsync(_backend, other, 100);
        await _backend.StartAsync(guest, Backends.NoProgress.Instance, None);

        var io = await _backend.GetHostIoAsync("powerkvm-1", None);

        var mine = io.Mappings.Where(m => m.Client == "mapped").ToList();
        Assert.Contains(mine, m => (m.Kind, m.ClientAdapter, m.Backing, m.State) == ("virtio-blk", "vdb", blk.NativeId, "Enabled"));
        Assert.Contains(mine, m => (m.Kind, m.ClientAdapter, m.Backing) == ("virtio-scsi", "sda", scsi.NativeId));
        Assert.Contains(mine, m => (m.Kind, m.ClientAdapter, m.Backing) == ("virtio-blk", "vda", BootImage));
        Assert.Contains(mine, m => (m.Kind, m.ClientAdapter, m.Backing) == ("virtual-ethernet", "52:54:00:00:03:01", "vlan 300 on br-data"));
        Assert.Contains(io.Mappings, m => m.Client == "mapped-2" && m.Backing == "vlan 100 on br-data" && m.State == "Defined");
        Assert.All(io.Mappings, m => Assert.Equal("powerkvm-1", m.Server));
        Assert.Equal([100, 300], Assert.Single(io.Bridges).Vlans);
    }

    [Fact]
    public async Task VirtualIoCalls_ThroughTheBackendContract_ReachThePowerKvmImplementation()
    {
        IComputeBackend contract = _backend;
        var volume = Volume(1, Provisioning.Thin);

        var path = await contract.CreateVolumeAsync(volume, None);
        var io = await contract.GetHostIoAsync("powerkvm-1", None);

        Assert.EndsWith(".qcow2", path, StringComparison.Ordinal);
        Assert.Equal("host", Assert.Single(io.Servers).Role);
    }

    [Fact]
    public void Capabilities_OnTheTestDriver_DeclareVirtualIoWithAReasonForEveryMissingFeature()
    {
        var caps = _backend.GetCapabilities("powerkvm-1");

        Assert.True(caps.Volumes && caps.ThinProvisioning && caps.Interfaces);
        Assert.Equal([AttachmentKind.VirtioBlk, AttachmentKind.VirtioScsi], caps.VolumeAttachmentKinds);
        Assert.False(caps.LiveVolumeAttach || caps.LiveInterfaceAttach || caps.Npiv || caps.SrIov || caps.SharedStoragePools
            || caps.PciPassthrough || caps.LiveMigration || caps.RedundantIoServers);
        foreach (var key in new[] { "live_volume_attach", "live_interface_attach", "npiv", "sr_iov", "shared_storage_pools", "pci_passthrough", "live_migration", "redundant_io_servers", "vscsi" })
        {
            Assert.True(caps.Unsupported.TryGetValue(key, out var reason) && reason.Length > 20, $"no reason for {key}");
        }

        Assert.Contains("no N_Port ID Virtualization on KVM", caps.Unsupported["npiv"], StringComparison.Ordinal);
        Assert.Contains("KVM has no VIOS", caps.Unsupported["redundant_io_servers"], StringComparison.Ordinal);
        Assert.Contains("test driver", caps.Unsupported["live_volume_attach"], StringComparison.Ordinal);
    }

    [Fact]
    public void Capabilities_OnAQemuConnection_AttachLive()
    {
        var caps = Policy.PowerKvmCapabilities.For(_hosts.Build().Single().System, connectionIsTestDriver: false);

        Assert.True(caps.LiveVolumeAttach && caps.LiveInterfaceAttach);
        Assert.False(caps.Unsupported.ContainsKey("live_volume_attach") || caps.Unsupported.ContainsKey("live_interface_attach"));
        Assert.Contains("not implemented", caps.Unsupported["live_migration"], StringComparison.Ordinal);
    }
}
