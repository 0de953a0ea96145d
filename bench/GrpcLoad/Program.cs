using System.Diagnostics;
using System.Globalization;
using Grpc.Net.Client;
using PowerDrivers.Bench;
using PowerDrivers.Bench.GrpcLoad;
using Api = PowerDrivers.V1;

// Usage:
//   seed <dataDir> <host> <count>                       writes <count> instance records for <host> into the store
//   run <target> <address> <callers> <seconds> [arg]   target: echo | get (arg = instance id) | list (arg = host)
// Prints one line: target, requests/s, p50 and p99 latency in ms.
if (args.Length >= 5 && args[0] == "seedmany")
{
    // seedmany <dataDir> <hostPrefix> <hosts> <perHost>: hosts named <prefix>000 …
    var hosts = int.Parse(args[3], CultureInfo.InvariantCulture);
    var perHost = int.Parse(args[4], CultureInfo.InvariantCulture);
    for (var h = 0; h < hosts; h++)
    {
        await Seeder.SeedAsync(args[1], $"{args[2]}{h:000}", perHost);
    }

    Console.WriteLine($"seeded {hosts * perHost} instances over {hosts} hosts");
    return 0;
}

if (args.Length >= 4 && args[0] == "seed")
{
    var ids = await Seeder.SeedAsync(args[1], args[2], int.Parse(args[3], CultureInfo.InvariantCulture));
    Console.WriteLine(ids[0]);
    return 0;
}

if (args.Length < 5 || args[0] != "run")
{
    Console.Error.WriteLine("usage: seed <dataDir> <host> <count> | run <echo|get|list> <address> <callers> <seconds> [arg]");
    return 2;
}

var target = args[1];
var callers = int.Parse(args[3], CultureInfo.InvariantCulture);
var duration = TimeSpan.FromSeconds(double.Parse(args[4], CultureInfo.InvariantCulture));
var arg = args.Length > 5 ? args[5] : "";
using var channel = GrpcChannel.ForAddress(args[2], new GrpcChannelOptions { HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true } });
var echo = new Echo.EchoClient(channel);
var compute = new Api.ComputeService.ComputeServiceClient(channel);
Func<Task> call = target switch
{
    "echo" => async () => await echo.SayAsync(new EchoMessage { Text = "ping" }),
    "get" => async () => await compute.GetInstanceAsync(new Api.GetInstanceRequest { Id = arg }),
    "list" => async () => await compute.ListInstancesAsync(new Api.ListInstancesRequest { Host = arg, PageSize = 100 }),
    "listall" => ListAllPagesAsync,
    _ => throw new ArgumentException($"unknown target {target}"),
};

// listall: one call = a random page (1-20) deep into the whole listing, reached with its page token.
async Task ListAllPagesAsync()
{
    var token = "";
    var depth = Random.Shared.Next(1, 20);
    for (var p = 0; p < depth; p++)
    {
        var sw = Stopwatch.GetTimestamp();
        var page = await compute.ListInstancesAsync(new Api.ListInstancesRequest { PageSize = 100, PageToken = token });
        PageLatencies.Add(Stopwatch.GetElapsedTime(sw).TotalMilliseconds);
        token = page.NextPageToken;
    }
}

for (var i = 0; i < (target == "listall" ? 10 : 200); i++)
{
    await call(); // warm-up, bounded
}

PageLatencies.Clear();

var latencies = new List<double>[callers];
var clock = Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, callers).Select(async c =>
{
    var mine = latencies[c] = new List<double>(100_000);
    while (clock.Elapsed < duration && mine.Count < 5_000_000)
    {
        var start = Stopwatch.GetTimestamp();
        await call();
        mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    }
}));
var all = (target == "listall" ? PageLatencies.ToArray() : latencies.SelectMany(l => l).ToArray()).Order().ToArray();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{target}: {all.Length / clock.Elapsed.TotalSeconds:0} req/s, p50 {all[all.Length / 2]:0.00} ms, p99 {all[(int)(all.Length * 0.99)]:0.00} ms, {callers} callers, {all.Length} calls"));
return 0;

/// <summary>Per-page latencies of the listall target.</summary>
internal static partial class Program
{
    public static readonly System.Collections.Concurrent.ConcurrentBag<double> PageLatencies = [];
}
