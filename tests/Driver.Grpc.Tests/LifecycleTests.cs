using Grpc.Core;
using PowerDrivers.Driver.Core.Conformance.Fakes;
using PowerDrivers.Driver.Grpc.Tests.Support;
using Api = PowerDrivers.V1;

namespace PowerDrivers.Driver.Grpc.Tests;

/// <summary>The lifecycle over real gRPC, with the powervm hosts served by the in-memory fake backend.</summary>
public sealed class LifecycleTests : IAsyncLifetime
{
    private DriverServer _server = null!;
    private FakeProvider _provider = null!;

    public async Task InitializeAsync()
    {
        _provider = FakeProvider.ForPowerVmHosts(FakeBackendOptions.Full with { Pause = false });
        _server = await DriverServer.StartAsync(providers: [_provider]);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        DriverServer.DeleteData(_server.DataDirectory);
    }

    [Fact]
    public async Task CreateStartStopDelete_WithFakeBackend_MovesThroughTheCanonicalStates()
    {
        var c = _server.Compute;
        var created = await Specs.WaitAsync(c, await c.CreateInstanceAsync(new Api.CreateInstanceRequest { Spec = Specs.Small("web-1") }));
        Assert.Equal(Api.OperationState.Succeeded, created.State);
        Assert.Equal(100u, created.Progress);
        var id = created.InstanceId;
        Assert.Equal(Api.InstanceState.Stopped, (await c.GetInstanceAsync(new Api.GetInstanceRequest { Id = id })).State);

        Assert.Equal(Api.OperationState.Succeeded, (await Specs.WaitAsync(c, await c.StartInstanceAsync(new Api.StartInstanceRequest { Id = id }))).State);
        var running = await c.GetInstanceAsync(new Api.GetInstanceRequest { Id = id });
        Assert.Equal(Api.InstanceState.Running, running.State);
        Assert.Equal(FakeComputeBackend.NativeActive, running.NativeState);
        Assert.Equal(2048ul, running.Allocation.MemoryMb);

        var stop = await Specs.WaitAsync(c, await c.StopInstanceAsync(new Api.StopInstanceRequest { Id = id, Mode = Api.StopMode.Hard }));
        Assert.Equal(Api.OperationState.Succeeded, stop.State);
        Assert.Equal(Api.OperationState.Succeeded, (await Specs.WaitAsync(c, await c.DeleteInstanceAsync(new Api.DeleteInstanceRequest { Id = id }))).State);

        var deleted = await c.GetInstanceAsync(new Api.GetInstanceRequest { Id = id });
        Assert.Equal(Api.InstanceState.Deleted, deleted.State);
        Assert.Empty((await c.ListInstancesAsync(new Api.ListInstancesRequest())).Instances);
        Assert.Single((await c.ListInstancesAsync(new Api.ListInstancesRequest { IncludeDeleted = true })).Instances);
    }

    [Fact]
    public async Task PauseInstance_BackendWithoutPause_IsUnimplementedWithTheReason()
    {
        var c = _server.Compute;
        var op = await Specs.WaitAsync(c, await c.CreateInstanceAsync(new Api.CreateInstanceRequest { Spec = Specs.Small("p-1"), Start = true }));
        var ex = await Assert.ThrowsAsync<RpcException>(() => c.PauseInstanceAsync(new Api.PauseInstanceRequest { Id = op.InstanceId }).ResponseAsync);

        Assert.Equal(StatusCode.Unimplemented, ex.StatusCode);
        var info = RichStatus.Info(ex);
        Assert.Equal("UNSUPPORTED", info.Reason);
        Assert.Equal("pause", info.Metadata["feature"]);
        Assert.Equal(Api.InstanceState.Running, (await c.GetInstanceAsync(new Api.GetInstanceRequest { Id = op.InstanceId })).State);
    }

