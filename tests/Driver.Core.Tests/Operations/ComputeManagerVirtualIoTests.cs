using PowerDrivers.Driver.Core.Conformance.Fakes;
using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.Model;
using PowerDrivers.Driver.Core.Operations;
using PowerDrivers.Driver.Core.States;
using PowerDrivers.Driver.Core.Storage;
using Xunit;

namespace PowerDrivers.Driver.Core.Tests.Operations;

public sealed class ComputeManagerVirtualIoTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static VolumeSpec Vol(string name = "data", long sizeGb = 10, Provisioning p = Provisioning.Thin, string host = "") =>
        new(name, sizeGb, p, host, new Dictionary<string, string>());

    private static async Task<VolumeRecord> CreateVolumeAsync(ManagerHarness h, VolumeSpec spec)
    {
        var op = await h.FinishAsync(await h.Manager.CreateVolumeAsync(spec, "", None));
        Assert.True(op.State == OperationState.Succeeded, op.Error?.Message);
        Assert.Equal(Guid.Empty, op.InstanceId);
        return await h.Manager.GetVolumeAsync(op.VolumeId!.Value, None);
    }

    [Fact]
    public async Task CreateVolume_WithHost_CreatesItOnThePlatform_WithoutHost_BindsAtFirstAttach()
    {
        await using var h = new ManagerHarness();
        var placed = await CreateVolumeAsync(h, Vol(host: "host-a"));
        Assert.Equal(VolumeStatus.Available, placed.Status);
        Assert.Contains(placed.NativeId, h.Fake.VolumeIds);

        var floating = await CreateVolumeAsync(h, Vol("later"));
        Assert.Equal(VolumeStatus.Available, floating.Status);
        Assert.Equal("", floating.Host);
        Assert.Equal("", floating.NativeId);
        Assert.Single(h.Fake.VolumeIds);

        var vm = await h.CreateAsync("vm1", start: true);
        await h.SucceedAsync(h.Manager.AttachVolumeAsync(vm.Id, floating.Id, null, "", None));
        var bound = await h.Manager.GetVolumeAsync(floating.Id, None);
        Assert.Equal(("host-a", VolumeStatus.InUse, vm.Id), (bound.Host, bound.Status, bound.InstanceId));
        Assert.Contains(bound.NativeId, h.Fake.VolumeIds);
        var after = await h.GetAsync(vm.Id);
        Assert.Equal(InstanceState.Running, after.State);
        var attachment = Assert.Single(after.Volumes);
        Assert.Equal((floating.Id, AttachmentKind.VirtioBlk), (attachment.VolumeId, attachment.Kind));
        Assert.Contains("disk:" + bound.NativeId, h.Fake.DevicesOf(vm.Id));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(16385L)]
    public async Task CreateVolume_BadSize_IsRefusedAndNothingIsRecorded(long size)
    {
        await using var h = new ManagerHarness();
        var error = await Assert.ThrowsAsync<InvalidSpecError>(() => h.Manager.CreateVolumeAsync(Vol(sizeGb: size), "", None));
        Assert.Contains(error.Violations, v => v.Field == "size_gb");
        Assert.Empty(await h.Manager.ListVolumesAsync("", true, None));
    }

    [Fact]
    public async Task CreateVolume_ThickBeyondStorage_FailsTheOperationAndLeavesTheVolumeInError()
    {
        await using var h = new ManagerHarness(new FakeBackendOptions { Hosts = ["host-a"], VolumeCapacityGb = 100 });
        var op = await h.FinishAsync(await h.Manager.CreateVolumeAsync(Vol(sizeGb: 200, p: Provisioning.Thick, host: "host-a"), "", None));
        Assert.Equal(OperationState.Failed, op.State);
        Assert.Equal(ErrorReasons.InsufficientCapacity, op.Error!.Reason);
        var volume = await h.Manager.GetVolumeAsync(op.VolumeId!.Value, None);
        Assert.Equal(VolumeStatus.Error, volume.Status);
        Assert.Empty(h.Fake.VolumeIds);

        // A thin volume of the same size fits: it takes no space up front.
        Assert.Equal(VolumeStatus.Available, (await CreateVolumeAsync(h, Vol(sizeGb: 200, host: "host-a"))).Status);
    }

    [Fact]
    public async Task AttachVolume_WhenTheBackendFails_RemovesTheVolumeItCreatedAndUnbindsIt()
    {
        await using var h = new ManagerHarness();
        var vm = await h.CreateAsync("vm1");
        var volume = await CreateVolumeAsync(h, Vol());
        h.Fake.FailNext(nameof(h.Fake.AttachVolumeAsync), new BackendFailureError("fake", "mapping refused"));

        var op = await h.FinishAsync(await h.Manager.AttachVolumeAsync(vm.Id, volume.Id, null, "", None));

        Assert.Equal(OperationState.Failed, op.State);
        var after = await h.Manager.GetVolumeAsync(volume.Id, None);
        Assert.Equal((VolumeStatus.Available, "", (Guid?)null, ""), (after.Status, after.Host, after.InstanceId, after.NativeId));
        Assert.Empty(h.Fake.VolumeIds);
        var instance = await h.GetAsync(vm.Id);
        Assert.Equal((InstanceState.Stopped, 0, (Guid?)null), (instance.State, instance.Volumes.Count, instance.ActiveOperationId));
    }

    [Fact]
    public async Task AttachVolume_Refusals_AreSynchronousAndChangeNothing()
    {
        await using var h = new ManagerHarness(new FakeBackendOptions { Hosts = ["host-a", "host-b"], LiveDeviceAttach = false });
        var vm = await h.CreateAsync("vm1");
        var other = await h.CreateAsync("vm2", host: "host-b");
        var onB = await CreateVolumeAsync(h, Vol(host: "host-b"));
        var wrongHost = await Assert.ThrowsAsync<PreconditionError>(() => h.Manager.AttachVolumeAsync(vm.Id, onB.Id, null, "", None));
        Assert.Equal(ErrorReasons.WrongHost, wrongHost.Reason);

        var kind = await Assert.ThrowsAsync<UnsupportedError>(() => h.Manager.AttachVolumeAsync(vm.Id, onB.Id, AttachmentKind.Npiv, "", None));
        Assert.Contains("npiv", kind.Message, StringComparison.Ordinal);

        await h.SucceedAsync(h.Manager.AttachVolumeAsync(other.Id, onB.Id, null, "", None));
        var inUse = await Assert.ThrowsAsync<PreconditionError>(() => h.Manager.AttachVolumeAsync(other.Id, onB.Id, null, "", None));
        Assert.Equal(ErrorReasons.VolumeInUse, inUse.Reason);
        var deleteAttached = await Assert.ThrowsAsync<PreconditionError>(() => h.Manager.DeleteVolumeAsync(onB.Id, "", None));
        Assert.Equal(ErrorReasons.VolumeInUse, deleteAttached.Reason);

        // No live attach on this backend: a running instance is refused with the capability's reason.
        var free = await CreateVolumeAsync(h, Vol());
        await h.SucceedAsync(h.Manager.StartAsync(vm.Id, "", None));
        var live = await Assert.ThrowsAsync<UnsupportedError>(() => h.Manager.AttachVolumeAsync(vm.Id, free.Id, null, "", None));
        Assert.Contains("stop the instance", live.Message, StringComparison.Ordinal);
        Assert.Equal(VolumeStatus.Available, (await h.Manager.GetVolumeAsync(free.Id, None)).Status);
        Assert.Empty((await h.GetAsync(vm.Id)).Volumes);
    }

    [Fact]
    public async Task DetachVolume_RemovesTheDeviceAndFreesTheVolume_ThenItCanBeDeleted()
    {
        await using var h = new ManagerHarness();
        var vm = await h.CreateAsync("vm1", start: true);
        var volume = await CreateVolumeAsync(h, Vol(host: "host-a"));
        await h.SucceedAsync(h.Manager.AttachVolumeAsync(vm.Id, volume.Id, AttachmentKind.Vscsi, "", None));
        Assert.Equal(AttachmentKind.Vscsi, Assert.Single((await h.GetAsync(vm.Id)).Volumes).Kind);

        await h.SucceedAsync(h.Manager.DetachVolumeAsync(vm.Id, volume.Id, "", None));
        Assert.Empty((await h.GetAsync(vm.Id)).Volumes);
        Assert.Empty(h.Fake.DevicesOf(vm.Id));
        var detached = await h.Manager.GetVolumeAsync(volume.Id, None);
        Assert.Equal((VolumeStatus.Available, (Guid?)null, "host-a"), (detached.Status, detached.InstanceId, detached.Host));

        var op = await h.FinishAsync(await h.Manager.DeleteVolumeAsync(volume.Id, "", None));
        Assert.Equal(OperationState.Succeeded, op.State);
        Assert.Equal(VolumeStatus.Deleted, (await h.Manager.GetVolumeAsync(volume.Id, None)).Status);
        Assert.Empty(h.Fake.VolumeIds);
        Assert.Empty(await h.Manager.ListVolumesAsync("", false, None));
    }

    [Fact]
    public async Task DeleteInstance_ReleasesItsVolumesAndKeepsNoNativeStateOrAllocation()
    {
        await using var h = new ManagerHarness();
        var vm = await h.CreateAsync("vm1", start: true);
        var volume = await CreateVolumeAsync(h, Vol());
        await h.SucceedAsync(h.Manager.AttachVolumeAsync(vm.Id, volume.Id, null, "", None));
        Assert.NotEqual("", (await h.GetAsync(vm.Id)).NativeState);
        var deleted = await h.SucceedAsync(h.Manager.DeleteAsync(vm.Id, true, "", None));
        var after = await h.Manager.GetVolumeAsync(volume.Id, None);
        Assert.Equal((VolumeStatus.Available, (Guid?)null), (after.Status, after.InstanceId));
        Assert.Equal((InstanceState.Deleted, "", Allocation.None, 0), (deleted.State, deleted.NativeState, deleted.Allocation, deleted.Volumes.Count));
    }

    [Fact]
    public async Task Interfaces_AttachWithMacOnTheNetworksVlan_DetachRemovesThem_NetworkInUseCannotBeDeleted()
    {
        await using var h = new ManagerHarness();
        var net = await h.Manager.CreateNetworkAsync("prod", 120, None);
        var vm = await h.CreateAsync("vm1", start: true);

        var bad = await Assert.ThrowsAsync<InvalidSpecError>(() => h.Manager.AttachInterfaceAsync(vm.Id, net.Id, "zz:00", "", None));
        Assert.Contains(bad.Violations, v => v.Field == "mac_address");
        await Assert.ThrowsAsync<InvalidSpecError>(() => h.Manager.AttachInterfaceAsync(vm.Id, net.Id, "01:00:5e:00:00:01", "", None));

        var after = await h.SucceedAsync(h.Manager.AttachInterfaceAsync(vm.Id, net.Id, "FA-16-3E-AA-BB-CC", "", None));
        var nic = Assert.Single(after.Interfaces);
        Assert.Equal(("fa:16:3e:aa:bb:cc", 120, net.Id), (nic.MacAddress, nic.VlanId, nic.NetworkId));
        Assert.Contains("nic:fa:16:3e:aa:bb:cc", h.Fake.DevicesOf(vm.Id));

        var inUse = await Assert.ThrowsAsync<PreconditionError>(() => h.Manager.DeleteNetworkAsync(net.Id, None));
        Assert.Equal(ErrorReasons.NetworkInUse, inUse.Reason);

        await h.SucceedAsync(h.Manager.DetachInterfaceAsync(vm.Id, nic.Id, "", None));
        Assert.Empty((await h.GetAsync(vm.Id)).Interfaces);
        Assert.Empty(h.Fake.DevicesOf(vm.Id));
        await h.Manager.DeleteNetworkAsync(net.Id, None);
        Assert.Empty(await h.Manager.ListNetworksAsync(None));
    }

    [Fact]
    public async Task Networks_NameAndVlanAreUnique_VlanRangeChecked()
    {
        await using var h = new ManagerHarness();
        await h.Manager.CreateNetworkAsync("a", 10, None);
        Assert.Equal(ErrorReasons.Conflict, (await Assert.ThrowsAsync<ConflictError>(() => h.Manager.CreateNetworkAsync("a", 11, None))).Reason);
        await Assert.ThrowsAsync<ConflictError>(() => h.Manager.CreateNetworkAsync("b", 10, None));
        await Assert.ThrowsAsync<InvalidSpecError>(() => h.Manager.CreateNetworkAsync("c", 4095, None));
        Assert.Single(await h.Manager.ListNetworksAsync(None));
    }

    [Fact]
    public async Task AttachVolume_WhileAnotherOperationRuns_IsRefused()
    {
        await using var h = new ManagerHarness();
        var vm = await h.CreateAsync("vm1", start: true);
        var volume = await CreateVolumeAsync(h, Vol());
        var hold = h.Fake.HoldNext(nameof(h.Fake.AttachVolumeAsync));
        var first = await h.Manager.AttachVolumeAsync(vm.Id, volume.Id, null, "", None);
        var second = await CreateVolumeAsync(h, Vol("second"));
        await Assert.ThrowsAsync<InvalidStateError>(() => h.Manager.AttachVolumeAsync(vm.Id, second.Id, null, "", None));
        hold.Release();
        Assert.Equal(OperationState.Succeeded, (await h.FinishAsync(first)).State);
    }

    [Fact]
    public async Task Reconcile_AfterARestartMidVolumeWork_FailsTheOperationsAndSettlesEveryVolume()
    {
        await using var h = new ManagerHarness();
        var vm = await h.CreateAsync("vm1");
        var now = DateTimeOffset.UtcNow;
        VolumeRecord Planted(string name, VolumeStatus status, Guid? instance, Guid? op) => new()
        {
            Id = Guid.NewGuid(), Name = name, SizeGb = 1, Provisioning = Provisioning.Thin, Host = "host-a", Backend = "fake",
            Status = status, NativeId = "vol-x", InstanceId = instance, ActiveOperationId = op, CreatedAt = now, UpdatedAt = now,
        };
        var createOp = new OperationRecord
        {
            Id = Guid.NewGuid(), Kind = OperationKind.CreateVolume, InstanceId = Guid.Empty, Host = "host-a",
            State = OperationState.Running, CreatedAt = now, UpdatedAt = now,
        };
        var creating = Planted("creating", VolumeStatus.Creating, null, createOp.Id);
        var attaching = Planted("attaching", VolumeStatus.Attaching, vm.Id, Guid.NewGuid());
        var orphan = Planted("orphan", VolumeStatus.InUse, Guid.NewGuid(), null);
        var steady = Planted("steady", VolumeStatus.Available, null, null);
        await h.Store.CommitAsync(new Core.Store.ChangeSet(Volume: creating, Operation: createOp with { VolumeId = creating.Id }), None);
        foreach (var v in new[] { attaching, orphan, steady })
            await h.Store.CommitAsync(new Core.Store.ChangeSet(Volume: v), None);

        var report = await h.Manager.ReconcileAsync(None);

        Assert.Equal(1, report.InterruptedOperations);
        Assert.Equal(OperationState.Failed, (await h.Manager.GetOperationAsync(createOp.Id, None)).State);
        var c = await h.Manager.GetVolumeAsync(creating.Id, None);
        Assert.Equal((VolumeStatus.Error, (Guid?)null), (c.Status, c.ActiveOperationId));
        Assert.Contains("interrupted", c.Fault, StringComparison.Ordinal);
        var a = await h.Manager.GetVolumeAsync(attaching.Id, None);
        Assert.Equal((VolumeStatus.Available, (Guid?)null, (Guid?)null), (a.Status, a.InstanceId, a.ActiveOperationId));
        Assert.Equal(VolumeStatus.Available, (await h.Manager.GetVolumeAsync(orphan.Id, None)).Status);
        Assert.Equal(steady.Version, (await h.Manager.GetVolumeAsync(steady.Id, None)).Version);
    }
}
