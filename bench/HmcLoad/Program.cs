using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using PowerDrivers.Emulator.Hmc;
using PowerDrivers.Emulator.Hmc.Jobs;

// Usage: HmcLoad [seconds=5] [rounds=3] [lpars=10]
// Starts the embedded emulated HMC (plain HTTP, instant jobs) with <lpars> partitions on the first system and a bare
// ASP.NET Core JSON endpoint, then alternates for <rounds> rounds, at 1 and 16 clients, each for <seconds> (bounded):
// the bare JSON GET, the LogicalPartition feed GET, and create→power on→power off→delete cycles over the REST API.
// Prints each measurement, then the medians.
var seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
var lpars = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10;
XNamespace web = "http://www.ibm.com/xmlns/systems/power/firmware/web/mc/2012_10/";
XNamespace uom = "http://www.ibm.com/xmlns/systems/power/firmware/uom/mc/2012_10/";

var data = Path.Combine(Path.GetTempPath(), "pd-hmcload-" + Guid.NewGuid().ToString("N"));
await using var hmc = await HmcServer.StartAsync(new HmcOptions { DataDirectory = data, Port = 0, UseHttps = false, Jobs = JobTimings.Instant },
    logging => logging.SetMinimumLevel(LogLevel.Warning));
var counter = 0;
WebApplication? bare = null;
try
{
    using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 16 };
    using var http = new HttpClient(handler) { BaseAddress = hmc.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    var logon = $"""<LogonRequest xmlns="{web.NamespaceName}" schemaVersion="V1_1_0"><Metadata><Atom/></Metadata><UserID kb="CUR" kxe="false">hscroot</UserID><Password kb="CUR" kxe="false">abc123</Password></LogonRequest>""";
    using (var logged = await SendAsync(HttpMethod.Put, "rest/api/web/Logon", logon, "application/vnd.ibm.powervm.web+xml; type=LogonRequest"))
    {
        http.DefaultRequestHeaders.Add("X-API-Session", XElement.Parse(await logged.Content.ReadAsStringAsync()).Element(web + "X-API-Session")!.Value);
    }

    var system = hmc.Model.Systems[0].RelativeUri;
    for (var i = 0; i < lpars; i++)
    {
        await CreateAsync($"seed-{i}");
    }

    var feed = new Uri(hmc.BaseAddress, $"rest/api/uom/{system}/LogicalPartition");
    var feedBytes = (await http.GetByteArrayAsync(feed)).Length;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"LPAR feed of {lpars} LPARs: {feedBytes} bytes; the bare JSON body has the same size"));
    bare = BareJson(feedBytes);
    await bare.StartAsync();
    var bareUrl = new Uri(Address(bare) + "/lpar");
    var results = new Dictionary<string, List<double>>();
    for (var round = 1; round <= rounds; round++)
    {
        foreach (var clients in new[] { 1, 16 })
        {
            Record($"bare JSON GET, {clients} clients", round, "req/s", await LoadAsync(clients, () => GetAsync(bareUrl)));
            Record($"LPAR feed GET ({lpars} LPARs), {clients} clients", round, "req/s", await LoadAsync(clients, () => GetAsync(feed)));
            Record($"create-on-off-delete, {clients} clients", round, "cycles/s", await LoadAsync(clients, CycleAsync));
        }
    }

    double Median(List<double> v) => v.Order().ElementAt(v.Count / 2);
    foreach (var clients in new[] { 1, 16 })
    {
        var bareRps = Median(results[$"bare JSON GET, {clients} clients"]);
        var feedRps = Median(results[$"LPAR feed GET ({lpars} LPARs), {clients} clients"]);
        var cycles = Median(results[$"create-on-off-delete, {clients} clients"]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"median at {clients,2} clients: LPAR feed GET {feedRps:F0} req/s; bare JSON GET {bareRps:F0} req/s; ratio {feedRps / bareRps:P0}; cycles {cycles:F1}/s"));
    }

    void Record(string name, int round, string unit, double value)
    {
        (results.TryGetValue(name, out var list) ? list : results[name] = []).Add(value);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round} {name,-38} {value,10:F1} {unit}"));
    }

    async Task GetAsync(Uri url)
    {
        using var response = await http.GetAsync(url);
        await response.Content.ReadAsByteArrayAsync();
        response.EnsureSuccessStatusCode();
    }

    async Task<string> CreateAsync(string name)
    {
        using var response = await SendAsync(HttpMethod.Put, $"rest/api/uom/{system}/LogicalPartition", LparXml(name), "application/vnd.ibm.powervm.uom+xml; type=LogicalPartition");
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"create {name}: {(int)response.StatusCode} {text}");
        }

        return XElement.Parse(text).Descendants(uom + "PartitionUUID").Single().Value;
    }

    async Task CycleAsync()
    {
        var uuid = await CreateAsync($"bench-{Interlocked.Increment(ref counter)}");
        var lpar = $"rest/api/uom/{system}/LogicalPartition/{uuid}";
        await JobAsync(lpar, "PowerOn", [("bootmode", "norm")]);
        await JobAsync(lpar, "PowerOff", [("operation", "shutdown"), ("immediate", "true")]);
        using var deleted = await http.DeleteAsync(lpar);
        deleted.EnsureSuccessStatusCode();
    }

    // As a real client does: GET the job template, add the parameters, PUT it, poll the job until it ends, delete it.
    async Task JobAsync(string lpar, string operation, (string Name, string Value)[] parameters)
    {
        var template = XElement.Parse(await http.GetStringAsync($"{lpar}/do/{operation}"));
        var request = template.Descendants(web + "JobRequest").Single();
        var jobParameters = request.Element(web + "JobParameters")!;
        foreach (var (name, value) in parameters)
        {
            jobParameters.Add(new XElement(web + "JobParameter", new XAttribute("schemaVersion", "V1_0"), new XElement(web + "Metadata", new XElement(web + "Atom")),
                new XElement(web + "ParameterName", new XAttribute("kb", "ROR"), new XAttribute("kxe", "false"), name),
                new XElement(web + "ParameterValue", new XAttribute("kb", "CUR"), new XAttribute("kxe", "false"), value)));
        }

        using var submitted = await SendAsync(HttpMethod.Put, $"{lpar}/do/{operation}", request.ToString(), "application/vnd.ibm.powervm.web+xml; type=JobRequest");
        var text = await submitted.Content.ReadAsStringAsync();
        if (!submitted.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{operation}: {(int)submitted.StatusCode} {text}");
        }

        var jobId = XElement.Parse(text).Descendants(web + "JobID").Single().Value;
        for (var polls = 0; ; polls++)
        {
            var status = XElement.Parse(await http.GetStringAsync($"rest/api/uom/jobs/{jobId}")).Descendants(web + "Status").Single().Value;
            if (status is "COMPLETED_OK")
            {
                break;
            }

            if (status is not ("NOT_STARTED" or "RUNNING") || polls > 2000)
            {
                throw new InvalidOperationException($"{operation} job {jobId}: {status}");
            }

            await Task.Delay(1);
        }

        using var deleted = await http.DeleteAsync($"rest/api/uom/jobs/{jobId}");
    }

    Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string body, string contentType)
    {
        var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return http.SendAsync(request);
    }

    async Task<double> LoadAsync(int clients, Func<Task> operation)
    {
        var duration = TimeSpan.FromSeconds(seconds);
        var done = 0L;
        var stop = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            while (stop.Elapsed < duration)
            {
                await operation();
                Interlocked.Increment(ref done);
            }
        }));
        return done / stop.Elapsed.TotalSeconds;
    }
}
finally
{
    if (bare is not null)
    {
        await bare.StopAsync();
    }

    try
    {
        Directory.Delete(data, recursive: true);
    }
    catch (IOException)
    {
    }
}

