using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using PowerDrivers.Compat.Nova.Hosting;
using PowerDrivers.Driver.Grpc.Hosting;

// Usage: NovaLoad [clients=16] [seconds=5] [rounds=3]
// Starts the driver (PowerKVM hosts on libvirt's test driver) and the Nova front, creates one server through the front,
// then alternates: the bare JSON endpoint and GET /v2.1/servers/{id}, each for <seconds> at <clients> callers.
// Prints requests/s and p50/p99 latency per target and round, then the medians.
var clients = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 16;
var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;

var data = Path.Combine(Path.GetTempPath(), "pd-novaload-" + Guid.NewGuid().ToString("N"));
var driver = DriverHost.Build(["--Driver:DataDirectory=" + data, "--Driver:Grpc:Port=0", "--Driver:Nova:Enabled=false", "--Logging:LogLevel:Default=Warning"]);
await driver.StartAsync();
var front = NovaFront.Build(new NovaOptions { Port = 0 }, new Uri(Address(driver)));
await front.StartAsync();
var bare = BareJson();
await bare.StartAsync();

try
{
    var novaUrl = new Uri(Address(front));
    using var setup = new HttpClient { BaseAddress = novaUrl };
    var login = """{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"admin","domain":{"id":"default"},"password":"admin"}}}}}""";
    using var tokenResponse = await setup.PostAsync("/v3/auth/tokens", new StringContent(login, Encoding.UTF8, "application/json"));
    var token = tokenResponse.Headers.GetValues("X-Subject-Token").Single();
    setup.DefaultRequestHeaders.Add("X-Auth-Token", token);
    var create = """{"server":{"name":"bench-1","flavorRef":"2","imageRef":"8d6b9b36-5b2e-4c1e-9f4a-2f3c1b0a7e01","availability_zone":"powerkvm"}}""";
    using var created = await setup.PostAsync("/v2.1/servers", new StringContent(create, Encoding.UTF8, "application/json"));
    var id = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["server"]!["id"]!;
    for (var i = 0; i < 200; i++)
    {
        var server = JsonNode.Parse(await setup.GetStringAsync($"/v2.1/servers/{id}"))!["server"]!;
        if ((string?)server["status"] == "ACTIVE" && server["OS-EXT-STS:task_state"] is null)
        {
            break;
        }

        await Task.Delay(50);
    }

    var results = new Dictionary<string, List<(double Rps, double P50, double P99)>> { ["bare"] = [], ["nova"] = [] };
    for (var round = 1; round <= rounds; round++)
    {
        foreach (var (name, url, auth) in new[] { ("bare", new Uri(Address(bare) + "/server"), (string?)null), ("nova", new Uri(novaUrl, $"/v2.1/servers/{id}"), token) })
        {
            var r = await LoadAsync(url, auth, clients, TimeSpan.FromSeconds(seconds));
            results[name].Add(r);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round} {name,-5} {r.Rps,10:F0} req/s  p50 {r.P50:F2} ms  p99 {r.P99:F2} ms"));
        }
    }

    double Median(IEnumerable<double> v) => v.Order().ElementAt(rounds / 2);
    var bareRps = Median(results["bare"].Select(r => r.Rps));
    var novaRps = Median(results["nova"].Select(r => r.Rps));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"median at {clients} clients: GET /v2.1/servers/{{id}} {novaRps:F0} req/s (p99 {Median(results["nova"].Select(r => r.P99)):F2} ms); bare JSON {bareRps:F0} req/s (p99 {Median(results["bare"].Select(r => r.P99)):F2} ms); ratio {novaRps / bareRps:P0}"));
}
finally
{
    await bare.StopAsync();
    await front.StopAsync();
    await driver.StopAsync();
    try
    {
        Directory.Delete(data, recursive: true);
    }
    catch (IOException)
    {
    }
}

static string Address(WebApplication app) =>
    app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal);

// The baseline: a bare ASP.NET Core endpoint returning a server-sized JSON body (no auth, no gRPC).
static WebApplication BareJson()
{
    var builder = WebApplication.CreateSlimBuilder();
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http1));
    var app = builder.Build();
    var body = new string('x', 1800);
    app.MapGet("/server", (HttpContext c) =>
    {
        c.Response.ContentType = "application/json";
        return c.Response.WriteAsync("{\"server\":{\"id\":\"00000000-0000-0000-0000-000000000000\",\"pad\":\"" + body + "\"}}");
    });
    return app;
}

static async Task<(double Rps, double P50, double P99)> LoadAsync(Uri url, string? token, int clients, TimeSpan duration)
{
    using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients };
    using var http = new HttpClient(handler);
    var latencies = new List<double>[clients];
    var stop = Stopwatch.StartNew();
    var tasks = Enumerable.Range(0, clients).Select(async n =>
    {
        var mine = latencies[n] = [];
        while (stop.Elapsed < duration)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (token is not null)
            {
                request.Headers.Add("X-Auth-Token", token);
            }

            var t = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
            response.EnsureSuccessStatusCode();
            mine.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }
    }).ToArray();
    await Task.WhenAll(tasks);
    var all = latencies.SelectMany(l => l).Order().ToArray();
    return (all.Length / stop.Elapsed.TotalSeconds, all[all.Length / 2], all[(int)(all.Length * 0.99)]);
}
