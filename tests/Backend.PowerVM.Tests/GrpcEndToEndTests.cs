using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using PowerDrivers.Backend.PowerVM.Hmc;
using PowerDrivers.Backend.PowerVM.Tests.Support;
using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Grpc.Hosting;
using Api = PowerDrivers.V1;

namespace PowerDrivers.Backend.PowerVM.Tests;

/// <summary>
/// The scenario through the real driver over real gRPC, with the PowerVM provider configured to talk to an
/// Emulator.Hmc over HTTPS; at each step the HMC's own REST view is read and must agree.
/// </summary>
public sealed class GrpcEndToEndTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private EmulatedHmc _hmc = null!;
    private WebApplication _app = null!;
    private GrpcChannel _channel = null!;
    private HmcClient _view = null!;
    private string _data = "";

    private Api.ComputeService.ComputeServiceClient Compute => new(_channel);

    public async Task InitializeAsync()
    {
        _hmc = await EmulatedHmc.StartAsync();
        _view = _hmc.Client();
        _data = Path.Combine(_hmc.Root, "driver");
        _app = DriverHost.Build(
        [
            "--Driver:DataDirectory=" + _data, "--Driver:Grpc:Port=0", "--Driver:Nova:Enabled=false", "--Logging:LogLevel:Default=Warning",
            "--Driver:Backends:powervm:HmcUrl=" + _hmc.Server.BaseAddress, "--Driver:Backends:powervm:User=hscroot",
            "--Driver:Backends:powervm:Password=abc123", "--Driver:Backends:powervm:Trust=Pinned", "--Driver:Backends:powervm:TrustPin=" + _hmc.Pin,
            "--Driver:Backends:powervm:JobPollMilliseconds=5",
        ], services => services.AddSingleton<IBackendProvider>(new PowerVmBackendProvider()));
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        _channel = GrpcChannel.ForAddress(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _view.Dispose();
        await _hmc.DisposeAsync();
    }

    [Fact]
    public async Task SharedLpar_CreateStartDlparRefuseStopDelete_TheHmcAgreesAtEachStep()
    {
        var spec = new Api.InstanceSpec
        {
            Name = "e2e-lpar",
            Host = "powervm-1",
            Processors = new Api.ProcessorSpec
            {
                Mode = Api.ProcessorMode.Shared,
                VirtualProcessors = new Api.CountRange { Min = 1, Desired = 2, Max = 4 },
                ProcessingUnits = new Api.UnitsRange { Min = 0.05, Desired = 0.5, Max = 2.0 },
            },
            Memory = new Api.MemorySpec { MinMb = 1024, DesiredMb = 4096, MaxMb = 16384 },
            Guest = new Api.GuestSpec { OsType = Api.OsType.Linux, Endianness = Api.Endianness.Little },
        };

        // Create and start.
        var created = await SucceedAsync(await Compute.CreateInstanceAsync(new Api.CreateInstanceRequest { Spec = spec }));
        var id = created.InstanceId;
        var instance = await Compute.GetInstanceAsync(new Api.GetInstanceRequest { Id = id });
        var lpar = (await _view.GetPartitionAsync(instance.NativeId, None))!;
        Assert.Equal(("e2e-lpar", "not activated", 0.5m, 2, 4096L), (lpar.Name, lpar.State, lpar.DesiredUnits, lpar.DesiredProcessors, lpar.DesiredMemory));
        Assert.Equal(Api.InstanceState.Stopped, instance.State);

        await SucceedAsync(await Compute.StartInstanceAsync(new Api.StartInstanceRequest { Id = id }));
        instance = await Compute.GetInstanceAsync(new Api.GetInstanceRequest { Id = id });
        lpar = (await _view.GetPartitionAsync(instance.NativeId, None))!;
        Assert.Equal((Api.InstanceState.Running, "running"), (instance.State, lpar.State));
        Assert.Equal((0.5, 4096UL), (instance.Allocation.ProcessingUnits, instance.Allocation.MemoryMb));
        Assert.Equal((0.5m, 4096L), (lpar.CurrentUnits, lpar.CurrentMemory));

        // DLPAR while running: 1.0 PU / 8 GB.
        var bigger = spec.Processors.Clone();
        bigger.ProcessingUnits.Desired = 1.0;
        var memory = spec.Memory.Clone();
        memory.DesiredMb = 8192;
        await SucceedAsync(await Compute.ResizeInstanceAsync(new Api.ResizeInstanceRequest { Id = id, Processors = bigger, Memory = memory }));
        await SucceedAsync(await Compute.ConfirmResizeAsync(new Api.ConfirmResizeRequest { Id = id }));
        instance = await Compute.GetInstanceAsync(new Api.GetInstanceRequest { Id = id });
        lpar = (await _view.GetPartitionAsync(instance.NativeId, None))!;
        Assert.Equal((Api.InstanceState.Running, "running"), (instance.State, lpar.State));
        Assert.Equal((1.0, 8192UL), (instance.Allocation.ProcessingUnits, instance.Allocation.MemoryMb));
        Assert.Equal((1.0m, 8192L, 1.0m, 8192L), (lpar.DesiredUnits, lpar.DesiredMemory, lpar.CurrentUnits, lpar.CurrentMemory));

        // 0.05 PU for 2 VP: the HMC refuses with its reason; nothing changes.
        var tooThin = bigger.Clone();
        tooThin.ProcessingUnits.Desired = 0.05;
        var refused = await WaitAsync(await Compute.ResizeInstanceAsync(new Api.ResizeInstanceRequest { Id = id, Processors = tooThin }));
        Assert.Equal(Api.OperationState.Failed, refused.State);
        Assert.Equal((int)Grpc.Core.StatusCode.InvalidArgument, refused.Error.Code);
        Assert.Contains("HSCL1566", refused.Error.Message, StringComparison.Ordinal);
        instance = await Compute.GetInstanceAsync(new Api.GetInstanceRequest { Id = id });
        lpar = (await _view.GetPartitionAsync(instance.NativeId, None))!;
        Assert.Equal(Api.InstanceState.Running, instance.State);
        Assert.Equal((1.0m, 1.0m), (lpar.DesiredUnits, lpar.CurrentUnits));

        // Stop (through the OS), then delete.
        await SucceedAsync(await Compute.StopInstanceAsync(new Api.StopInstanceRequest { Id = id, Mode = Api.StopMode.Soft }));
        instance = await Compute.GetInstanceAsync(new Api.GetInstanceRequest { Id = id });
        lpar = (await _view.GetPartitionAsync(instance.NativeId, None))!;
        Assert.Equal((Api.InstanceState.Stopped, "not activated"), (instance.State, lpar.State));

        await SucceedAsync(await Compute.DeleteInstanceAsync(new Api.DeleteInstanceRequest { Id = id }));
        Assert.Null(await _view.GetPartitionAsync(instance.NativeId, None));
        var system = (await _view.ListSystemsAsync(None)).Single(s => s.Name == "powervm-1");
        Assert.DoesNotContain(await _view.ListPartitionsAsync(system.Uuid, None), p => p.Name == "e2e-lpar");
    }

    [Fact]
    public async Task VirtualIo_VolumeAndInterfaceOverGrpc_TheHmcAgreesAtEachStep()
    {
        var spec = new Api.InstanceSpec
        {
            Name = "e2e-io",
            Host = "powervm-1",
            Processors = new Api.ProcessorSpec
            {
                Mode = Api.ProcessorMode.Shared,
                VirtualProcessors = new Api.CountRange { Min = 1, Desired = 1, Max = 2 },
                ProcessingUnits = new Api.UnitsRange { Min = 0.05, Desired = 0.2, Max = 1.0 },
            },
            Memory = new Api.MemorySpec { MinMb = 1024, DesiredMb = 2048, MaxMb = 4096 },
            Guest = new Api.GuestSpec { OsType = Api.OsType.Linux, Endianness = Api.Endianness.Little },
        };
        var id = (await SucceedAsync(await Compute.CreateInstanceAsync(new Api.CreateInstanceRequest { Spec = spec, Start = true }))).InstanceId;
        var volumes = new Api.VolumeService.VolumeServiceClient(_channel);
        var networks = new Api.NetworkService.NetworkServiceClient(_channel);
        var hosts = new Api.HostService.HostServiceClient(_channel);

        // A thick volume on the SSP, attached live by vSCSI through both VIOS.
        var volumeId = (await SucceedAsync(await volumes.CreateVolumeAsync(new Api.CreateVolumeRequest
        {
            Name = "e2e-data", SizeGb = 8, Provisioning = Api.Provisioning.Thick, Host = "powervm-1",
        }))).VolumeId;
        var volume = await volumes.GetVolumeAsync(new Api.GetVolumeRequest { Id = volumeId });
        var system = (await _view.ListSystemsAsync(None)).Single(s => s.Name == "powervm-1");
        var pool = Assert.Single(await _view.ListStoragePoolsAsync(None), p => p.Name.EndsWith("powervm-1", StringComparison.Ordinal));
        Assert.False(Assert.Single(pool.LogicalUnits, l => l.Udid == volume.NativeId).Thin);

        await SucceedAsync(await Compute.AttachVolumeAsync(new Api.AttachVolumeRequest { InstanceId = id, VolumeId = volumeId, Kind = Api.AttachmentKind.Vscsi }));
        var instance = await Compute.GetInstanceAsync(new Api.GetInstanceRequest { Id = id });
        var attachment = Assert.Single(instance.Volumes);
        Assert.Equal("2", attachment.Native["paths"]);
        var vioses = await _view.ListViosAsync(system.Uuid, None);
        Assert.All(vioses, v => Assert.Single(v.Scsi, m => m.Backing == volume.NativeId && string.Equals(m.ClientUuid, instance.NativeId, StringComparison.OrdinalIgnoreCase)));

        // An interface on a new VLAN: bridged by the SEA, adapter with the MAC.
        var network = await networks.CreateNetworkAsync(new Api.CreateNetworkRequest { Name = "e2e-net", VlanId = 2042 });
        await SucceedAsync(await Compute.AttachInterfaceAsync(new Api.AttachInterfaceRequest { InstanceId = id, NetworkId = network.Id, MacAddress = "fa:16:3e:e2:e2:01" }));
        Assert.All(await _view.ListNetworkBridgesAsync(system.Uuid, None), b => Assert.Contains(2042, b.Vlans));
        var adapter = Assert.Single(await _view.ListNetworkAdaptersAsync(instance.NativeId, None));
        Assert.Equal(("fa:16:3e:e2:e2:01", 2042), (adapter.Mac, adapter.PortVlanId));

        var io = await hosts.GetHostIoAsync(new Api.GetHostIoRequest { Name = "powervm-1" });
        Assert.Equal(2, io.Servers.Count);
        Assert.Equal(2, io.Mappings.Count(m => m.Client == "e2e-io"));
        Assert.Contains(io.Bridges, b => b.Active && b.Vlans.Contains(2042));

        // Detach both; the volume goes back to the pool's free list on delete.
        instance = await Compute.GetInstanceAsync(new Api.GetInstanceRequest { Id = id });
        await SucceedAsync(await Compute.DetachInterfaceAsync(new Api.DetachInterfaceRequest { InstanceId = id, InterfaceId = Assert.Single(instance.Interfaces).Id }));
        await SucceedAsync(await Compute.DetachVolumeAsync(new Api.DetachVolumeRequest { InstanceId = id, VolumeId = volumeId }));
        await SucceedAsync(await volumes.DeleteVolumeAsync(new Api.DeleteVolumeRequest { Id = volumeId }));
        Assert.Empty(await _view.ListNetworkAdaptersAsync(instance.NativeId, None));
        Assert.All(await _view.ListViosAsync(system.Uuid, None), v => Assert.DoesNotContain(v.Scsi, m => string.Equals(m.ClientUuid, instance.NativeId, StringComparison.OrdinalIgnoreCase)));
        Assert.DoesNotContain((await _view.ListStoragePoolsAsync(None)).SelectMany(p => p.LogicalUnits), l => l.Udid == volume.NativeId);
    }

    private async Task<Api.Operation> WaitAsync(Api.Operation op)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var call = Compute.WatchOperation(new Api.WatchOperationRequest { Id = op.Id }, cancellationToken: cts.Token);
        var last = op;
        while (await call.ResponseStream.MoveNext(cts.Token))
        {
            last = call.ResponseStream.Current;
        }

        return last;
    }

    private async Task<Api.Operation> SucceedAsync(Api.Operation op)
    {
        var done = await WaitAsync(op);
        Assert.True(done.State == Api.OperationState.Succeeded, $"{done.Kind} ended {done.State}: {done.Error?.Message}");
        return done;
    }
}
