using System.Diagnostics;
using System.Globalization;
using Grpc.Health.V1;
using Grpc.Net.Client;

// Usage: PowerDrivers.Bench.Probe <rounds> -- <label>=<port>=<command line> [<label>=<port>=<command line> ...]
// Runs each server alternately <rounds> times: start, poll health until SERVING, note the time to the first
// successful call, wait 3 s idle, read VmRSS, stop. Prints each run and the medians.
var rounds = int.Parse(args[0], CultureInfo.InvariantCulture);
var targets = args.SkipWhile(a => a != "--").Skip(1).Select(a => a.Split('=', 3)).Select(p => (Label: p[0], Port: int.Parse(p[1], CultureInfo.InvariantCulture), Command: p[2])).ToList();
var results = targets.ToDictionary(t => t.Label, _ => new List<(double Ms, long RssKb)>());
for (var r = 0; r < rounds; r++)
{
    foreach (var t in targets)
    {
        var (ms, rss) = await MeasureAsync(t.Port, t.Command);
        results[t.Label].Add((ms, rss));
        Console.WriteLine($"round {r + 1} {t.Label}: first call {ms:0} ms, idle RSS {rss / 1024.0:0.0} MiB");
    }
}

foreach (var (label, runs) in results)
{
    var ms = runs.Select(x => x.Ms).Order().ToList();
    var rss = runs.Select(x => x.RssKb).Order().ToList();
    Console.WriteLine($"median {label}: first call {ms[ms.Count / 2]:0} ms, idle RSS {rss[rss.Count / 2] / 1024.0:0.0} MiB");
}

static async Task<(double Ms, long RssKb)> MeasureAsync(int port, string command)
{
    var parts = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    var psi = new ProcessStartInfo(parts[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var a in parts.Skip(1))
    {
        psi.ArgumentList.Add(a);
    }

    var clock = Stopwatch.StartNew();
    using var process = Process.Start(psi)!;
    process.OutputDataReceived += (_, _) => { };
    process.ErrorDataReceived += (_, _) => { };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
    var health = new Health.HealthClient(channel);
    double ms = -1;
    while (clock.Elapsed < TimeSpan.FromSeconds(60))
    {
        try
        {
            var reply = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2));
            if (reply.Status == HealthCheckResponse.Types.ServingStatus.Serving)
            {
                ms = clock.Elapsed.TotalMilliseconds;
                break;
            }
        }
        catch (Grpc.Core.RpcException)
        {
            await Task.Delay(10);
        }
    }

    await Task.Delay(TimeSpan.FromSeconds(3));
    var rss = File.ReadLines($"/proc/{process.Id}/status").Where(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
        .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture)).Single();
    process.Kill(entireProcessTree: true);
    await process.WaitForExitAsync();
    return (ms, rss);
}