    [Fact]
    public async Task StartInstance_WhenRunning_IsFailedPreconditionWithPreconditionFailure()
    {
        var c = _server.Compute;
        var op = await Specs.WaitAsync(c, await c.CreateInstanceAsync(new Api.CreateInstanceRequest { Spec = Specs.Small("s-1"), Start = true }));
        var before = await c.GetInstanceAsync(new Api.GetInstanceRequest { Id = op.InstanceId });

        var ex = await Assert.ThrowsAsync<RpcException>(() => c.StartInstanceAsync(new Api.StartInstanceRequest { Id = op.InstanceId }).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
        Assert.Equal("INVALID_STATE", RichStatus.Info(ex).Reason);
        Assert.NotNull(RichStatus.Precondition(ex));
        Assert.Equal(before.Version, (await c.GetInstanceAsync(new Api.GetInstanceRequest { Id = op.InstanceId })).Version);
    }

    [Fact]
    public async Task CreateInstance_SameNameOnSameHost_IsAlreadyExists()
    {
        var c = _server.Compute;
        await Specs.WaitAsync(c, await c.CreateInstanceAsync(new Api.CreateInstanceRequest { Spec = Specs.Small("dup") }));
        var ex = await Assert.ThrowsAsync<RpcException>(() => c.CreateInstanceAsync(new Api.CreateInstanceRequest { Spec = Specs.Small("dup") }).ResponseAsync);
        Assert.Equal(StatusCode.AlreadyExists, ex.StatusCode);
        Assert.Equal("NAME_IN_USE", RichStatus.Info(ex).Reason);
    }

    [Fact]
    public async Task CreateInstance_WithoutHost_PlacesOnAnOperatingHost()
    {
        var c = _server.Compute;
        var op = await Specs.WaitAsync(c, await c.CreateInstanceAsync(new Api.CreateInstanceRequest { Spec = Specs.Small("placed", "") }));
        // Operating hosts: the powervm hosts (fake) and the powerkvm hosts (libvirt); placement takes the most free memory.
        Assert.Matches("^(powervm|powerkvm)-[12]$", op.Host);
        Assert.Equal(op.Host, (await c.GetInstanceAsync(new Api.GetInstanceRequest { Id = op.InstanceId })).Host);
    }

    [Fact]
    public async Task CreateInstance_SameRequestIdTwice_ReturnsTheSameOperation()
    {
        var c = _server.Compute;
        var first = await c.CreateInstanceAsync(new Api.CreateInstanceRequest { Spec = Specs.Small("idem"), RequestId = "req-1" });
        var second = await c.CreateInstanceAsync(new Api.CreateInstanceRequest { Spec = Specs.Small("idem"), RequestId = "req-1" });
        Assert.Equal(first.Id, second.Id);
        await Specs.WaitAsync(c, first);
        Assert.Single((await c.ListInstancesAsync(new Api.ListInstancesRequest())).Instances);
    }

    [Fact]
    public async Task ListInstances_Paging_WalksEveryInstanceOnceWithFilters()
    {
        var c = _server.Compute;
        for (var i = 0; i < 7; i++)
        {
            await Specs.WaitAsync(c, await c.CreateInstanceAsync(new Api.CreateInstanceRequest { Spec = Specs.Small($"page-{i}", i % 2 == 0 ? "powervm-1" : "powervm-2") }));
        }

        var seen = new List<string>();
        var token = "";
        do
        {
            var page = await c.ListInstancesAsync(new Api.ListInstancesRequest { PageSize = 3, PageToken = token, Name = "PAGE" });
            Assert.Equal(7, page.TotalSize);
            seen.AddRange(page.Instances.Select(i => i.Name));
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"page-{i}"), seen);
        var onHost = await c.ListInstancesAsync(new Api.ListInstancesRequest { Host = "powervm-2" });
        Assert.Equal(3, onHost.TotalSize);
    }

    [Fact]
    public async Task UpdateInstance_RenameAndMetadata_AreStoredAndVersionChecked()
    {
        var c = _server.Compute;
        var op = await Specs.WaitAsync(c, await c.CreateInstanceAsync(new Api.CreateInstanceRequest { Spec = Specs.Small("old-name") }));
        var before = await c.GetInstanceAsync(new Api.GetInstanceRequest { Id = op.InstanceId });
        var request = new Api.UpdateInstanceRequest { Id = op.InstanceId, Name = "new-name", ExpectedVersion = before.Version };
        request.Metadata["team"] = "blue";

        var after = await c.UpdateInstanceAsync(request);

        Assert.Equal("new-name", after.Name);
        Assert.Equal("blue", after.Spec.Metadata["team"]);
        var stale = await Assert.ThrowsAsync<RpcException>(() => c.UpdateInstanceAsync(request).ResponseAsync);
        Assert.Equal(StatusCode.Aborted, stale.StatusCode);
    }

    [Fact]
    public async Task WatchEvents_ResumedFromASequence_ReturnsOnlyLaterEventsInOrder()
    {
        var c = _server.Compute;
        var op = await Specs.WaitAsync(c, await c.CreateInstanceAsync(new Api.CreateInstanceRequest { Spec = Specs.Small("ev-1") }));
        var all = await ReadEventsAsync(0, op.InstanceId, 4);
        Assert.Equal(Api.EventKind.InstanceCreated, all[0].Kind);
        Assert.True(all.Zip(all.Skip(1)).All(p => p.First.Sequence < p.Second.Sequence));

        var resumed = await ReadEventsAsync(all[1].Sequence, op.InstanceId, 2);
        Assert.Equal(all.Skip(2).Take(2).Select(e => e.Sequence), resumed.Select(e => e.Sequence));
    }

    private async Task<List<Api.Event>> ReadEventsAsync(long after, string instanceId, int count)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var call = _server.Events.WatchEvents(new Api.WatchEventsRequest { AfterSequence = after, InstanceId = instanceId }, cancellationToken: cts.Token);
        var events = new List<Api.Event>();
        while (events.Count < count && await call.ResponseStream.MoveNext(cts.Token))
        {
            events.Add(call.ResponseStream.Current);
        }

        return events;
    }
}
