using System.Xml.Linq;
using PowerDrivers.Backend.PowerVM.Tests.Support;
using PowerDrivers.Backend.PowerVM.Wire;

namespace PowerDrivers.Backend.PowerVM.Tests;

/// <summary>The virtual I/O XML mapping against VIOS, bridge and adapter responses recorded from real HMCs (Reference/).</summary>
public sealed class VirtualIoWireTests
{
    private static VirtualIoServerView Vios(string file) => Assert.Single(VirtualIoServerView.ReadAll(Recorded.Body(file), "1"));

    [Fact]
    public void Vios_RecordedSspNpiv_ReadsIdentityMappingsAndPorts()
    {
        var vios = Vios("fake_vios_ssp_npiv.txt");

        Assert.Equal("vios1_181.68", vios.Name);
        Assert.Equal(1, vios.Id);
        Assert.True(vios.IsRunning);
        var lu = Assert.Single(vios.Scsi, m => m.BackingKind == "LogicalUnit" && m.ClientId == 7);
        Assert.Equal("274d7bb790666211e3bc1a00006cae8b01c96f590914bccbc8b7b88c37165c0485", lu.Backing);
        Assert.Equal("volume-boot-8246L1C_0604CAA-iju_37-bc9cd9d6-00000029", lu.BackingName);
        Assert.Equal(("vhost1", 7, 2, "vtscsi0"), (lu.ServerAdapter, lu.ServerSlot, lu.ClientSlot, lu.Target));
        Assert.Equal("1A89CDB0-4C93-4120-A69D-EDEF5AB04CB9", lu.ClientUuid);
        Assert.Contains(vios.Scsi, m => m.ClientSlot == 0 && m.ServerAdapter == "vhost2");

        var fc = vios.Fc[0];
        Assert.Equal(["c05076065a8b005a", "c05076065a8b005b"], fc.Wwpns);
        Assert.Equal(("vfchost0", "fcs0", 3, 4), (fc.ServerAdapter, fc.PortName, fc.ClientSlot, fc.ServerSlot));
        Assert.Equal("", vios.Fc[1].PortName);

        var fcs0 = Assert.Single(vios.FcPorts, p => p.Name == "fcs0");
        Assert.True(fcs0.Npiv);
        Assert.Equal((64, 64, "10000090FA1B6302"), (fcs0.Available, fcs0.Total, fcs0.Wwpn));
        Assert.False(Assert.Single(vios.FcPorts, p => p.Name == "fcs1").Npiv);
        Assert.Contains(vios.Adapters, a => a.Kind == "fibre-channel" && a.Location == "U78AB.001.WZSJBM3-P1-C2");
        Assert.Contains(vios.EthernetPorts, e => e.Name == "ent0");
    }

    [Fact]
    public void Vios_RecordedMappings_ReadsEveryScsiMapping()
    {
        var vios = Vios("fake_vios_mappings.txt");
        var raw = XElement.Parse(Recorded.Body("fake_vios_mappings.txt")).Descendants().Count(e => e.Name.LocalName == "VirtualSCSIMapping");

        Assert.Equal(raw, vios.Scsi.Count);
        Assert.All(vios.Scsi, m => Assert.StartsWith("vhost", m.ServerAdapter, StringComparison.Ordinal));
    }

    [Fact]
    public void WithScsiMapping_OnRecordedVios_AddsAMappingWithANewAdapterPairOrTheSharedOne()
    {
        var vios = Vios("fake_vios_ssp_npiv.txt");
        var lu = SharedStoragePoolXml.ReadLu(XElement.Parse(
            """<LogicalUnit xmlns="http://www.ibm.com/xmlns/systems/power/firmware/uom/mc/2012_10/"><ThinDevice>true</ThinDevice><UniqueDeviceID>27ab</UniqueDeviceID><UnitCapacity>1</UnitCapacity><UnitName>pd-x</UnitName></LogicalUnit>"""));
        const string client = "1A89CDB0-4C93-4120-A69D-EDEF5AB04CB9";
        var href = $"https://hmc:12443/rest/api/uom/ManagedSystem/ms/LogicalPartition/{client}";

        var fresh = VirtualIoServerView.Read(VirtualIoServerXml.WithScsiMapping(vios.Element, href, lu.Element, null), null);
        var shared = VirtualIoServerView.Read(VirtualIoServerXml.WithScsiMapping(vios.Element, href, lu.Element, VirtualIoServerXml.ScsiPairOf(vios.Element, client)), null);

        Assert.Equal(vios.Scsi.Count + 1, fresh.Scsi.Count);
        var added = fresh.Scsi[^1];
        Assert.Equal((client, "27ab", 0, 0), (added.ClientUuid, added.Backing, added.ServerSlot, added.ClientSlot));
        var reused = shared.Scsi[^1];
        Assert.Equal((7, 2), (reused.ServerSlot, reused.ClientSlot));
        Assert.Equal("", reused.ServerAdapter.Length > 0 ? "" : "unnamed");
        var removed = VirtualIoServerView.Read(VirtualIoServerXml.WithoutScsiMappings(shared.Element, client, "27ab")!, null);
        Assert.Equal(vios.Scsi, removed.Scsi);
        Assert.Null(VirtualIoServerXml.WithoutScsiMappings(vios.Element, client, "27ab"));
    }

