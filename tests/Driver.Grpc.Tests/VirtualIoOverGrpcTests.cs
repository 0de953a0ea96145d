using Grpc.Core;
using PowerDrivers.Driver.Grpc.Tests.Support;
using Api = PowerDrivers.V1;

namespace PowerDrivers.Driver.Grpc.Tests;

/// <summary>Volumes, networks and their attachment through the v1 services on a real socket, kept across a restart.</summary>
public sealed class VirtualIoOverGrpcTests
{
    [Fact]
    public async Task VolumeAndInterface_AttachShowOnTheInstance_SurviveRestart_DetachAndDelete()
    {
        var provider = FakeProvider.ForPowerVmHosts();
        var data = Path.Combine(Path.GetTempPath(), "pd-vio-" + Guid.NewGuid().ToString("N"));
        try
        {
            string instanceId, volumeId, networkId;
            Api.Instance before;
            await using (var first = await DriverServer.StartAsync(data, [provider]))
            {
                var volumes = new Api.VolumeService.VolumeServiceClient(first.Channel);
                var networks = new Api.NetworkService.NetworkServiceClient(first.Channel);
                var created = await Specs.WaitAsync(first.Compute, await first.Compute.CreateInstanceAsync(new Api.CreateInstanceRequest { Spec = Specs.Small("io-1"), Start = true }));
                instanceId = created.InstanceId;

                var volOp = await Specs.WaitAsync(first.Compute, await volumes.CreateVolumeAsync(new Api.CreateVolumeRequest
                {
                    Name = "data", SizeGb = 20, Provisioning = Api.Provisioning.Thick, Host = "powervm-1",
                }));
                Assert.Equal((Api.OperationState.Succeeded, Api.OperationKind.CreateVolume, ""), (volOp.State, volOp.Kind, volOp.InstanceId));
                volumeId = volOp.VolumeId;
                var volume = await volumes.GetVolumeAsync(new Api.GetVolumeRequest { Id = volumeId });
                Assert.Equal((Api.VolumeStatus.Available, 20UL, Api.Provisioning.Thick, "powervm"), (volume.Status, volume.SizeGb, volume.Provisioning, volume.Backend));

                var net = await networks.CreateNetworkAsync(new Api.CreateNetworkRequest { Name = "prod", VlanId = 100 });
                networkId = net.Id;

                var attach = await Specs.WaitAsync(first.Compute, await first.Compute.AttachVolumeAsync(new Api.AttachVolumeRequest { InstanceId = instanceId, VolumeId = volumeId }));
                Assert.Equal(Api.OperationState.Succeeded, attach.State);
                Assert.Equal(volumeId, attach.VolumeId);
                var nic = await Specs.WaitAsync(first.Compute, await first.Compute.AttachInterfaceAsync(new Api.AttachInterfaceRequest
                {
                    InstanceId = instanceId, NetworkId = networkId, MacAddress = "fa:16:3e:01:02:03",
                }));
                Assert.Equal(Api.OperationState.Succeeded, nic.State);

                before = await first.Compute.GetInstanceAsync(new Api.GetInstanceRequest { Id = instanceId });
                Assert.Equal(Api.InstanceState.Running, before.State);
                Assert.Equal(volumeId, Assert.Single(before.Volumes).VolumeId);
                var iface = Assert.Single(before.Interfaces);
                Assert.Equal(("fa:16:3e:01:02:03", 100U, networkId), (iface.MacAddress, iface.VlanId, iface.NetworkId));
                var inUse = await volumes.GetVolumeAsync(new Api.GetVolumeRequest { Id = volumeId });
                Assert.Equal((Api.VolumeStatus.InUse, instanceId), (inUse.Status, inUse.InstanceId));
                Assert.Equal(before.Volumes[0], inUse.Attachment);

                var io = await first.Hosts.GetHostIoAsync(new Api.GetHostIoRequest { Name = "powervm-1" });
                Assert.Equal(2, io.Mappings.Count(m => m.Client == "io-1"));
            }

            await using var second = await DriverServer.StartAsync(data, [provider]);
            var volumes2 = new Api.VolumeService.VolumeServiceClient(second.Channel);
            var networks2 = new Api.NetworkService.NetworkServiceClient(second.Channel);
            Assert.Equal(before, await second.Compute.GetInstanceAsync(new Api.GetInstanceRequest { Id = instanceId }));
            Assert.Equal(Api.VolumeStatus.InUse, (await volumes2.GetVolumeAsync(new Api.GetVolumeRequest { Id = volumeId })).Status);
            Assert.Equal("prod", Assert.Single((await networks2.ListNetworksAsync(new Api.ListNetworksRequest())).Networks).Name);

            var busy = await Assert.ThrowsAsync<RpcException>(async () => await volumes2.DeleteVolumeAsync(new Api.DeleteVolumeRequest { Id = volumeId }));
            Assert.Equal(StatusCode.FailedPrecondition, busy.StatusCode);
            Assert.Equal("VOLUME_IN_USE", RichStatus.Info(busy).Reason);
            Assert.Equal($"volume/{volumeId}", RichStatus.Precondition(busy)!.Violations[0].Subject);
            var netBusy = await Assert.ThrowsAsync<RpcException>(async () => await networks2.DeleteNetworkAsync(new Api.DeleteNetworkRequest { Id = networkId }));
            Assert.Equal("NETWORK_IN_USE", RichStatus.Info(netBusy).Reason);

            Assert.Equal(Api.OperationState.Succeeded, (await Specs.WaitAsync(second.Compute, await second.Compute.DetachInterfaceAsync(new Api.DetachInterfaceRequest
            {
                InstanceId = instanceId, InterfaceId = before.Interfaces[0].Id,
            }))).State);
            Assert.Equal(Api.OperationState.Succeeded, (await Specs.WaitAsync(second.Compute, await second.Compute.DetachVolumeAsync(new Api.DetachVolumeRequest
            {
                InstanceId = instanceId, VolumeId = volumeId,
            }))).State);
            var bare = await second.Compute.GetInstanceAsync(new Api.GetInstanceRequest { Id = instanceId });
            Assert.Empty(bare.Volumes);
            Assert.Empty(bare.Interfaces);
            Assert.Equal(Api.OperationState.Succeeded, (await Specs.WaitAsync(second.Compute, await volumes2.DeleteVolumeAsync(new Api.DeleteVolumeRequest { Id = volumeId }))).State);
            Assert.Equal(Api.VolumeStatus.Deleted, (await volumes2.GetVolumeAsync(new Api.GetVolumeRequest { Id = volumeId })).Status);
            Assert.Empty((await volumes2.ListVolumesAsync(new Api.ListVolumesRequest())).Volumes);
            await networks2.DeleteNetworkAsync(new Api.DeleteNetworkRequest { Id = networkId });
            Assert.Empty(provider.Backend.VolumeIds);
        }
        finally
        {
            DriverServer.DeleteData(data);
        }
    }

