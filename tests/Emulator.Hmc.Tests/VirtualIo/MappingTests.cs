using PowerDrivers.Emulator.Hmc.Model;

namespace PowerDrivers.Emulator.Hmc.Tests.VirtualIo;

public sealed class MappingTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "hmc-maps-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            TestDirectories.Delete(directory);
        }
    }

    [Fact]
    public async Task MapStorage_CreatesPairedServerAndClientAdapters_InFreeSlots()
    {
        using var hmc = new TestHmc(dataDirectory: directory);
        var client = await hmc.RunningClientAsync("paired");
        hmc.System.AddNetworkAdapter(client.Uuid, 1);
        var vios = hmc.Vios(0);
        var lu = hmc.System.CreateLogicalUnit("disk", 10);
        var m = hmc.System.MapStorage(vios.Uuid, client.Uuid, new ScsiBacking(BackingKind.LogicalUnit, lu.Name));
        Assert.Equal(lu.Udid, m.Backing!.Name);
        Assert.NotEqual(hmc.System.Find(client.Uuid)!.NetworkAdapters[0].Slot, m.ClientSlot);
        var (viosUuid, pair) = Assert.Single(hmc.System.ScsiClientAdapters(client.Uuid));
        Assert.Equal(vios.Uuid, viosUuid);
        Assert.Equal((m.ServerSlot, m.ClientSlot), (pair.ServerSlot, pair.ClientSlot));
        var trunkSlots = hmc.System.NetworkBridges().SelectMany(b => b.Adapters).Where(a => a.ViosUuid == vios.Uuid).SelectMany(a => a.Trunks.Select(t => t.Slot).Append(a.ControlChannelSlot));
        Assert.DoesNotContain(m.ServerSlot, trunkSlots);

        // A second device on the same VIOS reuses the adapter pair, as the HMC client does.
        var second = hmc.System.MapStorage(vios.Uuid, client.Uuid, new ScsiBacking(BackingKind.LogicalUnit, hmc.System.CreateLogicalUnit("data", 5).Udid));
        Assert.Equal(m.ServerSlot, second.ServerSlot);
        Assert.NotEqual(m.TargetNumber, second.TargetNumber);
    }

    [Fact]
    public async Task RemovingMappings_LeavesNoOrphanServerOrClientAdapter()
    {
        using var hmc = new TestHmc(dataDirectory: directory);
        var client = await hmc.RunningClientAsync("detach");
        var lu1 = hmc.System.CreateLogicalUnit("a", 1);
        var lu2 = hmc.System.CreateLogicalUnit("b", 1);
        foreach (var vios in hmc.System.Partitions(vios: true))
        {
            hmc.System.MapStorage(vios.Uuid, client.Uuid, new ScsiBacking(BackingKind.LogicalUnit, lu1.Udid));
            hmc.System.MapStorage(vios.Uuid, client.Uuid, new ScsiBacking(BackingKind.LogicalUnit, lu2.Udid));
            hmc.System.AddNpivMapping(vios.Uuid, client.Uuid, hmc.NpivPort(vios.Uuid));
        }

        Assert.Equal(2, hmc.System.ScsiClientAdapters(client.Uuid).Count);
        foreach (var vios in hmc.System.Partitions(vios: true))
        {
            hmc.System.UnmapStorage(vios.Uuid, client.Uuid, new ScsiBacking(BackingKind.LogicalUnit, lu1.Udid));
            Assert.Single(hmc.System.ViosIoOf(vios.Uuid).Scsi);
        }

        Assert.Equal(2, hmc.System.ScsiClientAdapters(client.Uuid).Count);
        foreach (var vios in hmc.System.Partitions(vios: true))
        {
            hmc.System.UnmapStorage(vios.Uuid, client.Uuid, new ScsiBacking(BackingKind.LogicalUnit, lu2.Udid));
            hmc.System.RemoveNpivMapping(vios.Uuid, client.Uuid);
            var io = hmc.System.ViosIoOf(vios.Uuid);
            Assert.Empty(io.Scsi);
            Assert.Empty(io.Fc);
        }

        Assert.Empty(hmc.System.ScsiClientAdapters(client.Uuid));
        Assert.Empty(hmc.System.FcClientAdapters(client.Uuid));
        Assert.Empty(hmc.System.DiskPaths(client.Uuid));
    }

    [Fact]
    public async Task Mappings_PublishAddAndDeleteOfTheClientAdapter_AndModifyOfTheVios()
    {
        using var hmc = new TestHmc(dataDirectory: directory);
        var vios = hmc.Vios(0);
        var client = hmc.System.Create(TestHmc.Shared("evented"));
        var cursor = hmc.Model.Events.LastId;
        hmc.System.AddNpivMapping(vios.Uuid, client.Uuid, hmc.NpivPort(vios.Uuid));
        hmc.System.RemoveNpivMapping(vios.Uuid, client.Uuid);
        var events = await hmc.Model.Events.WaitAsync(cursor, TimeSpan.FromSeconds(1), CancellationToken.None);
        var adapterEvents = events.Where(e => e.RelativeUri.Contains("/VirtualFibreChannelClientAdapter/", StringComparison.Ordinal)).ToList();
        Assert.Equal(["ADD_URI", "DELETE_URI"], adapterEvents.Select(e => e.Type));
        Assert.Equal(adapterEvents[0].RelativeUri, adapterEvents[1].RelativeUri);
        Assert.StartsWith($"ManagedSystem/{hmc.System.Uuid}/LogicalPartition/{client.Uuid}/", adapterEvents[0].RelativeUri, StringComparison.Ordinal);
        Assert.Contains(events, e => e.Type == "MODIFY_URI" && e.RelativeUri.EndsWith(vios.Uuid, StringComparison.Ordinal) && e.Detail.Contains("VirtualFibreChannelMappings", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Lsmap_ShowsTheVhostTargetsAndTheNpivLogin()
    {
        using var hmc = new TestHmc(dataDirectory: directory);
        var vios = hmc.Vios(0);
        var client = await hmc.RunningClientAsync("lsmap-client");
        hmc.System.MapStorage(vios.Uuid, client.Uuid, new ScsiBacking(BackingKind.LogicalUnit, hmc.System.CreateLogicalUnit("lsmap-boot", 10).Udid));
        var fc = hmc.System.AddNpivMapping(vios.Uuid, client.Uuid, hmc.NpivPort(vios.Uuid));
        var scsi = hmc.System.Lsmap(vios.Uuid);
        Assert.Contains("vhost0", scsi, StringComparison.Ordinal);
        Assert.Contains("Backing device        lsmap-boot", scsi, StringComparison.Ordinal);
        var npiv = hmc.System.Lsmap(vios.Uuid, npiv: true);
        Assert.Contains("Status:LOGGED_IN", npiv, StringComparison.Ordinal);
        Assert.Contains(fc.Wwpns[0], npiv, StringComparison.Ordinal);
    }

    [Fact]
    public void UpdateMappings_WithStaleViosEtag_Is412_AndChangesNothing()
    {
        using var hmc = new TestHmc(dataDirectory: directory);
        var vios = hmc.Vios(0);
        var etag = vios.ETag;
        var client = hmc.System.Create(TestHmc.Shared("stale"));
        hmc.System.AddNpivMapping(vios.Uuid, client.Uuid, hmc.NpivPort(vios.Uuid));
        var ex = Refusals.Expect(Hscl.EtagMismatch, () => hmc.System.UpdateMappings(vios.Uuid, null, [], etag));
        Assert.Equal(412, ex.HttpStatus);
        Assert.Single(hmc.System.ViosIoOf(vios.Uuid).Fc);
        hmc.System.UpdateMappings(vios.Uuid, null, [], hmc.System.Find(vios.Uuid)!.ETag);
        Assert.Empty(hmc.System.ViosIoOf(vios.Uuid).Fc);
    }

    [Fact]
    public async Task Mappings_OnARunningClientWithoutRmc_AreRefused()
    {
        using var hmc = new TestHmc(dataDirectory: directory);
        var client = hmc.System.Create(TestHmc.Shared("no-rmc"));
        await hmc.PowerOnAsync(client.Uuid, bootMode: "of");
        Refusals.Expect(Hscl.RmcInactive, () => hmc.System.AddNpivMapping(hmc.Vios(0).Uuid, client.Uuid, hmc.NpivPort(hmc.Vios(0).Uuid)));
        Assert.Empty(hmc.System.FcClientAdapters(client.Uuid));
    }

    [Fact]
    public async Task Mappings_SurviveViosRestartAndEmulatorRestart()
    {
        string client;
        string vios;
        ViosIo before;
        using (var hmc = new TestHmc(dataDirectory: directory))
        {
            vios = hmc.Vios(0).Uuid;
            client = (await hmc.RunningClientAsync("durable")).Uuid;
            hmc.System.MapStorage(vios, client, new ScsiBacking(BackingKind.LogicalUnit, hmc.System.CreateLogicalUnit("durable-boot", 30).Udid));
            hmc.System.AddNpivMapping(vios, client, hmc.NpivPort(vios));
            await hmc.PowerOffViosAsync(vios);
            await hmc.PowerOnViosAsync(vios);
            before = hmc.System.ViosIoOf(vios);
            Assert.Single(before.Scsi);
            Assert.Single(before.Fc);
        }

        using var again = new TestHmc(dataDirectory: directory);
        var after = again.System.ViosIoOf(vios);
        Assert.Equal(before.Scsi, after.Scsi);
        Assert.Equal(before.Fc.Single().Wwpns, after.Fc.Single().Wwpns);
        Assert.Equal(before.Fc.Single() with { Wwpns = [] }, after.Fc.Single() with { Wwpns = [] });
        Assert.Single(again.System.StoragePool!.LogicalUnits);
        Assert.True(Assert.Single(again.System.FcClientAdapters(client)).LoggedIn);
    }
}
