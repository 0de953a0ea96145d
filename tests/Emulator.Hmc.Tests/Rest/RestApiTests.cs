using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using static PowerDrivers.Emulator.Hmc.Tests.Rest.HmcClient;

namespace PowerDrivers.Emulator.Hmc.Tests.Rest;

public sealed class RestApiTests : IAsyncLifetime
{
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
    public async Task Logon_WithBadPassword_Is401WithHttpErrorResponse()
    {
        using var anonymous = new HmcClient(fixture.Server.BaseAddress);
        using var response = await anonymous.LogonAsync(password: "wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var error = XElement.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("HttpErrorResponse", Body(error).Name.LocalName);
    }

    [Fact]
    public async Task Uom_WithoutOrAfterLogoffSession_Is401()
    {
        using var anonymous = new HmcClient(fixture.Server.BaseAddress);
        using (var response = await anonymous.GetAsync("rest/api/uom/ManagedSystem"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        using var other = await fixture.LoggedOnClientAsync();
        using (var logoff = await other.Http.DeleteAsync("rest/api/web/Logon"))
        {
            Assert.Equal(HttpStatusCode.NoContent, logoff.StatusCode);
        }

        using var after = await other.GetAsync("rest/api/uom/ManagedSystem");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task Session_IdleBeyondTimeout_Expires()
    {
        await using var shortLived = await ServerFixture.StartAsync(o => o with { SessionIdleTimeout = TimeSpan.FromMilliseconds(50) });
        using var c = await shortLived.LoggedOnClientAsync();
        await Task.Delay(200);
        using var response = await c.GetAsync("rest/api/uom/ManagedSystem");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Inventory_ConsoleSystemsViosAndPools_AreServedAsAtom()
    {
        var console = await client.GetXmlAsync("rest/api/uom/ManagementConsole");
        Assert.Equal("hmc1", Content(console.Element(Atom + "entry")!, "ManagementConsoleName"));
        using var feedResponse = await client.GetAsync("rest/api/uom/ManagedSystem");
        Assert.Equal("application/atom+xml", feedResponse.Content.Headers.ContentType!.MediaType);
        Assert.Matches("^-?[0-9]+$", RawETag(feedResponse));
        var systems = XElement.Parse(await feedResponse.Content.ReadAsStringAsync()).Elements(Atom + "entry").ToList();
        Assert.Equal(["powervm-1", "powervm-2"], systems.Select(e => Content(e, "SystemName")));
        var system = await client.GetXmlAsync(fixture.SystemPath());
        Assert.Equal("256", Body(system).Descendants(Uom + "CurrentLogicalMemoryBlockSize").Single().Value);
        var vios = await client.GetXmlAsync($"{fixture.SystemPath()}/VirtualIOServer?group=None");
        Assert.Equal(2, vios.Elements(Atom + "entry").Count());
        Assert.All(vios.Elements(Atom + "entry"), e => Assert.Equal("Virtual IO Server", Content(e, "PartitionType")));
        var topVios = await client.GetXmlAsync("rest/api/uom/VirtualIOServer");
        Assert.Equal(4, topVios.Elements(Atom + "entry").Count());
        var pools = await client.GetXmlAsync($"{fixture.SystemPath()}/SharedProcessorPool");
        Assert.Equal(64, pools.Elements(Atom + "entry").Count());
        using var emptyFeed = await client.GetAsync($"{fixture.SystemPath()}/LogicalPartition");
        Assert.Equal(HttpStatusCode.NoContent, emptyFeed.StatusCode);
    }

    [Fact]
    public async Task Lifecycle_CreatePowerOnOffDelete_OverRest()
    {
        var lpars = $"{fixture.SystemPath()}/LogicalPartition";
        using var created = await client.SendAsync(HttpMethod.Put, lpars, LparXml("rest-vm", "0.75", 2, 4096), "application/vnd.ibm.powervm.uom+xml; type=LogicalPartition");
        var createdText = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.OK, createdText);
        var entry = XElement.Parse(createdText);
        var uuid = Content(entry, "PartitionUUID");
        Assert.Equal("not activated", Content(entry, "PartitionState"));
        var path = $"{lpars}/{uuid}";

        var on = await client.RunJobAsync(path, "PowerOn");
        Assert.Equal("COMPLETED_OK", JobStatus(on));
        Assert.Equal("0", JobResult(on, "returnCode"));
        Assert.Equal("\"running\"", await (await client.GetAsync($"{path}/quick/PartitionState")).Content.ReadAsStringAsync());
        var running = await client.GetXmlAsync($"rest/api/uom/LogicalPartition/{uuid}");
        Assert.Equal("0.75", Body(running).Descendants(Uom + "CurrentProcessingUnits").Single().Value);
        Assert.Equal("active", Content(running, "ResourceMonitoringControlState"));

        var off = await client.RunJobAsync(path, "PowerOff", ("operation", "osshutdown"), ("immediate", "true"));
        Assert.Equal("COMPLETED_OK", JobStatus(off));
        Assert.Equal("not activated", Content(await client.GetXmlAsync(path), "PartitionState"));

        using (var deleted = await client.Http.DeleteAsync(path))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        using var gone = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Contains("HSCL", await gone.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_BreakingTheUnitsPerVirtualProcessorRatio_Is400WithHscl1566()
    {
        using var response = await client.SendAsync(HttpMethod.Put, $"{fixture.SystemPath()}/LogicalPartition", LparXml("ratio", "0.10", 3), "application/vnd.ibm.powervm.uom+xml; type=LogicalPartition");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = Body(XElement.Parse(await response.Content.ReadAsStringAsync())).Element(Web + "Message")!.Value;
        Assert.StartsWith("HSCL1566 ", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_WithUnitsFinerThanHundredths_IsRefusedNotRounded()
    {
        using var response = await client.SendAsync(HttpMethod.Put, $"{fixture.SystemPath()}/LogicalPartition", LparXml("fine", "0.125", 1), "application/vnd.ibm.powervm.uom+xml; type=LogicalPartition");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("increments of 0.01", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_WithIfMatch_AppliesAndStaleEtagIs412()
    {
        var lpars = $"{fixture.SystemPath()}/LogicalPartition";
        using var created = await client.SendAsync(HttpMethod.Put, lpars, LparXml("etagged"), "application/vnd.ibm.powervm.uom+xml; type=LogicalPartition");
        var etag = RawETag(created);
        var uuid = Content(XElement.Parse(await created.Content.ReadAsStringAsync()), "PartitionUUID");
        using var updated = await client.SendAsync(HttpMethod.Post, $"{lpars}/{uuid}", LparXml("renamed", memory: 3072), "application/vnd.ibm.powervm.uom+xml; type=LogicalPartition", etag);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var entry = XElement.Parse(await updated.Content.ReadAsStringAsync());
        Assert.Equal("renamed", Content(entry, "PartitionName"));
        Assert.Equal("3072", Body(entry).Descendants(Uom + "DesiredMemory").Single().Value);
        using var stale = await client.SendAsync(HttpMethod.Post, $"{lpars}/{uuid}", LparXml("again"), "application/vnd.ibm.powervm.uom+xml; type=LogicalPartition", etag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
    }

    [Fact]
    public async Task Search_ByPartitionName_FindsIt_AndIfNoneMatchGives304()
    {
        var lpars = $"{fixture.SystemPath()}/LogicalPartition";
        using (await client.SendAsync(HttpMethod.Put, lpars, LparXml("findme"), "application/vnd.ibm.powervm.uom+xml; type=LogicalPartition"))
        {
        }

        var found = await client.GetXmlAsync("rest/api/uom/LogicalPartition/search/(PartitionName=='findme')");
        Assert.Equal("findme", Content(found.Element(Atom + "entry")!, "PartitionName"));
        using var first = await client.GetAsync(lpars);
        var request = new HttpRequestMessage(HttpMethod.Get, lpars);
        request.Headers.TryAddWithoutValidation("If-None-Match", RawETag(first));
        using var second = await client.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }

    [Fact]
    public async Task Events_NewClientThenAddModifyDelete_AsLongPoll()
    {
        var first = await client.GetXmlAsync("rest/api/uom/Event");
        Assert.Equal("NEW_CLIENT", Content(first.Element(Atom + "entry")!, "EventType"));
        var lpars = $"{fixture.SystemPath()}/LogicalPartition";
        using var created = await client.SendAsync(HttpMethod.Put, lpars, LparXml("watched"), "application/vnd.ibm.powervm.uom+xml; type=LogicalPartition");
        var uuid = Content(XElement.Parse(await created.Content.ReadAsStringAsync()), "PartitionUUID");
        await client.RunJobAsync($"{lpars}/{uuid}", "PowerOn");
        using (await client.Http.DeleteAsync($"{lpars}/{uuid}"))
        {
        }

        var seen = new List<(string Type, string Data, string Detail)>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!seen.Any(e => e.Type == "MODIFY_URI" && e.Detail.Contains("PartitionState", StringComparison.Ordinal)))
        {
            var feed = await client.GetXmlAsync("rest/api/uom/Event?timeout=2");
            seen.AddRange(feed.Elements(Atom + "entry").Select(e => (Content(e, "EventType"), Content(e, "EventData"), Content(e, "EventDetail"))));
            timeout.Token.ThrowIfCancellationRequested();
        }

        Assert.Contains(seen, e => e.Type == "ADD_URI" && e.Data.EndsWith($"/LogicalPartition/{uuid}", StringComparison.Ordinal));
        Assert.Contains(seen, e => e.Data.StartsWith(fixture.Server.BaseAddress.ToString().TrimEnd('/'), StringComparison.Ordinal));
        var idle = await client.GetXmlAsync("rest/api/uom/Event?timeout=0.05");
        Assert.Empty(idle.Elements(Atom + "entry"));
    }

    [Fact]
    public async Task Events_PerApplicationId_EachConsumerGetsItsOwnQueue()
    {
        const string A = "rest/api/uom/Event?QUEUE_CLIENTKEY_METHOD=USE_APPLICATIONID&QUEUE_APPLICATIONID=aaaa&timeout=2";
        const string B = "rest/api/uom/Event?QUEUE_CLIENTKEY_METHOD=USE_APPLICATIONID&QUEUE_APPLICATIONID=bbbb&timeout=2";
        Assert.Equal("NEW_CLIENT", Content((await client.GetXmlAsync(A)).Element(Atom + "entry")!, "EventType"));
        Assert.Equal("NEW_CLIENT", Content((await client.GetXmlAsync(B)).Element(Atom + "entry")!, "EventType"));
        fixture.Server.Model.Systems[1].Create(TestHmc.Shared("for-both"));
        Assert.Contains((await client.GetXmlAsync(A)).Elements(Atom + "entry"), e => Content(e, "EventType") == "ADD_URI");
        Assert.Contains((await client.GetXmlAsync(B)).Elements(Atom + "entry"), e => Content(e, "EventType") == "ADD_URI");
    }

    [Fact]
    public async Task QuickAll_ReturnsJsonProperties()
    {
        var vios = fixture.Server.Model.Systems[0].Partitions(vios: true)[0];
        var json = JsonDocument.Parse(await (await client.GetAsync($"rest/api/uom/VirtualIOServer/{vios.Uuid}/quick/All")).Content.ReadAsStringAsync());
        Assert.Equal("running", json.RootElement.GetProperty("PartitionState").GetString());
        Assert.Equal(4096, json.RootElement.GetProperty("CurrentMemory").GetInt64());
    }

    [Fact]
    public async Task Pool_PostUpdate_ChangesMaximumAndReserved()
    {
        var pools = await client.GetXmlAsync($"{fixture.SystemPath()}/SharedProcessorPool");
        var pool1 = pools.Elements(Atom + "entry").Single(e => Content(e, "PoolID") == "1");
        var uuid = pool1.Element(Atom + "id")!.Value;
        var body = Body(pool1);
        body.Element(Uom + "MaximumProcessingUnits")!.Value = "3.00";
        body.Element(Uom + "PendingReservedProcessingUnits")!.Value = "0.50";
        body.Element(Uom + "PoolName")!.Value = "gold";
        using var response = await client.SendAsync(HttpMethod.Post, $"{fixture.SystemPath()}/SharedProcessorPool/{uuid}", body.ToString(), "application/vnd.ibm.powervm.uom+xml; type=SharedProcessorPool");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.Equal("gold", Content(XElement.Parse(text), "PoolName"));
        Assert.Equal(1750, fixture.Server.Model.Systems[0].Machine.Snapshot().FreeProcessingUnitsCenti);
    }

    [Fact]
    public async Task ClientNetworkAdapter_PutGetDelete_AndVirtualSwitchFeed()
    {
        var lpars = $"{fixture.SystemPath()}/LogicalPartition";
        using var created = await client.SendAsync(HttpMethod.Put, lpars, LparXml("with-net"), "application/vnd.ibm.powervm.uom+xml; type=LogicalPartition");
        var uuid = Content(XElement.Parse(await created.Content.ReadAsStringAsync()), "PartitionUUID");
        var cnaBody = $"""
            <ClientNetworkAdapter:ClientNetworkAdapter xmlns:ClientNetworkAdapter="{Uom.NamespaceName}" xmlns="{Uom.NamespaceName}" schemaVersion="V1_0"><Metadata><Atom/></Metadata>
            <PortVLANID kb="CUR" kxe="false">100</PortVLANID><TaggedVLANIDs kb="CUA" kxe="false">200 300</TaggedVLANIDs><TaggedVLANSupported kb="CUA" kxe="false">true</TaggedVLANSupported>
            </ClientNetworkAdapter:ClientNetworkAdapter>
            """;
        using var put = await client.SendAsync(HttpMethod.Put, $"{lpars}/{uuid}/ClientNetworkAdapter", cnaBody, "application/vnd.ibm.powervm.uom+xml; type=ClientNetworkAdapter");
        var cna = XElement.Parse(await put.Content.ReadAsStringAsync());
        Assert.Equal("100", Content(cna, "PortVLANID"));
        Assert.Equal("200 300", Content(cna, "TaggedVLANIDs"));
        var feed = await client.GetXmlAsync($"rest/api/uom/LogicalPartition/{uuid}/ClientNetworkAdapter");
        Assert.Single(feed.Elements(Atom + "entry"));
        var switches = await client.GetXmlAsync($"{fixture.SystemPath()}/VirtualSwitch");
        Assert.Equal("ETHERNET0(Default)", Content(switches.Element(Atom + "entry")!, "SwitchName"));
        using var deleted = await client.Http.DeleteAsync($"{lpars}/{uuid}/ClientNetworkAdapter/{cna.Element(Atom + "id")!.Value}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var empty = await client.GetAsync($"{lpars}/{uuid}/ClientNetworkAdapter");
        Assert.Equal(HttpStatusCode.NoContent, empty.StatusCode);
    }

    [Fact]
    public async Task Dlpar_PostOnRunningPartition_MovesDesired_AndMaximumChangeIs409()
    {
        var lpars = $"{fixture.SystemPath()}/LogicalPartition";
        using var created = await client.SendAsync(HttpMethod.Put, lpars, LparXml("dlpar", "0.50", 1, 2048), "application/vnd.ibm.powervm.uom+xml; type=LogicalPartition");
        var uuid = Content(XElement.Parse(await created.Content.ReadAsStringAsync()), "PartitionUUID");
        await client.RunJobAsync($"{lpars}/{uuid}", "PowerOn");
        var entry = await client.GetXmlAsync($"{lpars}/{uuid}");
        var body = Body(entry);
        body.Descendants(Uom + "DesiredMemory").Single().Value = "3072";
        using (var grown = await client.SendAsync(HttpMethod.Post, $"{lpars}/{uuid}", body.ToString(), "application/vnd.ibm.powervm.uom+xml; type=LogicalPartition"))
        {
            var text = await grown.Content.ReadAsStringAsync();
            Assert.True(grown.StatusCode == HttpStatusCode.OK, text);
            Assert.Equal("3072", Body(XElement.Parse(text)).Descendants(Uom + "CurrentMemory").Single().Value);
        }

        body.Descendants(Uom + "MaximumMemory").Single().Value = "8192";
        using var refused = await client.SendAsync(HttpMethod.Post, $"{lpars}/{uuid}", body.ToString(), "application/vnd.ibm.powervm.uom+xml; type=LogicalPartition");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.StartsWith("HSCL294C ", Body(XElement.Parse(await refused.Content.ReadAsStringAsync())).Element(Web + "Message")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AtomAnswers_HaveNoXmlDeclaration_ButLogonResponseHasOne()
    {
        // Clients such as pypowervm parse the Atom text as a string, where a declared encoding is an error.
        using var feed = await client.GetAsync("rest/api/uom/ManagedSystem");
        Assert.StartsWith("<feed ", await feed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var anonymous = new HmcClient(fixture.Server.BaseAddress);
        using var logon = await anonymous.LogonAsync();
        Assert.StartsWith("<?xml ", await logon.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LparFeed_AfterAChange_ShowsItAndMatchesTheEntry()
    {
        var lpars = $"{fixture.SystemPath()}/LogicalPartition";
        using (var created = await client.SendAsync(HttpMethod.Put, lpars, LparXml("feed-cache"), "application/vnd.ibm.powervm.uom+xml; type=LogicalPartition"))
        {
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        }

        var before = await client.GetXmlAsync(lpars);
        var again = await client.GetXmlAsync(lpars);
        var entry = before.Elements(Atom + "entry").Single(e => Content(e, "PartitionName") == "feed-cache");
        var uuid = Content(entry, "PartitionUUID");
        Assert.Equal("not activated", Content(entry, "PartitionState"));
        Assert.Equal(Body(entry).ToString(), Body(again.Elements(Atom + "entry").Single(e => Content(e, "PartitionUUID") == uuid)).ToString());

        Assert.Equal("COMPLETED_OK", JobStatus(await client.RunJobAsync($"{lpars}/{uuid}", "PowerOn")));

        var after = (await client.GetXmlAsync(lpars)).Elements(Atom + "entry").Single(e => Content(e, "PartitionUUID") == uuid);
        Assert.Equal("running", Content(after, "PartitionState"));
        Assert.NotEqual(entry.Element(Uom + "etag")!.Value, after.Element(Uom + "etag")!.Value);
        var single = await client.GetXmlAsync($"{lpars}/{uuid}");
        Assert.Equal(Body(single).ToString(), Body(after).ToString());
    }
}