    [Fact]
    public async Task BadRequests_GetTypedStatusesWithDetails()
    {
        await using var server = await DriverServer.StartAsync(null, [FakeProvider.ForPowerVmHosts()]);
        var volumes = new Api.VolumeService.VolumeServiceClient(server.Channel);
        var networks = new Api.NetworkService.NetworkServiceClient(server.Channel);

        var size = await Assert.ThrowsAsync<RpcException>(async () => await volumes.CreateVolumeAsync(new Api.CreateVolumeRequest { Name = "x", SizeGb = 0 }));
        Assert.Equal(StatusCode.InvalidArgument, size.StatusCode);
        Assert.Contains(RichStatus.BadRequest(size)!.FieldViolations, v => v.Field == "size_gb");

        var missing = await Assert.ThrowsAsync<RpcException>(async () => await volumes.GetVolumeAsync(new Api.GetVolumeRequest { Id = Guid.NewGuid().ToString() }));
        Assert.Equal((StatusCode.NotFound, "VOLUME_NOT_FOUND"), (missing.StatusCode, RichStatus.Info(missing).Reason));

        var host = await Assert.ThrowsAsync<RpcException>(async () => await volumes.CreateVolumeAsync(new Api.CreateVolumeRequest { Name = "x", SizeGb = 1, Host = "nowhere" }));
        Assert.Equal(StatusCode.NotFound, host.StatusCode);

        var vlan = await Assert.ThrowsAsync<RpcException>(async () => await networks.CreateNetworkAsync(new Api.CreateNetworkRequest { Name = "n", VlanId = 0 }));
        Assert.Contains(RichStatus.BadRequest(vlan)!.FieldViolations, v => v.Field == "vlan_id");

        await networks.CreateNetworkAsync(new Api.CreateNetworkRequest { Name = "n", VlanId = 7 });
        var dup = await Assert.ThrowsAsync<RpcException>(async () => await networks.CreateNetworkAsync(new Api.CreateNetworkRequest { Name = "m", VlanId = 7 }));
        Assert.Equal(StatusCode.Aborted, dup.StatusCode);

        var badId = await Assert.ThrowsAsync<RpcException>(async () => await server.Compute.AttachVolumeAsync(new Api.AttachVolumeRequest { InstanceId = "nope" }));
        Assert.Contains(RichStatus.BadRequest(badId)!.FieldViolations, v => v.Field == "instance_id");
    }

    [Fact]
    public async Task Shutdown_DisposesTheBackends()
    {
        var provider = FakeProvider.ForPowerVmHosts();
        await (await DriverServer.StartAsync(null, [provider])).DisposeAsync();
        Assert.Equal(1, provider.Backend.DisposeCount);
    }
}
