using PowerDrivers.Emulator.Hmc.Model;
using PowerDrivers.Emulator.Hmc.Tests.Golden;
using PowerDrivers.Emulator.Hmc.Wire;

namespace PowerDrivers.Emulator.Hmc.Tests;

public sealed class NetworkAdapterTests : IDisposable
{
    private static readonly LinkBuilder Links = new("https://127.0.0.1:12443");
    private readonly TestHmc hmc = new();

    public void Dispose() => hmc.Dispose();

    [Fact]
    public void Add_OnStoppedPartition_TakesSlotTwoAndAUniqueLocallyAdministeredMac()
    {
        var p = hmc.System.Create(TestHmc.Shared("net"));
        var a = hmc.System.AddNetworkAdapter(p.Uuid, 100, [200, 300]);
        var b = hmc.System.AddNetworkAdapter(p.Uuid, 100);
        Assert.Equal([2, 3], new[] { a.Slot, b.Slot });
        Assert.NotEqual(a.MacAddress, b.MacAddress);
        Assert.StartsWith("FA", a.MacAddress, StringComparison.Ordinal);
        Assert.Equal(2, hmc.System.Find(p.Uuid)!.NetworkAdapters.Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4095)]
    public void Add_WithVlanOutsideOneTo4094_IsRefused(int vlan)
    {
        var p = hmc.System.Create(TestHmc.Shared("vlan"));
        Refusals.Expect(Hscl.InvalidValue, () => hmc.System.AddNetworkAdapter(p.Uuid, vlan));
    }

    [Fact]
    public void Add_WithTooManyOrDuplicateTaggedVlans_IsRefused()
    {
        var p = hmc.System.Create(TestHmc.Shared("tags"));
        Refusals.Expect(Hscl.InvalidValue, () => hmc.System.AddNetworkAdapter(p.Uuid, 1, [.. Enumerable.Range(2, NetworkAdapter.MaxTaggedVlans + 1)]));
        Refusals.Expect(Hscl.InvalidValue, () => hmc.System.AddNetworkAdapter(p.Uuid, 1, [5, 5]));
        Refusals.Expect(Hscl.InvalidValue, () => hmc.System.AddNetworkAdapter(p.Uuid, 7, [7]));
        Assert.Equal(NetworkAdapter.MaxTaggedVlans, hmc.System.AddNetworkAdapter(p.Uuid, 1, [.. Enumerable.Range(2, NetworkAdapter.MaxTaggedVlans)]).TaggedVlanIds.Count);
    }

    [Fact]
    public void Add_WithMacInUse_IsRefused()
    {
        var p = hmc.System.Create(TestHmc.Shared("mac"));
        hmc.System.AddNetworkAdapter(p.Uuid, 1, macAddress: "FA:AA:BB:CC:DD:01");
        Refusals.Expect(Hscl.InvalidValue, () => hmc.System.AddNetworkAdapter(p.Uuid, 2, macAddress: "faaabbccdd01"));
    }

    [Fact]
    public async Task AddAndRemove_WhileRunning_IsDlparAndNeedsRmc()
    {
        var p = hmc.System.Create(TestHmc.Shared("live-net"));
        await hmc.PowerOnAsync(p.Uuid);
        var a = hmc.System.AddNetworkAdapter(p.Uuid, 10);
        hmc.System.RemoveNetworkAdapter(p.Uuid, a.Uuid);
        await hmc.PowerOffAsync(p.Uuid);
        await hmc.PowerOnAsync(p.Uuid, "of");
        Refusals.Expect(Hscl.RmcInactive, () => hmc.System.AddNetworkAdapter(p.Uuid, 10));
    }

    [Fact]
    public void Adapters_SurviveRestartInNvram()
    {
        var p = hmc.System.Create(TestHmc.Shared("persisted-net"));
        var a = hmc.System.AddNetworkAdapter(p.Uuid, 42, [43]);
        using var again = new TestHmc(dataDirectory: hmc.DataDirectory);
        var reloaded = again.System.Find(p.Uuid)!.NetworkAdapters.Single();
        Assert.Equal(a with { TaggedVlanIds = [] }, reloaded with { TaggedVlanIds = [] });
        Assert.Equal([43], reloaded.TaggedVlanIds);
    }

    [Fact]
    public void ClientNetworkAdapterAndVirtualSwitch_MatchTheRecordedShapes()
    {
        var p = hmc.System.Create(TestHmc.Shared("golden-net"));
        var a = hmc.System.AddNetworkAdapter(p.Uuid, 1, [2, 3]);
        var entry = NetworkXml.AdapterEntry(hmc.System.Find(p.Uuid)!, a, Links, inFeed: true);
        var feed = Uom.Feed("id", DateTimeOffset.UtcNow, Links.Uom("x"), null, [entry]);
        ShapeIndex.Of(ReferenceFiles.Bodies("cna_feed.txt")).AssertConforms(feed);
        ShapeIndex.Of(ReferenceFiles.Contents("fake_virtual_switch.txt", "VirtualSwitch"))
            .AssertConforms(NetworkXml.SwitchEntry(hmc.System, Links, inFeed: false).Element(Uom.Atom + "content")!.Elements().First());
        Assert.Contains(PartitionXml.Body(hmc.System.Find(p.Uuid)!, Links).Descendants(Uom.Ns + "ClientNetworkAdapters").Single().Elements(),
            l => l.Attribute("href")!.Value.EndsWith(a.Uuid, StringComparison.Ordinal));
    }
}
