using System.Net;
using System.Text;
using System.Xml.Linq;
using static PowerDrivers.Emulator.Hmc.Tests.Rest.HmcClient;

namespace PowerDrivers.Emulator.Hmc.Tests.Rest;

/// <summary>Virtual I/O over HTTP the way a pypowervm-style client does it: GET, edit the XML, POST back with If-Match.</summary>
public sealed class VirtualIoRestTests : IAsyncLifetime
{
    private const string ViosGroups = "?group=ViosSCSIMapping,ViosFCMapping,ViosStorage,ViosNetwork";
    private ServerFixture fixture = null!;
    private HmcClient client = null!;

    public async Task InitializeAsync()
    {
        fixture = await ServerFixture.StartAsync();
        client = await fixture.LoggedOnClientAsync();
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await fixture.DisposeAsync();
    }

    [Fact]
    public async Task SharedStoragePool_PostWithNewLogicalUnit_CreatesIt_StaleEtagIs412_MappedDeleteIs409()
    {
        var feed = await client.GetXmlAsync("rest/api/uom/SharedStoragePool");
        var id = feed.Element(Atom + "entry")!.Element(Atom + "id")!.Value;
        Assert.NotNull(await client.GetXmlAsync("rest/api/uom/Cluster"));
        var (pool, etag) = await GetEntryAsync($"rest/api/uom/SharedStoragePool/{id}");
        pool.Descendants(Uom + "LogicalUnits").Single().Add(new XElement(Uom + "LogicalUnit", new XAttribute("schemaVersion", "V1_0"),
            new XElement(Uom + "Metadata", new XElement(Uom + "Atom")),
            new XElement(Uom + "ThinDevice", "true"), new XElement(Uom + "UnitCapacity", "25"), new XElement(Uom + "UnitName", "rest-boot")));
        var created = await PostAsync($"rest/api/uom/SharedStoragePool/{id}", pool, etag, HttpStatusCode.OK);
        var lu = created.Descendants(Uom + "LogicalUnit").Single();
        Assert.Equal("rest-boot", lu.Element(Uom + "UnitName")!.Value);
        Assert.Matches("^[0-9a-f]{64}$", lu.Element(Uom + "UniqueDeviceID")!.Value);

        await PostAsync($"rest/api/uom/SharedStoragePool/{id}", pool, etag, HttpStatusCode.PreconditionFailed);

        // Map it, then try to delete it by leaving it out of the list.
        var system = fixture.Server.Model.Systems[0];
        var lpar = system.Create(TestHmc.Shared("ssp-user"));
        system.MapStorage(system.Partitions(vios: true)[0].Uuid, lpar.Uuid, new(Model.BackingKind.LogicalUnit, "rest-boot"));
        var (current, currentEtag) = await GetEntryAsync($"rest/api/uom/SharedStoragePool/{id}");
        current.Descendants(Uom + "LogicalUnit").Remove();
        var refused = await PostAsync($"rest/api/uom/SharedStoragePool/{id}", current, currentEtag, HttpStatusCode.Conflict);
        Assert.Contains("HSCL2971", refused.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ViosPost_AddThenRemoveScsiMapping_CreatesAndRemovesBothAdapters_StaleEtag412()
    {
        var system = fixture.Server.Model.Systems[0];
        var lpar = system.Create(TestHmc.Shared("scsi-rest"));
        var lu = system.CreateLogicalUnit("scsi-rest-boot", 10);
        var viosPath = $"{fixture.SystemPath()}/VirtualIOServer/{system.Partitions(vios: true)[0].Uuid}";
        var lparPath = $"{fixture.SystemPath()}/LogicalPartition/{lpar.Uuid}";
        var (vios, etag) = await GetEntryAsync(viosPath + ViosGroups);
        vios.Element(Uom + "VirtualSCSIMappings")!.Add(new XElement(Uom + "VirtualSCSIMapping", new XAttribute("schemaVersion", "V1_0"),
            new XElement(Uom + "Metadata", new XElement(Uom + "Atom")),
            new XElement(Uom + "AssociatedLogicalPartition", new XAttribute("href", $"{fixture.Server.BaseAddress}{lparPath}"), new XAttribute("rel", "related")),
            new XElement(Uom + "Storage", new XElement(Uom + "LogicalUnit", new XElement(Uom + "UniqueDeviceID", lu.Udid), new XElement(Uom + "UnitName", lu.Name)))));
        var posted = await PostAsync(viosPath, vios, etag, HttpStatusCode.OK);
        var mapping = posted.Descendants(Uom + "VirtualSCSIMapping").Single();
        var serverSlot = mapping.Element(Uom + "ServerAdapter")!.Element(Uom + "VirtualSlotNumber")!.Value;
        Assert.Equal(serverSlot, mapping.Element(Uom + "ClientAdapter")!.Element(Uom + "RemoteSlotNumber")!.Value);
        Assert.StartsWith("vhost", mapping.Element(Uom + "ServerAdapter")!.Element(Uom + "AdapterName")!.Value, StringComparison.Ordinal);
        Assert.Equal(lu.Udid, mapping.Element(Uom + "Storage")!.Element(Uom + "LogicalUnit")!.Element(Uom + "UniqueDeviceID")!.Value);
        Assert.Single((await client.GetXmlAsync($"{lparPath}/VirtualSCSIClientAdapter")).Elements(Atom + "entry"));

        await PostAsync(viosPath, vios, etag, HttpStatusCode.PreconditionFailed);

        var (again, againEtag) = await GetEntryAsync(viosPath + ViosGroups);
        again.Descendants(Uom + "VirtualSCSIMapping").Remove();
        await PostAsync(viosPath, again, againEtag, HttpStatusCode.OK);
        using var none = await client.GetAsync($"{lparPath}/VirtualSCSIClientAdapter");
        Assert.Equal(HttpStatusCode.NoContent, none.StatusCode);
        Assert.Empty(system.ViosIoOf(system.Partitions(vios: true)[0].Uuid).Scsi);
    }

    [Fact]
    public async Task ViosPost_NpivMapping_ClientReadsItsWwpnPairBack()
    {
        var system = fixture.Server.Model.Systems[0];
        var lpar = system.Create(TestHmc.Shared("npiv-rest"));
        var vios = system.Partitions(vios: true)[1];
        var viosPath = $"{fixture.SystemPath()}/VirtualIOServer/{vios.Uuid}";
        var lparPath = $"{fixture.SystemPath()}/LogicalPartition/{lpar.Uuid}";
        var port = system.FibreChannelPorts(vios.Uuid).First(p => p.Npiv).Name;
        var (body, etag) = await GetEntryAsync(viosPath + ViosGroups);
        body.Element(Uom + "VirtualFibreChannelMappings")!.Add(new XElement(Uom + "VirtualFibreChannelMapping", new XAttribute("schemaVersion", "V1_0"),
            new XElement(Uom + "Metadata", new XElement(Uom + "Atom")),
            new XElement(Uom + "AssociatedLogicalPartition", new XAttribute("href", $"{fixture.Server.BaseAddress}{lparPath}"), new XAttribute("rel", "related")),
            new XElement(Uom + "Port", new XElement(Uom + "PortName", port))));
        var posted = await PostAsync(viosPath, body, etag, HttpStatusCode.OK);
        var wwpns = posted.Descendants(Uom + "WWPNs").Single().Value.Split(' ');

        var adapters = await client.GetXmlAsync($"{lparPath}/VirtualFibreChannelClientAdapter");
        var adapter = Body(Assert.Single(adapters.Elements(Atom + "entry")));
        Assert.Equal(wwpns, adapter.Element(Uom + "WWPNs")!.Value.Split(' '));
        Assert.All(wwpns, w => Assert.Matches("^c0[0-9a-f]{14}$", w));
        Assert.Equal(port, adapter.Element(Uom + "ServerAdapter")!.Element(Uom + "MapPort")!.Value);
        var lparEntry = Body(await client.GetXmlAsync(lparPath));
        Assert.Single(lparEntry.Element(Uom + "VirtualFibreChannelClientAdapters")!.Elements(Uom + "link"));
    }

    [Fact]
    public async Task NetworkBridge_AddVlanThroughVirtualNetworkLink_ThenClientAdapterOnIt_AndViosCrashFailsOver()
    {
        var system = fixture.Server.Model.Systems[0];
        var vnetBody = new XElement(Uom + "VirtualNetwork", new XAttribute("schemaVersion", "V1_0"), new XElement(Uom + "Metadata", new XElement(Uom + "Atom")),
            new XElement(Uom + "NetworkName", "VLAN2227-ETHERNET0"), new XElement(Uom + "NetworkVLANID", "2227"), new XElement(Uom + "TaggedNetwork", "true"));
        using (var put = await client.SendAsync(HttpMethod.Put, $"{fixture.SystemPath()}/VirtualNetwork", vnetBody.ToString(), "application/vnd.ibm.powervm.uom+xml; type=VirtualNetwork"))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        using (var duplicate = await client.SendAsync(HttpMethod.Put, $"{fixture.SystemPath()}/VirtualNetwork", vnetBody.ToString(), "application/vnd.ibm.powervm.uom+xml; type=VirtualNetwork"))
        {
            Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        }

        var vnet = system.VirtualNetworks().Single(n => n.VlanId == 2227);
        var bridgeUuid = system.NetworkBridges()[0].Uuid;
        var bridgePath = $"{fixture.SystemPath()}/NetworkBridge/{bridgeUuid}";
        var (bridge, etag) = await GetEntryAsync(bridgePath);
        bridge.Descendants(Uom + "LoadGroup").First().Element(Uom + "VirtualNetworks")!.Add(
            new XElement(Uom + "link", new XAttribute("href", $"{fixture.Server.BaseAddress}{fixture.SystemPath()}/VirtualNetwork/{vnet.Uuid}"), new XAttribute("rel", "related")));
        var updated = await PostAsync(bridgePath, bridge, etag, HttpStatusCode.OK);
        Assert.Contains("2227", updated.Descendants(Uom + "TaggedVLANIDs").First().Value.Split(' '));
        Assert.Contains(2227, system.BridgedVlans());

        var lpar = system.Create(TestHmc.Shared("cna-rest"));
        var cnaPath = $"{fixture.SystemPath()}/LogicalPartition/{lpar.Uuid}/ClientNetworkAdapter";
        var cna = $"""<ClientNetworkAdapter:ClientNetworkAdapter xmlns:ClientNetworkAdapter="{Uom.NamespaceName}" xmlns="{Uom.NamespaceName}" schemaVersion="V1_0"><Metadata><Atom/></Metadata><PortVLANID>2227</PortVLANID></ClientNetworkAdapter:ClientNetworkAdapter>""";
        using (var created = await client.SendAsync(HttpMethod.Put, cnaPath, cna, "application/vnd.ibm.powervm.uom+xml; type=ClientNetworkAdapter"))
        {
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        }

        Assert.Empty(system.UnbridgedVlans(lpar.Uuid));
        var adapterId = system.Find(lpar.Uuid)!.NetworkAdapters.Single().Uuid;
        using (var deleted = await client.Http.DeleteAsync($"{cnaPath}/{adapterId}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        using (var crash = await client.Http.PostAsync("admin/faults", new StringContent("""{ "kind": "ViosCrash", "target": "vios1" }""", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.Created, crash.StatusCode);
        }

        var (after, _) = await GetEntryAsync(bridgePath);
        var primary = after.Descendants(Uom + "SharedEthernetAdapter").Single(s => s.Element(Uom + "IsPrimary")!.Value == "true");
        Assert.EndsWith(system.Partitions(vios: true)[1].Uuid, primary.Element(Uom + "AssignedVirtualIOServer")!.Attribute("href")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NetworkBridge_PostEditingTrunkTaggedVlans_AddsAndRemovesVlans_StaleEtag412()
    {
        var system = fixture.Server.Model.Systems[0];
        var bridgePath = $"{fixture.SystemPath()}/NetworkBridge/{system.NetworkBridges()[0].Uuid}";
        var (bridge, etag) = await GetEntryAsync(bridgePath);
        foreach (var trunk in bridge.Descendants(Uom + "TrunkAdapter"))
        {
            trunk.Element(Uom + "TaggedVLANSupported")!.AddBeforeSelf(new XElement(Uom + "TaggedVLANIDs", "300 301"));
        }

        var added = await PostAsync(bridgePath, bridge, etag, HttpStatusCode.OK);
        Assert.Equal("300 301", added.Descendants(Uom + "LoadGroup").Single().Descendants(Uom + "TaggedVLANIDs").First().Value);
        Assert.Equal(3, added.Element(Uom + "VirtualNetworks")!.Elements(Uom + "link").Count());
        await PostAsync(bridgePath, bridge, etag, HttpStatusCode.PreconditionFailed);

        // Drop VLAN 300 the other way: leave its VirtualNetwork link out of the load group.
        var (current, currentEtag) = await GetEntryAsync(bridgePath);
        var vlan300 = system.VirtualNetworks().Single(n => n.VlanId == 300).Uuid;
        current.Descendants(Uom + "LoadGroup").Single().Element(Uom + "VirtualNetworks")!.Elements().Where(l => l.Attribute("href")!.Value.EndsWith(vlan300, StringComparison.Ordinal)).Remove();
        await PostAsync(bridgePath, current, currentEtag, HttpStatusCode.OK);
        Assert.Equal(new HashSet<int> { 1, 301 }, system.BridgedVlans());
    }

    [Fact]
    public async Task VolumeGroup_PostWithNewVirtualDisk_CreatesTheLogicalVolume_ThenOmittingItRemovesIt()
    {
        var system = fixture.Server.Model.Systems[0];
        var vios = system.Partitions(vios: true)[0];
        var groupsPath = $"{fixture.SystemPath()}/VirtualIOServer/{vios.Uuid}/VolumeGroup";
        var feed = await client.GetXmlAsync(groupsPath);
        var rootvg = Body(feed.Elements(Atom + "entry").Single(e => Body(e).Element(Uom + "GroupName")!.Value == "rootvg"));
        Assert.Equal("VMLibrary", rootvg.Descendants(Uom + "RepositoryName").Single().Value);
        var path = $"{groupsPath}/{rootvg.Element(Uom + "Metadata")!.Element(Uom + "Atom")!.Element(Uom + "AtomID")!.Value}";
        var (group, etag) = await GetEntryAsync(path);
        group.Element(Uom + "VirtualDisks")!.Add(new XElement(Uom + "VirtualDisk", new XAttribute("schemaVersion", "V1_0"), new XElement(Uom + "Metadata", new XElement(Uom + "Atom")),
            new XElement(Uom + "DiskCapacity", "12"), new XElement(Uom + "DiskName", "lv_rest")));
        var created = await PostAsync(path, group, etag, HttpStatusCode.OK);
        Assert.Equal("lv_rest", created.Descendants(Uom + "DiskName").Single().Value);
        await PostAsync(path, group, etag, HttpStatusCode.PreconditionFailed);
        var (again, againEtag) = await GetEntryAsync(path);
        again.Descendants(Uom + "VirtualDisk").Remove();
        var removed = await PostAsync(path, again, againEtag, HttpStatusCode.OK);
        Assert.Empty(removed.Descendants(Uom + "VirtualDisk"));
    }

    [Fact]
    public async Task NetworkBridge_PutAggregatedBridge_ThenDelete()
    {
        var system = fixture.Server.Model.Systems[0];
        var vioses = system.Partitions(vios: true);
        XElement Sea(int index, int priority, params string[] ports) => new(Uom + "SharedEthernetAdapter", new XAttribute("schemaVersion", "V1_0"), new XElement(Uom + "Metadata", new XElement(Uom + "Atom")),
            new XElement(Uom + "AssignedVirtualIOServer", new XAttribute("href", $"{fixture.Server.BaseAddress}{fixture.SystemPath()}/VirtualIOServer/{vioses[index].Uuid}"), new XAttribute("rel", "related")),
            new XElement(Uom + "BackingDeviceChoice", ports.Select(p => new XElement(Uom + "EthernetBackingDevice", new XElement(Uom + "DeviceName", p)))),
            new XElement(Uom + "TrunkAdapters", new XElement(Uom + "TrunkAdapter", new XElement(Uom + "TrunkPriority", priority))));
        var body = new XElement(Uom + "NetworkBridge", new XAttribute("schemaVersion", "V1_0"), new XElement(Uom + "Metadata", new XElement(Uom + "Atom")),
            new XElement(Uom + "ControlChannelID", "98"),
            new XElement(Uom + "LoadGroups", new XElement(Uom + "LoadGroup", new XElement(Uom + "PortVLANID", "600"),
                new XElement(Uom + "TrunkAdapters", new XElement(Uom + "TrunkAdapter", new XElement(Uom + "TaggedVLANIDs", "601 602"))))),
            new XElement(Uom + "SharedEthernetAdapters", Sea(0, 1, "ent1", "ent2"), Sea(1, 2, "ent1")));
        using var put = await client.SendAsync(HttpMethod.Put, $"{fixture.SystemPath()}/NetworkBridge", body.ToString(), "application/vnd.ibm.powervm.uom+xml; type=NetworkBridge");
        var text = await put.Content.ReadAsStringAsync();
        Assert.True(put.StatusCode == HttpStatusCode.OK, text);
        var created = Body(XElement.Parse(text));
        Assert.Contains(created.Descendants(Uom + "DeviceType"), d => d.Value == "linkAggregation");
        Assert.True(new HashSet<int> { 600, 601, 602 }.IsSubsetOf(system.BridgedVlans()));
        var uuid = created.Element(Uom + "Metadata")!.Element(Uom + "Atom")!.Element(Uom + "AtomID")!.Value;
        using var deleted = await client.Http.DeleteAsync($"{fixture.SystemPath()}/NetworkBridge/{uuid}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.DoesNotContain(600, system.BridgedVlans());
        Assert.Single(system.NetworkBridges());
    }

    private async Task<(XElement Body, string ETag)> GetEntryAsync(string path)
    {
        using var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {text}");
        return (Body(XElement.Parse(text)), RawETag(response));
    }

    private async Task<XElement> PostAsync(string path, XElement body, string etag, HttpStatusCode expected)
    {
        var type = body.Name.LocalName;
        using var response = await client.SendAsync(HttpMethod.Post, path, body.ToString(), $"application/vnd.ibm.powervm.uom+xml; type={type}", etag);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"POST {path}: {(int)response.StatusCode} {text}");
        var entry = XElement.Parse(text);
        return expected == HttpStatusCode.OK ? Body(entry) : entry;
    }
}
