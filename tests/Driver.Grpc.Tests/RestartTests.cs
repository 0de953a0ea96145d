using PowerDrivers.Driver.Grpc.Tests.Support;
using Api = PowerDrivers.V1;

namespace PowerDrivers.Driver.Grpc.Tests;

/// <summary>A restart of the driver over the same data directory keeps instances, operations and events.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task Restart_SameDataDirectory_KeepsInstancesOperationsAndEvents()
    {
        // The platform (the fake backend) outlives the driver process, as an HMC or libvirt host would.
        var provider = FakeProvider.ForPowerVmHosts();
        var data = Path.Combine(Path.GetTempPath(), "pd-restart-" + Guid.NewGuid().ToString("N"));
        try
        {
            Api.Instance before;
            Api.Operation start;
            long lastSequence;
            await using (var first = await DriverServer.StartAsync(data, [provider]))
            {
                var created = await Specs.WaitAsync(first.Compute, await first.Compute.CreateInstanceAsync(new Api.CreateInstanceRequest { Spec = Specs.Small("keep-me") }));
                start = await Specs.WaitAsync(first.Compute, await first.Compute.StartInstanceAsync(new Api.StartInstanceRequest { Id = created.InstanceId }));
                before = await first.Compute.GetInstanceAsync(new Api.GetInstanceRequest { Id = created.InstanceId });
                lastSequence = (await ReadAllAsync(first)).Last().Sequence;
            }

            await using var second = await DriverServer.StartAsync(data, [provider]);
            var after = await second.Compute.GetInstanceAsync(new Api.GetInstanceRequest { Id = before.Id });
            Assert.Equal(before, after);
            Assert.Equal(start, await second.Compute.GetOperationAsync(new Api.GetOperationRequest { Id = start.Id }));
            var events = await ReadAllAsync(second);
            Assert.Equal(lastSequence, events.Last().Sequence);
            Assert.Equal(2, (await second.Compute.ListOperationsAsync(new Api.ListOperationsRequest { InstanceId = before.Id })).Operations.Count);
        }
        finally
        {
            DriverServer.DeleteData(data);
        }
    }

    private static async Task<List<Api.Event>> ReadAllAsync(DriverServer server)
    {
        // Read the stored backlog: stop after a short quiet period (bounded overall).
        var events = new List<Api.Event>();
        using var overall = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var call = server.Events.WatchEvents(new Api.WatchEventsRequest { AfterSequence = 0 }, cancellationToken: overall.Token);
        while (true)
        {
            var next = call.ResponseStream.MoveNext(overall.Token);
            if (await Task.WhenAny(next, Task.Delay(TimeSpan.FromMilliseconds(500))) != next || !await next)
            {
                break;
            }

            events.Add(call.ResponseStream.Current);
        }

        Assert.NotEmpty(events);
        return events;
    }
}
