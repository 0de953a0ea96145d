using PowerDrivers.Emulator.Hmc.Model;

namespace PowerDrivers.Emulator.Hmc.Tests.VirtualIo;

public sealed class BridgeTests : IDisposable
{
    private readonly TestHmc hmc = new();

    public void Dispose() => hmc.Dispose();

    [Fact]
    public void FirstStart_DefaultBridge_HasOneSeaPerVios_PrimaryOnVios1_WithControlChannel()
    {
        var bridge = Assert.Single(hmc.System.NetworkBridges());
        Assert.Equal([1, 2], bridge.Adapters.Select(a => a.TrunkPriority));
        Assert.Equal(hmc.Vios(0).Uuid, bridge.ActiveViosUuid);
        Assert.Equal(hmc.Vios(0).Uuid, bridge.Adapters[0].ViosUuid);
        Assert.All(bridge.Adapters, a => Assert.NotEqual(0, a.ControlChannelSlot));
        Assert.Equal(99, bridge.ControlChannelId);
        Assert.Equal(new HashSet<int> { 1 }, hmc.System.BridgedVlans());
    }

    [Fact]
    public void Shape_OneVirtualToOnePhysical_BridgesExactlyItsVlans()
    {
        ClearBridges();
        var b = hmc.System.CreateNetworkBridge([new LoadGroup(100, [101, 102])], Seas(["ent1"], ["ent1"]));
        Assert.All(b.Adapters, a => Assert.Single(a.Trunks));
        Assert.All(b.Adapters, a => Assert.Equal(["ent1"], a.BackingPorts));
        Assert.Equal(new HashSet<int> { 100, 101, 102 }, hmc.System.BridgedVlans());
    }

    [Fact]
    public void Shape_ManyVirtualToOnePhysical_BridgesEveryTrunksVlans()
    {
        ClearBridges();
        var b = hmc.System.CreateNetworkBridge([new LoadGroup(200, [201]), new LoadGroup(300, [301, 302])], Seas(["ent2"], ["ent2"]));
        Assert.All(b.Adapters, a => Assert.Equal(2, a.Trunks.Count));
        Assert.All(b.Adapters, a => Assert.Single(a.BackingPorts));
        Assert.Equal(new HashSet<int> { 200, 201, 300, 301, 302 }, hmc.System.BridgedVlans());
    }

    [Fact]
    public void Shape_OneVirtualToManyPhysical_UsesALinkAggregation()
    {
        ClearBridges();
        var b = hmc.System.CreateNetworkBridge([new LoadGroup(400, [])], Seas(["ent1", "ent2", "ent3"], ["ent1", "ent2"]));
        Assert.Equal(3, b.Adapters[0].BackingPorts.Count);
        Assert.NotEqual(0, b.Adapters[0].AggregationNumber);
        Assert.All(b.Adapters, a => Assert.Single(a.Trunks));
        Assert.Equal(new HashSet<int> { 400 }, hmc.System.BridgedVlans());
    }

    [Fact]
    public void CreateNetworkBridge_VlanOfAnotherBridgeOrPortInUse_IsRefused()
    {
        Refusals.Expect(Hscl.DeviceInUse, () => hmc.System.CreateNetworkBridge([new LoadGroup(1, [])], Seas(["ent1"], ["ent1"])));
        Refusals.Expect(Hscl.DeviceInUse, () => hmc.System.CreateNetworkBridge([new LoadGroup(500, [])], Seas(["ent0"], ["ent1"])));
        Assert.Single(hmc.System.NetworkBridges());
    }

    [Fact]
    public async Task AddVlanToBridge_ThenClientAdapterOnIt_IsBridged_AndDuplicateVirtualNetworkRefused()
    {
        var client = await hmc.RunningClientAsync("vlan-user");
        var bridge = hmc.System.NetworkBridges()[0];
        hmc.System.AddNetworkAdapter(client.Uuid, 2227);
        Assert.Equal([2227], hmc.System.UnbridgedVlans(client.Uuid));
        var updated = hmc.System.AddVlanToBridge(bridge.Uuid, 2227);
        Assert.Contains(2227, updated.Vlans);
        Assert.All(updated.Adapters, a => Assert.Single(a.Trunks));
        Assert.Empty(hmc.System.UnbridgedVlans(client.Uuid));
        Assert.Contains(hmc.System.VirtualNetworks(), n => n.VlanId == 2227);
        Refusals.Expect(Hscl.DuplicateName, () => hmc.System.CreateVirtualNetwork(2227));
        Refusals.Expect(Hscl.EtagMismatch, () => hmc.System.UpdateNetworkBridge(bridge.Uuid, [new LoadGroup(1, [])], bridge.ETag));
    }

    [Fact]
    public async Task DeleteVios_WhileItHoldsASea_IsRefused()
    {
        var vios = hmc.Vios(1);
        await hmc.PowerOffViosAsync(vios.Uuid);
        Refusals.Expect(Hscl.DeviceInUse, () => hmc.System.Delete(vios.Uuid));
        Assert.NotNull(hmc.System.Find(vios.Uuid));
    }

    private IReadOnlyList<SeaSpec> Seas(IReadOnlyList<string> primary, IReadOnlyList<string> backup) =>
        [new SeaSpec(hmc.Vios(0).Uuid, primary, 1), new SeaSpec(hmc.Vios(1).Uuid, backup, 2)];

    private void ClearBridges()
    {
        foreach (var b in hmc.System.NetworkBridges())
        {
            hmc.System.DeleteNetworkBridge(b.Uuid);
        }

        Assert.Empty(hmc.System.BridgedVlans());
    }
}
