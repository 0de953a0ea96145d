using Api = PowerDrivers.V1;

namespace PowerDrivers.Driver.Grpc.Tests.Support;

internal static class Specs
{
    /// <summary>A small valid shared-processor spec: 0.5 PU, 1 VP, 1-4 GB.</summary>
    public static Api.InstanceSpec Small(string name, string host = "powervm-1") => new()
    {
        Name = name,
        Host = host,
        Processors = new Api.ProcessorSpec
        {
            Mode = Api.ProcessorMode.Shared,
            VirtualProcessors = new Api.CountRange { Min = 1, Desired = 1, Max = 2 },
            ProcessingUnits = new Api.UnitsRange { Min = 0.1, Desired = 0.5, Max = 2 },
        },
        Memory = new Api.MemorySpec { MinMb = 1024, DesiredMb = 2048, MaxMb = 4096 },
        Guest = new Api.GuestSpec { OsType = Api.OsType.Linux, Endianness = Api.Endianness.Little },
    };

    public static async Task<Api.Operation> WaitAsync(Api.ComputeService.ComputeServiceClient client, Api.Operation op)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var call = client.WatchOperation(new Api.WatchOperationRequest { Id = op.Id }, cancellationToken: cts.Token);
        var last = op;
        while (await call.ResponseStream.MoveNext(cts.Token))
        {
            last = call.ResponseStream.Current;
        }

        return last;
    }
}