    [Fact]
    public void WithFcMapping_OnRecordedVios_AddsAPortMappingAndWithoutRemovesByWwpn()
    {
        var vios = Vios("fake_vios_ssp_npiv.txt");

        var added = VirtualIoServerView.Read(VirtualIoServerXml.WithFcMapping(vios.Element, "https://hmc/rest/api/uom/ManagedSystem/ms/LogicalPartition/abc", "fcs0"), null);
        var removed = VirtualIoServerView.Read(VirtualIoServerXml.WithoutFcMappings(vios.Element, m => m.Wwpns.Contains("c05076065a8b005b"))!, null);

        Assert.Equal(("abc", "fcs0"), (added.Fc[^1].ClientUuid, added.Fc[^1].PortName));
        Assert.Empty(added.Fc[^1].Wwpns);
        Assert.Equal(vios.Fc.Count - 1, removed.Fc.Count);
        Assert.DoesNotContain(removed.Fc, m => m.Wwpns.Contains("c05076065a8b005a"));
    }

    [Fact]
    public void NewMappingsAndLogicalUnits_FollowTheRecordedElementOrder()
    {
        var body = XElement.Parse(Recorded.Body("fake_vios_ssp_npiv.txt"));
        static List<string> Names(XElement e) => [.. e.Elements().Select(c => c.Name.LocalName).Where(n => n != "Metadata")];
        static void InOrder(List<string> recorded, List<string> built) => Assert.Equal(built, recorded.Where(built.Contains));
        var recordedScsi = body.Descendants().First(e => e.Name.LocalName == "VirtualSCSIMapping" && e.Elements().Any(c => c.Name.LocalName == "Storage"));
        var recordedFc = body.Descendants().First(e => e.Name.LocalName == "VirtualFibreChannelMapping" && e.Elements().Any(c => c.Name.LocalName == "Port"));
        var recordedLu = body.Descendants().First(e => e.Name.LocalName == "LogicalUnit");
        var vios = Vios("fake_vios_ssp_npiv.txt");
        var lu = SharedStoragePoolXml.ReadLu(recordedLu);

        var scsi = VirtualIoServerView.Items(VirtualIoServerXml.WithScsiMapping(vios.Element, "https://hmc/x", lu.Element, null), "VirtualSCSIMappings", "VirtualSCSIMapping").Last();
        var fc = VirtualIoServerView.Items(VirtualIoServerXml.WithFcMapping(vios.Element, "https://hmc/x", "fcs0"), "VirtualFibreChannelMappings", "VirtualFibreChannelMapping").Last();
        var pool = new XElement(Uom.Ns + "SharedStoragePool", Uom.Group("LogicalUnits"));
        var newLu = SharedStoragePoolXml.WithNewUnit(pool, "pd-new", 10, thin: false).Descendants().Single(e => e.Name.LocalName == "LogicalUnit");

        InOrder(Names(recordedScsi), Names(scsi));
        InOrder(Names(recordedFc), Names(fc));
        InOrder(Names(recordedLu), Names(newLu));
        Assert.Equal(["ThinDevice", "UnitCapacity", "LogicalUnitType", "UnitName"], Names(newLu));
        Assert.Equal("false", newLu.Str("ThinDevice"));
    }

    [Fact]
    public void NetworkBridge_RecordedFeed_ReadsLoadGroupsVlansAndSeas()
    {
        var bridges = NetworkBridgeView.ReadAll(Recorded.Body("fake_network_bridge.txt"));

        var first = bridges[0];
        Assert.Equal(1, first.PortVlanId);
        Assert.Equal(99, first.ControlChannelId);
        Assert.Equal(2, first.LoadGroups.Count);
        Assert.Equal(4094, first.LoadGroups[0].PortVlanId);
        Assert.Equal([100, 150, 175, 200, 250, 300, 333, 350, 900, 1001, 2227, 2228], first.LoadGroups[0].TaggedVlanIds);
        Assert.Equal(12, first.LoadGroups[0].NetworkUuids.Count);
        Assert.Contains(2227, first.Vlans);
        var sea = first.Seas[0];
        Assert.Equal(("691019AF-506A-4896-AADE-607E21FA93EE", "ent8", 1, true), (sea.ViosUuid, sea.Device, sea.Priority, sea.IsPrimary));
        Assert.Equal(["ent0"], sea.BackingPorts);
        Assert.NotNull(first.ETag);
    }

