using PowerDrivers.Emulator.Hmc.Faults;
using PowerDrivers.Emulator.Hmc.Model;

namespace PowerDrivers.Emulator.Hmc.Tests.VirtualIo;

/// <summary>Dual VIOS: a VIOS failure keeps every client's disks (other path) and network (backup SEA); failback.</summary>
public sealed class FailoverTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "hmc-failover-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            TestDirectories.Delete(directory);
        }
    }

    [Fact]
    public async Task ViosCrash_ClientsKeepDisksAndNetwork_FailoverUnder5ms_ThenFailback()
    {
        using var hmc = new TestHmc(dataDirectory: directory);
        var clients = await SetUpClientsAsync(hmc, 3);
        var bridge = hmc.System.NetworkBridges()[0];
        var (vios1, vios2) = (hmc.Vios(0).Uuid, hmc.Vios(1).Uuid);
        var mappingsBefore = (hmc.System.ViosIoOf(vios1), hmc.System.ViosIoOf(vios2));
        var cursor = hmc.Model.Events.LastId;

        hmc.Model.Faults.Add(new FaultRule { Kind = FaultKind.ViosCrash, Target = "vios1" });

        Assert.Equal(PartitionState.Error, hmc.System.Find(vios1)!.State);
        var failed = hmc.System.FindNetworkBridge(bridge.Uuid)!;
        Assert.Equal(vios2, failed.ActiveViosUuid);
        Assert.Equal("failover", failed.LastFailover!.Kind);
        Assert.Equal((vios1, vios2), (failed.LastFailover.FromViosUuid, failed.LastFailover.ToViosUuid));
        Assert.InRange(failed.LastFailover.TimeMilliseconds, 0.001, 4.999);
        Assert.Contains(await hmc.Model.Events.WaitAsync(cursor, TimeSpan.FromSeconds(1), CancellationToken.None),
            e => e.RelativeUri.EndsWith(bridge.Uuid, StringComparison.Ordinal) && e.Detail.Contains("FailoverTimeMilliseconds=", StringComparison.Ordinal));
        foreach (var client in clients)
        {
            AssertKeepsEverything(hmc, client, failedVios: vios1);
        }

        Assert.Equal(mappingsBefore, (hmc.System.ViosIoOf(vios1), hmc.System.ViosIoOf(vios2)));

        await hmc.PowerOnViosAsync(vios1);
        var back = hmc.System.FindNetworkBridge(bridge.Uuid)!;
        Assert.Equal(vios1, back.ActiveViosUuid);
        Assert.Equal("failback", back.LastFailover!.Kind);
        Assert.InRange(back.LastFailover.TimeMilliseconds, 0.001, 4.999);
        foreach (var client in clients)
        {
            Assert.All(hmc.System.DiskPaths(client), p => Assert.Equal(PathState.Enabled, p.State));
            Assert.All(hmc.System.FcClientAdapters(client), a => Assert.True(a.LoggedIn));
        }
    }

    [Fact]
    public async Task ViosPowerOffJob_BridgingMovesToBackup_AndSurvivesEmulatorRestart()
    {
        string[] clients;
        string vios1, vios2, bridge;
        using (var hmc = new TestHmc(dataDirectory: directory))
        {
            clients = await SetUpClientsAsync(hmc, 2);
            (vios1, vios2) = (hmc.Vios(0).Uuid, hmc.Vios(1).Uuid);
            bridge = hmc.System.NetworkBridges()[0].Uuid;
            await hmc.PowerOffViosAsync(vios1);
            Assert.Equal(vios2, hmc.System.FindNetworkBridge(bridge)!.ActiveViosUuid);
        }

        using var again = new TestHmc(dataDirectory: directory);
        Assert.Equal(PartitionState.NotActivated, again.System.Find(vios1)!.State);
        Assert.Equal(vios2, again.System.FindNetworkBridge(bridge)!.ActiveViosUuid);
        foreach (var client in clients)
        {
            AssertKeepsEverything(again, client, failedVios: vios1);
        }

        await again.PowerOnViosAsync(vios1);
        Assert.Equal(vios1, again.System.FindNetworkBridge(bridge)!.ActiveViosUuid);
    }

    [Fact]
    public async Task BothViosDown_NothingIsBridged_AndEveryPathFails()
    {
        using var hmc = new TestHmc(dataDirectory: directory);
        var client = (await SetUpClientsAsync(hmc, 1))[0];
        hmc.System.CrashVios(hmc.Vios(0).Uuid);
        hmc.System.CrashVios(hmc.Vios(1).Uuid);
        Assert.Empty(hmc.System.BridgedVlans());
        Assert.Equal("outage", hmc.System.NetworkBridges()[0].LastFailover!.Kind);
        Assert.All(hmc.System.DiskPaths(client), p => Assert.Equal(PathState.Failed, p.State));
        Assert.NotEmpty(hmc.System.UnbridgedVlans(client));
    }

    [Fact]
    public void FailoverModel_GrowsWithBridgedVlans()
    {
        var model = new SeaFailoverModel();
        Assert.True(model.TimeFor(1) < model.TimeFor(20));
        Assert.True(model.TimeFor(20) < 5);
    }

    private static async Task<string[]> SetUpClientsAsync(TestHmc hmc, int count)
    {
        var s = hmc.System;
        var bridge = s.NetworkBridges()[0];
        s.AddVlanToBridge(bridge.Uuid, 100);
        var clients = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var c = await hmc.RunningClientAsync($"ha{i}");
            s.AddNetworkAdapter(c.Uuid, i % 2 == 0 ? 1 : 100);
            var lu = s.CreateLogicalUnit($"ha{i}-boot", 20);
            foreach (var vios in s.Partitions(vios: true))
            {
                s.MapStorage(vios.Uuid, c.Uuid, new ScsiBacking(BackingKind.LogicalUnit, lu.Udid));
                s.AddNpivMapping(vios.Uuid, c.Uuid, hmc.NpivPort(vios.Uuid));
            }

            Assert.Empty(s.UnbridgedVlans(c.Uuid));
            clients.Add(c.Uuid);
        }

        return [.. clients];
    }

    private static void AssertKeepsEverything(TestHmc hmc, string client, string failedVios)
    {
        var paths = hmc.System.DiskPaths(client);
        foreach (var disk in paths.Where(p => p.Protocol == "vSCSI").GroupBy(p => p.Disk))
        {
            Assert.Equal(2, disk.Count());
            Assert.Equal(PathState.Failed, disk.Single(p => p.ViosUuid == failedVios).State);
            Assert.Equal(PathState.Enabled, disk.Single(p => p.ViosUuid != failedVios).State);
        }

        var npiv = hmc.System.FcClientAdapters(client);
        Assert.Equal(2, npiv.Count);
        Assert.Contains(npiv, a => a.ViosUuid != failedVios && a.LoggedIn);
        Assert.Empty(hmc.System.UnbridgedVlans(client));
    }
}
