using PowerDrivers.Emulator.Hmc.Model;

namespace PowerDrivers.Emulator.Hmc.Tests.VirtualIo;

public sealed class NpivTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "hmc-npiv-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            TestDirectories.Delete(directory);
        }
    }

    [Fact]
    public void DefaultProfile_EachViosHasNpivFibreChannelAndEthernetPorts()
    {
        using var hmc = new TestHmc(dataDirectory: directory);
        foreach (var vios in hmc.System.Partitions(vios: true))
        {
            var fc = hmc.System.FibreChannelPorts(vios.Uuid);
            Assert.Contains(fc, p => p.Npiv && p.TotalPorts == 64 && p.AvailablePorts == 64);
            Assert.All(fc, p => Assert.Matches("^fcs[0-9]+$", p.Name));
            Assert.All(fc, p => Assert.Matches("^[0-9A-F]{16}$", p.Wwpn));
            Assert.NotEmpty(hmc.System.EthernetPorts(vios.Uuid));
            Assert.Contains(hmc.System.VolumeGroups(vios.Uuid), g => g.Name == "rootvg" && g.RepositoryName is not null);
        }
    }

    [Theory]
    [InlineData("S812L")]
    [InlineData("S822L")]
    [InlineData("S824")]
    [InlineData("E870")]
    [InlineData("E880")]
    public void EveryBuiltInProfile_GivesEachOfTwoViosAnNpivPortAndAnEthernetPort_AndADefaultBridge(string profile)
    {
        using var hmc = new TestHmc(o => o with { Systems = [new() { Name = "p-" + profile, Profile = profile }] }, directory);
        Assert.Equal(2, hmc.System.Partitions(vios: true).Count);
        foreach (var vios in hmc.System.Partitions(vios: true))
        {
            Assert.Contains(hmc.System.FibreChannelPorts(vios.Uuid), p => p.Npiv);
            Assert.NotEmpty(hmc.System.EthernetPorts(vios.Uuid));
        }

        Assert.Equal(2, Assert.Single(hmc.System.NetworkBridges()).Adapters.Count);
    }

    [Fact]
    public void AddNpivMapping_AllocatesUniqueConsecutiveC0WwpnPairs_AndTheClientAdapter()
    {
        using var hmc = new TestHmc(dataDirectory: directory);
        var vios = hmc.Vios(0);
        var port = hmc.NpivPort(vios.Uuid);
        var seen = new HashSet<string>();
        for (var i = 0; i < 5; i++)
        {
            var client = hmc.System.Create(TestHmc.Shared($"npiv{i}"));
            var m = hmc.System.AddNpivMapping(vios.Uuid, client.Uuid, port);
            Assert.Equal(2, m.Wwpns.Count);
            Assert.All(m.Wwpns, w => Assert.Matches("^c0[0-9a-f]{14}$", w));
            Assert.Equal(Convert.ToInt64(m.Wwpns[0], 16) + 1, Convert.ToInt64(m.Wwpns[1], 16));
            Assert.True(seen.Add(m.Wwpns[0]) && seen.Add(m.Wwpns[1]));
            var adapter = Assert.Single(hmc.System.FcClientAdapters(client.Uuid));
            Assert.Equal(m.Wwpns, adapter.Mapping.Wwpns);
            Assert.Equal(m.ClientSlot, adapter.Mapping.ClientSlot);
        }

        Assert.Equal(59, hmc.System.FibreChannelPorts(vios.Uuid).First(p => p.Name == port).AvailablePorts);
    }

    [Fact]
    public void Wwpns_AreNeverReused_AfterDeleteOrRestart()
    {
        var seen = new HashSet<string>();
        string client;
        using (var hmc = new TestHmc(dataDirectory: directory))
        {
            var vios = hmc.Vios(0);
            client = hmc.System.Create(TestHmc.Shared("reuse")).Uuid;
            for (var i = 0; i < 3; i++)
            {
                var m = hmc.System.AddNpivMapping(vios.Uuid, client, hmc.NpivPort(vios.Uuid));
                Assert.True(seen.Add(m.Wwpns[0]) && seen.Add(m.Wwpns[1]));
                hmc.System.RemoveNpivMapping(vios.Uuid, client);
                Assert.Empty(hmc.System.FcClientAdapters(client));
            }

            hmc.System.AddNpivMapping(vios.Uuid, client, hmc.NpivPort(vios.Uuid)).Wwpns.ToList().ForEach(w => Assert.True(seen.Add(w)));
            hmc.System.Delete(client);
        }

        using var again = new TestHmc(dataDirectory: directory);
        var vios2 = again.Vios(1);
        var other = again.System.Create(TestHmc.Shared("after-restart"));
        var next = again.System.AddNpivMapping(vios2.Uuid, other.Uuid, again.NpivPort(vios2.Uuid));
        Assert.All(next.Wwpns, w => Assert.DoesNotContain(w, seen));
        Assert.Equal(10, again.System.WwpnHighWaterMark);
    }

    [Fact]
    public void AddNpivMapping_64ClientsOnAPortAccepted_The65thRefused()
    {
        using var hmc = new TestHmc(dataDirectory: directory);
        var vios = hmc.Vios(0);
        var port = hmc.NpivPort(vios.Uuid);
        for (var i = 0; i < 64; i++)
        {
            var client = hmc.System.Create(TestHmc.Shared($"c{i}", minMb: 256, desiredMb: 256, maxMb: 512));
            hmc.System.AddNpivMapping(vios.Uuid, client.Uuid, port);
        }

        Assert.Equal(0, hmc.System.FibreChannelPorts(vios.Uuid).First(p => p.Name == port).AvailablePorts);
        var last = hmc.System.Create(TestHmc.Shared("c64", minMb: 256, desiredMb: 256, maxMb: 512));
        var mark = hmc.System.WwpnHighWaterMark;
        var ex = Refusals.Expect(Hscl.NpivPortFull, () => hmc.System.AddNpivMapping(vios.Uuid, last.Uuid, port));
        Assert.Contains("64", ex.Message, StringComparison.Ordinal);
        Assert.Equal(409, ex.HttpStatus);
        Assert.Empty(hmc.System.FcClientAdapters(last.Uuid));
        Assert.Equal(mark, hmc.System.WwpnHighWaterMark);
        var other = hmc.System.FibreChannelPorts(vios.Uuid).First(p => p.Npiv && p.Name != port).Name;
        Assert.NotNull(hmc.System.AddNpivMapping(vios.Uuid, last.Uuid, other));
    }

    [Fact]
    public async Task NpivLogin_WhileClientActive_SecondWwpnNeverLoggedIn()
    {
        using var hmc = new TestHmc(dataDirectory: directory);
        var vios = hmc.Vios(0);
        var client = hmc.System.Create(TestHmc.Shared("login"));
        hmc.System.AddNpivMapping(vios.Uuid, client.Uuid, hmc.NpivPort(vios.Uuid));
        Assert.False(Assert.Single(hmc.System.FcClientAdapters(client.Uuid)).LoggedIn);
        await hmc.PowerOnAsync(client.Uuid);
        Assert.True(Assert.Single(hmc.System.FcClientAdapters(client.Uuid)).LoggedIn);
        await hmc.PowerOffAsync(client.Uuid);
        Assert.False(Assert.Single(hmc.System.FcClientAdapters(client.Uuid)).LoggedIn);
    }

    [Fact]
    public void DeleteClient_RemovesItsMappingsInEveryVios_AndFreesNpivPorts()
    {
        using var hmc = new TestHmc(dataDirectory: directory);
        var client = hmc.System.Create(TestHmc.Shared("doomed"));
        var lu = hmc.System.CreateLogicalUnit("doomed-boot", 20);
        foreach (var vios in hmc.System.Partitions(vios: true))
        {
            hmc.System.AddNpivMapping(vios.Uuid, client.Uuid, hmc.NpivPort(vios.Uuid));
            hmc.System.MapStorage(vios.Uuid, client.Uuid, new ScsiBacking(BackingKind.LogicalUnit, lu.Name));
        }

        hmc.System.Delete(client.Uuid);
        foreach (var vios in hmc.System.Partitions(vios: true))
        {
            var io = hmc.System.ViosIoOf(vios.Uuid);
            Assert.Empty(io.Fc);
            Assert.Empty(io.Scsi);
            Assert.All(hmc.System.FibreChannelPorts(vios.Uuid), p => Assert.Equal(p.TotalPorts, p.AvailablePorts));
        }

        hmc.System.DeleteLogicalUnit(lu.Udid);
    }
}
