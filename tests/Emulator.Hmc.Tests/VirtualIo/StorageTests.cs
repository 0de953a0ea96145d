using PowerDrivers.Emulator.Hmc.Model;

namespace PowerDrivers.Emulator.Hmc.Tests.VirtualIo;

public sealed class StorageTests : IDisposable
{
    private readonly TestHmc hmc = new(o => o with { Systems = [new() { Name = "ssp", SharedStoragePoolCapacityGb = 100 }] });

    public void Dispose() => hmc.Dispose();

    [Fact]
    public void SharedStoragePool_OneClusterSpanningBothVios_WithConfiguredCapacity()
    {
        var pool = hmc.System.StoragePool!;
        Assert.Equal(100, pool.CapacityGb);
        Assert.Equal(100, pool.FreeGb);
        Assert.Equal(2, hmc.System.ClusterNodes.Count);
    }

    [Fact]
    public void CreateLogicalUnit_ThickReservesThinDoesNot_OverCapacityThickRefused()
    {
        var thin = hmc.System.CreateLogicalUnit("thin", 500, thin: true);
        Assert.Equal(100, hmc.System.StoragePool!.FreeGb);
        var thick = hmc.System.CreateLogicalUnit("thick", 60, thin: false);
        Assert.Equal(40, hmc.System.StoragePool!.FreeGb);
        Assert.NotEqual(thin.Udid, thick.Udid);
        Assert.Matches("^[0-9a-f]{64}$", thick.Udid);
        var ex = Refusals.Expect(Hscl.InsufficientResources, () => hmc.System.CreateLogicalUnit("too-big", 41, thin: false));
        Assert.Equal(409, ex.HttpStatus);
        Assert.Equal(2, hmc.System.StoragePool!.LogicalUnits.Count);
        Refusals.Expect(Hscl.DuplicateName, () => hmc.System.CreateLogicalUnit("thin", 1));
    }

    [Fact]
    public void Udids_AreUniqueEvenForARecreatedName()
    {
        var first = hmc.System.CreateLogicalUnit("same", 1);
        hmc.System.DeleteLogicalUnit(first.Udid);
        var second = hmc.System.CreateLogicalUnit("same", 1);
        Assert.NotEqual(first.Udid, second.Udid);
    }

    [Fact]
    public void DeleteLogicalUnit_WhileMapped_IsRefusedWith409_AndAfterUnmapSucceeds()
    {
        var client = hmc.System.Create(TestHmc.Shared("uses-lu"));
        var lu = hmc.System.CreateLogicalUnit("mapped", 10);
        var vios = hmc.Vios(0);
        hmc.System.MapStorage(vios.Uuid, client.Uuid, new ScsiBacking(BackingKind.LogicalUnit, "mapped"));
        var ex = Refusals.Expect(Hscl.DeviceInUse, () => hmc.System.DeleteLogicalUnit(lu.Udid));
        Assert.Equal(409, ex.HttpStatus);
        hmc.System.UnmapStorage(vios.Uuid, client.Uuid, new ScsiBacking(BackingKind.LogicalUnit, lu.Udid));
        hmc.System.DeleteLogicalUnit(lu.Udid);
        Assert.Empty(hmc.System.StoragePool!.LogicalUnits);
    }

    [Fact]
    public void UpdateLogicalUnits_WithStaleEtag_Is412_AndChangesNothing()
    {
        var etag = hmc.System.StoragePool!.ETag;
        hmc.System.CreateLogicalUnit("moves-etag", 1);
        var ex = Refusals.Expect(Hscl.EtagMismatch, () => hmc.System.UpdateLogicalUnits([new LogicalUnitSpec("x", 1, true, null)], etag));
        Assert.Equal(412, ex.HttpStatus);
        Assert.Single(hmc.System.StoragePool!.LogicalUnits);
    }

    [Fact]
    public void VolumeGroup_NewLogicalVolume_IsMappable_AndCannotBeRemovedWhileMapped()
    {
        var vios = hmc.Vios(0);
        var client = hmc.System.Create(TestHmc.Shared("lv-user"));
        var rootvg = Assert.Single(hmc.System.VolumeGroups(vios.Uuid));
        hmc.System.AddVirtualDisk(vios.Uuid, rootvg.Uuid, "lv01", 20);
        Assert.Equal(rootvg.FreeGb - 20, hmc.System.VolumeGroups(vios.Uuid)[0].FreeGb);
        hmc.System.MapStorage(vios.Uuid, client.Uuid, new ScsiBacking(BackingKind.VirtualDisk, "lv01"));
        Refusals.Expect(Hscl.DeviceInUse, () => hmc.System.UpdateVolumeGroup(vios.Uuid, rootvg.Uuid, [], []));
        Refusals.Expect(Hscl.InsufficientResources, () => hmc.System.AddVirtualDisk(vios.Uuid, "rootvg", "huge", 100_000));
    }
}
