using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using PowerDrivers.Backend.PowerVM;
using PowerDrivers.Backend.PowerVM.Hmc;
using PowerDrivers.Driver.Grpc.Hosting;
using PowerDrivers.Emulator.Hmc;
using PowerDrivers.Emulator.Hmc.Jobs;
using Api = PowerDrivers.V1;

// Usage: PowerVmCycles [cycles=50]
// Prints two lines: cycles/s of create→start→stop(hard)→delete through gRPC, and straight to the emulated HMC's REST API.
var cycles = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 50;
var root = Path.Combine(Path.GetTempPath(), "pd-bench-pvm-" + Guid.NewGuid().ToString("N"));
await using var hmc = await HmcServer.StartAsync(new HmcOptions { DataDirectory = Path.Combine(root, "hmc"), Port = 0, Jobs = JobTimings.Instant });
var pin = Convert.ToHexString(SHA256.HashData(hmc.Certificate!.RawData));
var app = DriverHost.Build(
[
    "--Driver:DataDirectory=" + Path.Combine(root, "driver"), "--Driver:Grpc:Port=0", "--Driver:Nova:Enabled=false", "--Logging:LogLevel:Default=Warning",
    "--Driver:Backends:powervm:HmcUrl=" + hmc.BaseAddress, "--Driver:Backends:powervm:Password=abc123",
    "--Driver:Backends:powervm:Trust=Pinned", "--Driver:Backends:powervm:TrustPin=" + pin, "--Driver:Backends:powervm:JobPollMilliseconds=2",
]);
await app.StartAsync();
try
{
    var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().Replace("[::]", "127.0.0.1", StringComparison.Ordinal);
    using var channel = GrpcChannel.ForAddress(address);
    var compute = new Api.ComputeService.ComputeServiceClient(channel);
    await GrpcCycleAsync(compute, "warm-up");
    var watch = Stopwatch.StartNew();
    for (var i = 0; i < cycles; i++)
    {
        await GrpcCycleAsync(compute, $"bench-{i}");
    }

    Report("grpc (driver + PowerVM backend + HMC REST)", cycles, watch.Elapsed);

    var options = new HmcClientOptions { Url = hmc.BaseAddress, User = "hscroot", Password = "abc123", Trust = HmcTrustMode.Pinned, TrustPin = pin, JobPollInterval = TimeSpan.FromMilliseconds(2) };
    using var client = new HmcClient(options);
    var system = await client.SystemUuidAsync("powervm-1", CancellationToken.None);
    await client.BenchCycleAsync(system, "warm-up-rest", CancellationToken.None);
    watch.Restart();
    for (var i = 0; i < cycles; i++)
    {
        await client.BenchCycleAsync(system, $"rest-{i}", CancellationToken.None);
    }

    Report("straight to the HMC REST API (same client, no driver)", cycles, watch.Elapsed);
}
finally
{
    await app.StopAsync();
    await app.DisposeAsync();
    try
    {
        Directory.Delete(root, recursive: true);
    }
    catch (IOException)
    {
    }
}

return 0;

static void Report(string what, int n, TimeSpan elapsed) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what}: {n} cycles in {elapsed.TotalSeconds:0.00} s = {n / elapsed.TotalSeconds:0.0} cycles/s"));

static async Task GrpcCycleAsync(Api.ComputeService.ComputeServiceClient c, string name)
{
    var spec = new Api.InstanceSpec
    {
        Name = name, Host = "powervm-1",
        Processors = new Api.ProcessorSpec { Mode = Api.ProcessorMode.Shared, VirtualProcessors = new Api.CountRange { Min = 1, Desired = 1, Max = 2 }, ProcessingUnits = new Api.UnitsRange { Min = 0.1, Desired = 0.5, Max = 1 } },
        Memory = new Api.MemorySpec { MinMb = 1024, DesiredMb = 2048, MaxMb = 4096 },
        Guest = new Api.GuestSpec { OsType = Api.OsType.Linux, Endianness = Api.Endianness.Little },
    };
    var op = await WaitAsync(c, await c.CreateInstanceAsync(new Api.CreateInstanceRequest { Spec = spec, Start = true }));
    await WaitAsync(c, await c.StopInstanceAsync(new Api.StopInstanceRequest { Id = op.InstanceId, Mode = Api.StopMode.Hard }));
    await WaitAsync(c, await c.DeleteInstanceAsync(new Api.DeleteInstanceRequest { Id = op.InstanceId }));
}

static async Task<Api.Operation> WaitAsync(Api.ComputeService.ComputeServiceClient c, Api.Operation op)
{
    using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
    using var call = c.WatchOperation(new Api.WatchOperationRequest { Id = op.Id }, cancellationToken: cts.Token);
    var last = op;
    while (await call.ResponseStream.MoveNext(cts.Token))
    {
        last = call.ResponseStream.Current;
    }

    return last.State == Api.OperationState.Succeeded ? last : throw new InvalidOperationException($"{last.Kind} ended {last.State}: {last.Error?.Message}");
}