static string LparXml(string name)
{
    const string ns = "http://www.ibm.com/xmlns/systems/power/firmware/uom/mc/2012_10/";
    return $"""
        <LogicalPartition:LogicalPartition xmlns:LogicalPartition="{ns}" xmlns="{ns}" schemaVersion="V1_0"><Metadata><Atom/></Metadata>
          <PartitionMemoryConfiguration kb="CUD" kxe="false" schemaVersion="V1_0"><Metadata><Atom/></Metadata>
            <DesiredMemory kb="CUD" kxe="false">1024</DesiredMemory><MaximumMemory kb="CUD" kxe="false">2048</MaximumMemory><MinimumMemory kb="CUD" kxe="false">1024</MinimumMemory>
          </PartitionMemoryConfiguration>
          <PartitionName kb="CUR" kxe="false">{name}</PartitionName>
          <PartitionProcessorConfiguration kb="CUD" kxe="false" schemaVersion="V1_0"><Metadata><Atom/></Metadata>
            <HasDedicatedProcessors kb="CUD" kxe="false">false</HasDedicatedProcessors>
            <SharedProcessorConfiguration kb="CUD" kxe="false" schemaVersion="V1_0"><Metadata><Atom/></Metadata>
              <DesiredProcessingUnits kb="CUD" kxe="false">0.10</DesiredProcessingUnits><DesiredVirtualProcessors kb="CUD" kxe="false">1</DesiredVirtualProcessors>
              <MaximumProcessingUnits kb="CUD" kxe="false">0.10</MaximumProcessingUnits><MaximumVirtualProcessors kb="CUD" kxe="false">1</MaximumVirtualProcessors>
              <MinimumProcessingUnits kb="CUD" kxe="false">0.05</MinimumProcessingUnits><MinimumVirtualProcessors kb="CUD" kxe="false">1</MinimumVirtualProcessors>
              <SharedProcessorPoolID kb="CUD" kxe="false">0</SharedProcessorPoolID><UncappedWeight kb="CUD" kxe="false">64</UncappedWeight>
            </SharedProcessorConfiguration>
            <SharingMode kb="CUD" kxe="false">uncapped</SharingMode>
          </PartitionProcessorConfiguration>
          <PartitionType kb="COD" kxe="false">AIX/Linux</PartitionType>
        </LogicalPartition:LogicalPartition>
        """;
}

static string Address(WebApplication app) =>
    app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal);

// The baseline: a bare ASP.NET Core endpoint returning a JSON body of <size> bytes (no session check, no model).
static WebApplication BareJson(int size)
{
    var builder = WebApplication.CreateSlimBuilder();
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http1));
    var app = builder.Build();
    var body = new string('x', Math.Max(0, size - 60));
    app.MapGet("/lpar", (HttpContext c) =>
    {
        c.Response.ContentType = "application/json";
        return c.Response.WriteAsync("{\"lpar\":{\"id\":\"00000000-0000-0000-0000-000000000000\",\"pad\":\"" + body + "\"}}");
    });
    return app;
}
