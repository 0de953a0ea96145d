using PowerDrivers.Backend.PowerVM.Tests.Support;
using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.Model;

namespace PowerDrivers.Backend.PowerVM.Tests;

/// <summary>NPIV attachment: a client vFC adapter with a WWPN pair per VIOS on its least used NPIV port, against Emulator.Hmc over HTTPS.</summary>
public sealed class NpivTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private VirtualIoHarness _h = null!;

    public async Task InitializeAsync() => _h = await VirtualIoHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private PowerVmBackend Backend => _h.Backend;

    [Fact]
    public async Task AttachNpiv_GivesAUniqueWwpnPairPerViosAndDetachFreesThePorts()
    {
        var lpar = await _h.PartitionAsync("npiv", running: false);
        var volume = await _h.CreatedVolumeAsync("san");
        var before = await FreePortsAsync();

        var result = await Backend.AttachVolumeAsync(lpar, volume, AttachmentKind.Npiv, VirtualIoHarness.Progress, None);

        var pairs = result.Native["wwpns"].Split(',').Select(p => p.Split(' ')).ToList();
        Assert.Equal(2, pairs.Count);
        Assert.All(pairs, p =>
        {
            Assert.Equal(2, p.Length);
            Assert.All(p, w => Assert.Matches("^c0[0-9a-f]{14}$", w));
        });
        Assert.Equal(4, pairs.SelectMany(p => p).Distinct().Count());
        Assert.Equal(string.Join(',', pairs.Select(p => p[0])), result.Native["san_wwpns"]);
        Assert.All(result.Native["server_adapters"].Split(','), a => Assert.StartsWith("vfchost", a, StringComparison.Ordinal));

        // The client's own view of its adapters carries the same pairs.
        using (var client = _h.Hmc.Client())
        {
            var adapters = await client.ListFcClientAdaptersAsync(lpar.NativeId, None);
            Assert.Equal(pairs.Select(p => string.Join(' ', p)).Order(), adapters.Select(a => string.Join(' ', a.Wwpns)).Order());
        }

        var during = await FreePortsAsync();
        Assert.Equal(before.Values.Sum() - 2, during.Values.Sum());

        var attached = lpar with { Volumes = [new VolumeAttachment(volume.Id, AttachmentKind.Npiv, result.Device, result.Native)] };
        await Backend.DetachVolumeAsync(attached, volume, attached.Volumes[0], VirtualIoHarness.Progress, None);

        Assert.Empty(_h.System.FcClientAdapters(lpar.NativeId));
        Assert.Equal(before, await FreePortsAsync());
    }

    [Fact]
    public async Task AttachNpiv_ASecondVolumeSharesTheAdaptersUntilTheLastDetach()
    {
        var lpar = await _h.PartitionAsync("npiv-two", running: false);
        var first = await _h.CreatedVolumeAsync("san-1");
        var second = await _h.CreatedVolumeAsync("san-2");

        var a = await Backend.AttachVolumeAsync(lpar, first, AttachmentKind.Npiv, VirtualIoHarness.Progress, None);
        var one = new VolumeAttachment(first.Id, AttachmentKind.Npiv, a.Device, a.Native);
        var b = await Backend.AttachVolumeAsync(lpar with { Volumes = [one] }, second, AttachmentKind.Npiv, VirtualIoHarness.Progress, None);
        var two = new VolumeAttachment(second.Id, AttachmentKind.Npiv, b.Device, b.Native);

        Assert.Equal(a.Native["wwpns"], b.Native["wwpns"]);
        Assert.Equal(2, _h.System.FcClientAdapters(lpar.NativeId).Count);

        await Backend.DetachVolumeAsync(lpar with { Volumes = [one, two] }, first, one, VirtualIoHarness.Progress, None);
        Assert.Equal(2, _h.System.FcClientAdapters(lpar.NativeId).Count);
        await Backend.DetachVolumeAsync(lpar with { Volumes = [two] }, second, two, VirtualIoHarness.Progress, None);
        Assert.Empty(_h.System.FcClientAdapters(lpar.NativeId));
    }

    [Fact]
    public async Task AttachNpiv_ChoosesTheLeastUsedPort()
    {
        var vios = _h.System.Partitions(vios: true).OrderBy(v => v.Definition.Id).First();
        var ports = _h.System.FibreChannelPorts(vios.Uuid).Where(p => p.Npiv).ToList();
        Assert.True(ports.Count >= 2, "the emulated VIOS has two NPIV ports");
        var busy = await _h.PartitionAsync("busy", running: false);
        _h.System.AddNpivMapping(vios.Uuid, busy.NativeId, ports[0].Name);
        var lpar = await _h.PartitionAsync("npiv-least", running: false);

        var result = await Backend.AttachVolumeAsync(lpar, await _h.CreatedVolumeAsync("least"), AttachmentKind.Npiv, VirtualIoHarness.Progress, None);

        var names = result.Native["vios_names"].Split(',');
        var chosen = result.Native["physical_ports"].Split(',')[Array.IndexOf(names, vios.Definition.Name)];
        Assert.NotEqual(ports[0].Name, chosen);
    }

    [Fact]
    public async Task AttachNpiv_EveryPortFull_IsInsufficientCapacityWithTheHmcWordsAndRevertsTheOtherVios()
    {
        var vioses = _h.System.Partitions(vios: true).OrderBy(v => v.Definition.Id).ToList();
        // A client has 62 free virtual slots: fill the second VIOS's NPIV ports from several partitions.
        var fillers = new List<string>();
        var used = 0;
        foreach (var port in _h.System.FibreChannelPorts(vioses[1].Uuid).Where(p => p.Npiv))
        {
            for (var i = 0; i < port.AvailablePorts; i++, used++)
            {
                if (used % 60 == 0)
                {
                    fillers.Add((await _h.PartitionAsync($"filler-{fillers.Count}", running: false)).NativeId);
                }

                _h.System.AddNpivMapping(vioses[1].Uuid, fillers[^1], port.Name);
            }
        }

        var lpar = await _h.PartitionAsync("npiv-full", running: false);
        var error = await Assert.ThrowsAsync<InsufficientCapacityError>(() =>
            Backend.AttachVolumeAsync(lpar, VirtualIoHarness.Volume("full", 1) with { NativeId = "unused" }, AttachmentKind.Npiv, VirtualIoHarness.Progress, None));

        Assert.Equal("NPIV ports", error.Unit);
        Assert.Contains("maximum", error.Message, StringComparison.Ordinal);
        Assert.Empty(_h.System.FcClientAdapters(lpar.NativeId));
    }

    private async Task<Dictionary<string, int>> FreePortsAsync()
    {
        var io = await _h.Backend.GetHostIoAsync(VirtualIoHarness.Host, None);
        return io.Adapters.SelectMany(a => a.Ports.Where(p => p.Npiv).Select(p => ($"{a.Server}/{p.Name}", p.NpivMaxClients - p.NpivClients)))
            .ToDictionary(x => x.Item1, x => x.Item2);
    }
}
