using System.Xml.Linq;
using PowerDrivers.Emulator.Hmc.Model;
using PowerDrivers.Emulator.Hmc.Tests.Golden;
using PowerDrivers.Emulator.Hmc.Wire;

namespace PowerDrivers.Emulator.Hmc.Tests.VirtualIo;

/// <summary>The virtual I/O resources we write have the elements of the recorded real-HMC responses, in the same order.</summary>
public sealed class VirtualIoGoldenTests : IDisposable
{
    private static readonly LinkBuilder Links = new("https://127.0.0.1:12443");
    private readonly TestHmc hmc = new(o => o with { Systems = [new() { Name = "golden-vio" }] });

    public void Dispose() => hmc.Dispose();

    [Fact]
    public async Task VirtualIOServer_WithEveryMappingKind_MatchesBothViosRecordings()
    {
        var index = ShapeIndex.Of([.. ReferenceFiles.Contents("fake_vios_ssp_npiv.txt", "VirtualIOServer"), .. ReferenceFiles.Contents("fake_vios_mappings.txt", "VirtualIOServer")]);
        await PopulateAsync();
        foreach (var vios in hmc.System.Partitions(vios: true))
        {
            var body = PartitionXml.Body(vios, Links);
            index.AssertConforms(body);
            Assert.NotEmpty(body.Descendants(Uom.Ns + "VirtualSCSIMapping"));
            Assert.NotEmpty(body.Descendants(Uom.Ns + "VirtualFibreChannelMapping"));
            Assert.NotEmpty(body.Descendants(Uom.Ns + "SharedEthernetAdapter"));
        }
    }

    [Fact]
    public void VirtualIOServer_WithoutMappings_ListsItsPhysicalFibreChannelPortsInItsSlots()
    {
        foreach (var vios in hmc.System.Partitions(vios: true))
        {
            var ports = PartitionXml.Body(vios, Links).Descendants(Uom.Ns + "PhysicalFibreChannelPort").ToList();
            Assert.Equal(hmc.System.FibreChannelPorts(vios.Uuid).Select(p => p.Name), ports.Select(p => p.Element(Uom.Ns + "PortName")!.Value));
            Assert.All(ports, p => Assert.Equal("64", p.Element(Uom.Ns + "TotalPorts")!.Value));
        }
    }

    [Fact]
    public async Task VirtualFibreChannelClientAdapter_MatchesVfcClientAdapterFeed()
    {
        var index = ShapeIndex.Of(ReferenceFiles.Contents("vfc_client_adapter_feed.txt", "VirtualFibreChannelClientAdapter"));
        var client = await PopulateAsync();
        var adapters = hmc.System.FcClientAdapters(client.Uuid);
        Assert.Equal(2, adapters.Count);
        foreach (var a in adapters)
        {
            index.AssertConforms(Content(VirtualIoXml.FcClientEntry(hmc.System, client, a, Links, inFeed: true)));
        }
    }

    [Fact]
    public void NetworkBridge_DefaultFailoverPair_MatchesBridgeRecordings()
    {
        var index = ShapeIndex.Of([.. ReferenceFiles.Contents("fake_network_bridge.txt", "NetworkBridge"), .. ReferenceFiles.Contents("nbbr_network_bridge_failover.txt", "NetworkBridge")]);
        var bridge = Assert.Single(hmc.System.NetworkBridges());
        hmc.System.AddVlanToBridge(bridge.Uuid, 2227);
        index.AssertConforms(Content(BridgeXml.BridgeEntry(hmc.System, hmc.System.FindNetworkBridge(bridge.Uuid)!, Links, inFeed: true)));
    }

    [Fact]
    public void VirtualNetworkAndSwitch_MatchTheirRecordings()
    {
        var network = hmc.System.CreateVirtualNetwork(2227);
        ShapeIndex.Of(ReferenceFiles.Contents("fake_virtual_network_feed.txt", "VirtualNetwork")).AssertConforms(Content(BridgeXml.NetworkEntry(hmc.System, network, Links, inFeed: true)));
        ShapeIndex.Of(ReferenceFiles.Contents("fake_virtual_switch.txt", "VirtualSwitch")).AssertConforms(Content(NetworkXml.SwitchEntry(hmc.System, Links, inFeed: true)));
        ShapeIndex.Of(ReferenceFiles.Bodies("fake_virtual_network_feed.txt")).AssertConforms(
            Uom.Feed("id", DateTimeOffset.UtcNow, Links.Uom("x/VirtualNetwork"), null, [BridgeXml.NetworkEntry(hmc.System, network, Links, inFeed: true)]));
    }

    private async Task<PartitionView> PopulateAsync()
    {
        var s = hmc.System;
        var client = s.Create(TestHmc.Shared("golden-client"));
        await hmc.PowerOnAsync(client.Uuid);
        var lu = s.CreateLogicalUnit("boot", 20);
        foreach (var vios in s.Partitions(vios: true))
        {
            s.MapStorage(vios.Uuid, client.Uuid, new ScsiBacking(BackingKind.LogicalUnit, lu.Udid));
            s.AddNpivMapping(vios.Uuid, client.Uuid, s.FibreChannelPorts(vios.Uuid).First(p => p.Npiv).Name);
        }

        var first = s.Partitions(vios: true)[0].Uuid;
        s.AddVirtualDisk(first, "rootvg", "lv_client", 10);
        var rootvg = s.VolumeGroups(first)[0];
        s.UpdateVolumeGroup(first, rootvg.Uuid, s.VolumeGroups(first)[0].VirtualDisks, [new VirtualOpticalMedia("cfg-drive", 0.01m, "ro")]);
        s.MapStorage(first, client.Uuid, new ScsiBacking(BackingKind.VirtualDisk, "lv_client"));
        s.MapStorage(first, client.Uuid, new ScsiBacking(BackingKind.VirtualOptical, "cfg-drive"));
        s.MapStorage(first, client.Uuid, new ScsiBacking(BackingKind.PhysicalVolume, s.PhysicalVolumes(first)[1].Name));
        return s.Find(client.Uuid)!;
    }

    private static XElement Content(XElement entry) => entry.Element(Uom.Atom + "content")!.Elements().First();
}