    [Fact]
    public void NetworkBridge_WithVlan_AddsItToTheLastGroupWithRoomAndWithoutTakesItBack()
    {
        var bridge = NetworkBridgeView.ReadAll(Recorded.Body("nbbr_network_bridge_failover.txt"))[0];

        var added = NetworkBridgeView.Read(NetworkBridgeXml.WithVlan(bridge.Element, 3333, "https://hmc/rest/api/uom/ManagedSystem/ms/VirtualNetwork/n-3333")!, null);
        var removed = NetworkBridgeView.Read(NetworkBridgeXml.WithoutVlan(added.Element, 3333, "n-3333")!, null);

        Assert.Contains(3333, added.LoadGroups[^1].TaggedVlanIds);
        Assert.Contains("n-3333", added.LoadGroups[^1].NetworkUuids);
        Assert.All(VirtualIoServerView.Items(added.Element.Child("LoadGroups")!.Elements().Last(), "TrunkAdapters", "TrunkAdapter"),
            t => Assert.Contains("3333", t.Str("TaggedVLANIDs")!, StringComparison.Ordinal));
        Assert.Equal(bridge.Vlans.Order(), removed.Vlans.Order());
        Assert.DoesNotContain("n-3333", removed.LoadGroups[^1].NetworkUuids);
    }

    [Fact]
    public void ClientNetworkAdapter_RecordedFeed_ReadsSlotMacAndVlan()
    {
        var adapters = NetworkBridgeXml.ReadAdapters(Recorded.Body("cna_feed.txt"));

        Assert.Equal(("4204d084-77a5-329c-9d3b-2f5ccffe2803", 3, 1), (adapters[0].Uuid, adapters[0].Slot, adapters[0].PortVlanId));
        Assert.Equal("2a:e4:4c:67:3d:fa", adapters[0].Mac);
    }

    [Fact]
    public void ClientNetworkAdapter_Create_HasTheRecordedElementOrder()
    {
        var recorded = Uom.Objects(Uom.Parse(Recorded.Body("cna_feed.txt")), "ClientNetworkAdapter").First().Element
            .Elements().Select(e => e.Name.LocalName).ToList();

        var built = NetworkBridgeXml.Adapter(2227, "fa:16:3e:00:00:01", "https://hmc/rest/api/uom/ManagedSystem/ms/VirtualSwitch/sw")
            .Elements().Select(e => e.Name.LocalName).Where(n => n != "Metadata" && n != "UseNextAvailableSlotID").ToList();

        Assert.Equal(built, recorded.Where(built.Contains));
        Assert.Equal("FA163E000001", NetworkBridgeXml.HmcMac("fa:16:3e:00:00:01"));
    }

    [Fact]
    public void VirtualNetworkAndSwitch_RecordedFeeds_ReadVlanAndSwitchIds()
    {
        var network = Assert.Single(NetworkBridgeXml.ReadNetworks(Recorded.Body("fake_virtual_network_feed.txt")));
        var switches = NetworkBridgeXml.ReadSwitches(Recorded.Body("fake_virtual_switch.txt"));

        Assert.Equal(("VLAN2227-ETHERNET0", 2227, 0), (network.Name, network.VlanId, network.SwitchId));
        Assert.Contains(switches, s => s.SwitchId == 0 && s.Name.StartsWith("ETHERNET0", StringComparison.Ordinal));
    }

    [Fact]
    public void VfcClientAdapter_RecordedFeed_ReadsWwpnPairs()
    {
        var adapters = VirtualIoServerView.ReadClientAdapters(Recorded.Body("vfc_client_adapter_feed.txt"), "6A219EF0-591D-4199-ADC2-8F854B2F471B");

        Assert.Equal(["c05076087cba0169", "c05076087cba0168"], adapters[0].Wwpns);
        Assert.Equal(("vfchost5", "fcs0", 4, 10, 25), (adapters[0].ServerAdapter, adapters[0].PortName, adapters[0].ClientSlot, adapters[0].ServerSlot, adapters[0].ClientId));
        Assert.All(adapters, a => Assert.Equal(2, a.Wwpns.Count));
    }
}
