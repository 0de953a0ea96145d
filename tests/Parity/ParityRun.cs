using System.Globalization;
using System.Text;
using PowerDrivers.Parity.Matrix;
using PowerDrivers.Parity.Scenarios;
using PowerDrivers.Parity.Support;

namespace PowerDrivers.Parity;

/// <summary>
/// Runs every scenario once per test run on both hosts of one driver (real gRPC over loopback), restarts the driver over the
/// same data directory for the scenarios that continue after a restart, and keeps the results for the tests.
/// </summary>
public sealed class ParityRun : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "pd-parity-" + Guid.NewGuid().ToString("N"));
    private readonly List<ScenarioResult> _results = [];
    private ParityServer? _server;

    internal IReadOnlyList<ScenarioResult> Results => _results;

    internal Expectations Expected { get; } = Expectations.Load(Path.Combine(AppContext.BaseDirectory, "expected.json"));

    /// <summary>Instances and volumes the scenarios left behind (each scenario cleans up after itself, so none).</summary>
    internal IReadOnlyList<string> Leftovers { get; private set; } = [];

    /// <summary>Per-step timings, for the console only.</summary>
    internal string Timings { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _server = await ParityServer.StartAsync(_data);
        var cells = new Dictionary<string, Dictionary<string, Cell>>(StringComparer.Ordinal);
        var afterRestart = new List<(Scenario Scenario, Probe Probe)>();
        foreach (var scenario in ScenarioCatalog.All)
        {
            cells[scenario.Id] = new Dictionary<string, Cell>(StringComparer.Ordinal);
            foreach (var (backend, host) in ScenarioCatalog.Backends)
            {
                var probe = new Probe(backend, host, () => _server!);
                cells[scenario.Id][backend] = await RunAsync(probe, scenario.RunAsync);
                if (scenario.AfterRestartAsync is null)
                {
                    await probe.CleanupAsync();
                }
                else
                {
                    afterRestart.Add((scenario, probe));
                }
            }
        }

        if (afterRestart.Count > 0)
        {
            await _server.DisposeAsync();
            _server = await ParityServer.StartAsync(_data);
            foreach (var (scenario, probe) in afterRestart)
            {
                cells[scenario.Id][probe.Backend] = await RunAsync(probe, scenario.AfterRestartAsync!);
                await probe.CleanupAsync();
            }
        }

        _results.AddRange(ScenarioCatalog.All.Select(s => new ScenarioResult(s.Id, s.Title, cells[s.Id])));
        Leftovers = await LeftoversAsync(_server);
        Timings = RenderTimings();
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task<IReadOnlyList<string>> LeftoversAsync(ParityServer server)
    {
        var left = new List<string>();
        foreach (var (_, host) in ScenarioCatalog.Backends)
        {
            var instances = await server.Compute.ListInstancesAsync(new V1.ListInstancesRequest { Host = host, PageSize = 1000 });
            left.AddRange(instances.Instances.Select(i => $"instance {i.Name} on {host}: {i.State}"));
            var volumes = await server.Volumes.ListVolumesAsync(new V1.ListVolumesRequest { Host = host });
            left.AddRange(volumes.Volumes.Where(v => v.Status != V1.VolumeStatus.Deleted).Select(v => $"volume {v.Name} on {host}: {v.Status}"));
        }

        return left;
    }

    private static async Task<Cell> RunAsync(Probe probe, Func<Probe, Task<Cell>> run)
    {
        try
        {
            return await run(probe);
        }
        catch (Exception ex)
        {
            return probe.Cell(Verdict.Partial, "the scenario broke: " + Words.Scrub(ex.Message)) with { HarnessError = ex.ToString() };
        }
    }

    private string RenderTimings()
    {
        var sb = new StringBuilder();
        sb.AppendLine("parity step timings (ms)");
        foreach (var r in _results)
        {
            foreach (var (backend, cell) in r.Cells)
            {
                foreach (var s in cell.Steps)
                {
                    sb.AppendLine(CultureInfo.InvariantCulture, $"{r.Id,-22} {backend,-9} {s.Milliseconds,9:0.0}  {s.Name} → {s.RefusalWords()}");
                }
            }
        }

        return sb.ToString();
    }
}

/// <summary>One run of the scenarios shared by every test of the suite.</summary>
[CollectionDefinition(Name)]
public sealed class ParityCollection : ICollectionFixture<ParityRun>
{
    public const string Name = "parity";
}
