using PowerDrivers.Backend.PowerVM.Tests.Support;
using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Model;

namespace PowerDrivers.Backend.PowerVM.Tests;

/// <summary>The host I/O view and the virtual I/O capabilities, against Emulator.Hmc over HTTPS.</summary>
public sealed class HostIoTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private VirtualIoHarness _h = null!;

    public async Task InitializeAsync() => _h = await VirtualIoHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private PowerVmBackend Backend => _h.Backend;

    [Fact]
    public async Task GetHostIo_Fresh_ShowsBothViosTheirPortsAndTheDefaultBridge()
    {
        var io = await Backend.GetHostIoAsync(VirtualIoHarness.Host, None);

        Assert.Equal(2, io.Servers.Count);
        Assert.All(io.Servers, s => Assert.Equal("vios", s.Role));
        Assert.All(io.Servers, s => Assert.Equal("running", s.State));
        foreach (var vios in _h.System.Partitions(vios: true))
        {
            var fc = io.Adapters.Where(a => a.Server == vios.Definition.Name).SelectMany(a => a.Ports).Where(p => p.Npiv).ToList();
            Assert.Equal(_h.System.FibreChannelPorts(vios.Uuid).Where(p => p.Npiv).Select(p => p.Name).Order(), fc.Select(p => p.Name).Order());
            Assert.All(fc, p => Assert.Equal(64, p.NpivMaxClients));
        }

        Assert.All(io.Adapters.Where(a => a.Kind == "ethernet"), a => Assert.All(a.Ports, p => Assert.StartsWith("ent", p.Name, StringComparison.Ordinal)));
        Assert.Contains(io.Adapters, a => a.Kind == "ethernet" && a.Ports.Count > 0);
        Assert.Empty(io.Mappings);
        var bridge = io.Bridges.GroupBy(b => b.Name).Single();
        Assert.Equal(2, bridge.Count());
        Assert.Single(bridge, b => b.Active);
        Assert.Equal(1, bridge.Single(b => b.Active).Priority);
        Assert.All(bridge, b => Assert.Contains(1, b.Vlans));
        Assert.All(bridge, b => Assert.NotEmpty(b.PhysicalPorts));
    }

    [Fact]
    public async Task GetHostIo_AfterAttaches_ReflectsMappingsWwpnsAndVlans()
    {
        var lpar = await _h.PartitionAsync("io-view", running: true);
        var disk = await _h.CreatedVolumeAsync("disk");
        var san = await _h.CreatedVolumeAsync("san");
        var vscsi = await Backend.AttachVolumeAsync(lpar, disk, AttachmentKind.Vscsi, VirtualIoHarness.Progress, None);
        var npiv = await Backend.AttachVolumeAsync(lpar, san, AttachmentKind.Npiv, VirtualIoHarness.Progress, None);
        await Backend.AttachInterfaceAsync(lpar, new InterfaceRequest(Guid.NewGuid(), Guid.NewGuid(), 2500, ""), VirtualIoHarness.Progress, None);

        var io = await Backend.GetHostIoAsync(VirtualIoHarness.Host, None);

        var scsi = io.Mappings.Where(m => m.Kind == "vscsi" && m.Client == "io-view").ToList();
        Assert.Equal(2, scsi.Count);
        Assert.All(scsi, m => Assert.Equal(PowerVmBackend.LuName(disk), m.Backing));
        Assert.All(scsi, m => Assert.Equal("Enabled", m.State));
        Assert.Equal(vscsi.Native["server_adapters"].Split(',').Order(), scsi.Select(m => m.ServerAdapter).Order());
        var fc = io.Mappings.Where(m => m.Kind == "npiv" && m.Client == "io-view").ToList();
        Assert.Equal(2, fc.Count);
        Assert.All(fc, m => Assert.Equal("LOGGED_IN", m.State));
        Assert.Equal(npiv.Native["wwpns"].Split(',').Order(), fc.Select(m => string.Join(' ', m.Wwpns)).Order());
        Assert.All(io.Bridges, b => Assert.Contains(2500, b.Vlans));
        var used = io.Adapters.SelectMany(a => a.Ports).Sum(p => p.NpivClients);
        Assert.Equal(2, used);
    }

    [Fact]
    public async Task ViosDown_AttachMapsThroughTheRunningOneAndHostIoShowsTheFailover()
    {
        var vioses = _h.System.Partitions(vios: true).OrderBy(v => v.Definition.Id).ToList();
        var lpar = await _h.PartitionAsync("one-path", running: false);
        var volume = await _h.CreatedVolumeAsync("one path");
        _h.System.CrashVios(vioses[0].Uuid);

        var result = await Backend.AttachVolumeAsync(lpar, volume, AttachmentKind.Vscsi, VirtualIoHarness.Progress, None);

        Assert.Equal("1", result.Native["paths"]);
        Assert.Equal(vioses[1].Definition.Name, result.Native["vios_names"]);
        var io = await Backend.GetHostIoAsync(VirtualIoHarness.Host, None);
        Assert.Equal("error", io.Servers.Single(s => s.Name == vioses[0].Definition.Name).State);
        var active = Assert.Single(io.Bridges, b => b.Active);
        Assert.Equal(vioses[1].Definition.Name, active.Server);
        Assert.Equal("Enabled", Assert.Single(io.Mappings, m => m.Client == "one-path").State);
    }

    [Fact]
    public void Capabilities_DeclareVirtualIoAndExplainWhatIsMissing()
    {
        var caps = Backend.GetCapabilities(VirtualIoHarness.Host);

        Assert.True(caps.Volumes);
        Assert.Equal([AttachmentKind.Vscsi, AttachmentKind.Npiv], caps.VolumeAttachmentKinds);
        Assert.True(caps.ThinProvisioning);
        Assert.True(caps.LiveVolumeAttach);
        Assert.True(caps.Interfaces);
        Assert.True(caps.LiveInterfaceAttach);
        Assert.True(caps.Npiv);
        Assert.True(caps.SharedStoragePools);
        Assert.True(caps.RedundantIoServers);
        Assert.False(caps.SrIov);
        Assert.False(caps.PciPassthrough);
        Assert.False(caps.LiveMigration);
        foreach (var key in new[] { "sr_iov", "pci_passthrough", "live_migration" })
        {
            Assert.False(string.IsNullOrWhiteSpace(caps.Unsupported[key]), key);
        }
    }
}
