using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.Model;
using PowerDrivers.Driver.Core.Storage;
using PowerDrivers.Driver.Core.Store;
using Xunit;

namespace PowerDrivers.Driver.Core.Conformance.Store;

/// <summary>Volumes and networks: versioned volumes, unique networks, attachments kept on the instance.</summary>
public abstract partial class DriverStoreConformance
{
    private static readonly DateTimeOffset VolumeTime = new(2024, 5, 1, 8, 0, 0, TimeSpan.Zero);

    protected static VolumeRecord Volume(string name = "data", string host = "p8-a") => new()
    {
        Id = Guid.NewGuid(),
        Name = name,
        SizeGb = 20,
        Provisioning = Provisioning.Thin,
        Host = host,
        Backend = "powervm",
        Status = VolumeStatus.Available,
        NativeId = "01M0lCTTIxNDUxMjQ2MDA1MDc2ODAxODgyMEQ4MDAwMDAwMDAwMDAwMDA4Mw==",
        Metadata = new Dictionary<string, string> { ["tier"] = "gold" },
        CreatedAt = VolumeTime,
        UpdatedAt = VolumeTime,
    };

    [Fact]
    public async Task Volume_InsertUpdateList_VersionsAreCheckedAndNothingChangesOnConflict()
    {
        var v = Volume();
        await Store.CommitAsync(new ChangeSet(Volume: v), Ct);
        Assert.Equivalent(v, await Store.GetVolumeAsync(v.Id, Ct));

        await Assert.ThrowsAsync<ConflictError>(() => Store.CommitAsync(new ChangeSet(Volume: v), Ct));
        var inUse = v with { Status = VolumeStatus.InUse, InstanceId = Guid.NewGuid(), Version = 2 };
        await Store.CommitAsync(new ChangeSet(Volume: inUse), Ct);
        var stale = v with { Status = VolumeStatus.Deleted, Version = 2 };
        var instance = StoreSamples.FullInstance("vm-vol");
        await Assert.ThrowsAsync<ConflictError>(() => Store.CommitAsync(new ChangeSet(InsertInstance: instance, Volume: stale), Ct));
        Assert.Null(await Store.GetInstanceAsync(instance.Id, Ct));
        Assert.Equal(VolumeStatus.InUse, (await Store.GetVolumeAsync(v.Id, Ct))!.Status);

        var other = Volume("logs", "p8-b") with { CreatedAt = VolumeTime.AddMinutes(1) };
        await Store.CommitAsync(new ChangeSet(Volume: other), Ct);
        Assert.Equal([v.Id, other.Id], (await Store.ListVolumesAsync("", false, Ct)).Select(x => x.Id));
        Assert.Equal([other.Id], (await Store.ListVolumesAsync("p8-b", false, Ct)).Select(x => x.Id));
        await Store.CommitAsync(new ChangeSet(Volume: other with { Status = VolumeStatus.Deleted, Version = 2 }), Ct);
        Assert.Equal([v.Id], (await Store.ListVolumesAsync("", false, Ct)).Select(x => x.Id));
        Assert.Equal(2, (await Store.ListVolumesAsync("", true, Ct)).Count);
    }

    [Fact]
    public async Task Network_NameAndVlanUnique_DeleteFreesThem()
    {
        var n = new NetworkRecord { Id = Guid.NewGuid(), Name = "prod", VlanId = 100, CreatedAt = VolumeTime };
        await Store.CommitAsync(new ChangeSet(InsertNetwork: n), Ct);
        Assert.Equal(n, await Store.GetNetworkAsync(n.Id, Ct));
        await Assert.ThrowsAsync<ConflictError>(() => Store.CommitAsync(new ChangeSet(InsertNetwork: n with { Id = Guid.NewGuid(), VlanId = 101 }), Ct));
        await Assert.ThrowsAsync<ConflictError>(() => Store.CommitAsync(new ChangeSet(InsertNetwork: n with { Id = Guid.NewGuid(), Name = "dev" }), Ct));
        Assert.Single(await Store.ListNetworksAsync(Ct));
        await Store.CommitAsync(new ChangeSet(DeleteNetwork: n.Id), Ct);
        Assert.Null(await Store.GetNetworkAsync(n.Id, Ct));
        await Store.CommitAsync(new ChangeSet(InsertNetwork: n with { Id = Guid.NewGuid() }), Ct);
        Assert.Single(await Store.ListNetworksAsync(Ct));
    }

    [Fact]
    public async Task Instance_WithAttachments_RoundTripsThemUnchanged()
    {
        var record = StoreSamples.FullInstance("vm-att") with
        {
            Volumes = [new VolumeAttachment(Guid.NewGuid(), AttachmentKind.Npiv, "C5", new Dictionary<string, string> { ["wwpns"] = "c05076000afe0010,c05076000afe0011" })],
            Interfaces = [new InterfaceAttachment(Guid.NewGuid(), Guid.NewGuid(), 100, "fa:16:3e:01:02:03", "C6", new Dictionary<string, string> { ["slot"] = "6" })],
        };
        await Store.CommitAsync(new ChangeSet(InsertInstance: record), Ct);
        Assert.Equal(record, await Store.GetInstanceAsync(record.Id, Ct));
    }
}
