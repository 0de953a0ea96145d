using PowerDrivers.Parity.Matrix;
using PowerDrivers.Parity.Scenarios;
using Xunit.Abstractions;

namespace PowerDrivers.Parity;

/// <summary>The parity suite: the scenarios ran, behaviour agrees with the platform documentation or says why not, and the committed matrix is current.</summary>
[Collection(ParityCollection.Name)]
public sealed class ParityTests(ParityRun run, ITestOutputHelper output)
{
    public static TheoryData<string> ScenarioIds => [.. ScenarioCatalog.All.Select(s => s.Id)];

    public static TheoryData<string, string> Cells
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var s in ScenarioCatalog.All)
            {
                foreach (var (backend, _) in ScenarioCatalog.Backends)
                {
                    data.Add(s.Id, backend);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(ScenarioIds))]
    public void Scenario_OnBothBackends_RanToAVerdict(string id)
    {
        var result = run.Results.Single(r => r.Id == id);
        foreach (var (backend, cell) in result.Cells)
        {
            Assert.True(cell.HarnessError is null, $"{id} on {backend} broke: {cell.HarnessError}");
            Assert.NotEmpty(cell.Steps);
            Assert.False(string.IsNullOrWhiteSpace(cell.Reason));
        }
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void Behaviour_WhenItDiffersFromThePlatformDocs_HasARecordedKnownDifference(string id, string backend)
    {
        var row = run.Expected.Row(id);
        Assert.True(row is not null, $"tests/Parity/expected.json has no row '{id}'");
        var cell = run.Results.Single(r => r.Id == id).Cells[backend];
        var expected = row.For(backend).Expected;
        var known = row.KnownDifference.GetValueOrDefault(backend);
        if (cell.Token == expected)
        {
            Assert.True(known is null, $"{id} on {backend} now behaves as documented ({expected}): remove its known_difference from tests/Parity/expected.json");
        }
        else
        {
            Assert.True(!string.IsNullOrWhiteSpace(known),
                $"{id} on {backend}: the platform docs say {expected} ({row.For(backend).Platform}), the backend shows {cell.Token}: {cell.Reason}. "
                + "Fix the backend, or record the reason as known_difference in tests/Parity/expected.json");
        }
    }

    [Fact]
    public void Scenarios_AfterTheRun_LeaveNoInstanceOrVolumeBehind() =>
        Assert.True(run.Leftovers.Count == 0, "left behind: " + string.Join("; ", run.Leftovers));

    [Fact]
    public void ExpectedFile_HasOneRowWithASourcePerScenario()
    {
        var ids = ScenarioCatalog.All.Select(s => s.Id).ToList();
        Assert.Equal(ids.Order(StringComparer.Ordinal), run.Expected.Rows.Select(r => r.Id).Order(StringComparer.Ordinal));
        foreach (var row in run.Expected.Rows)
        {
            Assert.False(string.IsNullOrWhiteSpace(row.Source), $"{row.Id}: no source note");
            foreach (var v in new[] { row.PowerVm, row.PowerKvm })
            {
                Assert.Contains(v.Expected, new[] { "Y", "N", "partial" });
            }

            Assert.All(row.KnownDifference.Keys, k => Assert.Contains(k, new[] { "powervm", "powerkvm" }));
        }
    }

    [Fact]
    public void ParityMarkdown_IsTheCommittedDocsParityMd() =>
        AssertDocument("parity.md", ParityDocument.Markdown(run.Results, run.Expected));

    [Fact]
    public void ParityJson_IsTheCommittedDocsParityJson() =>
        AssertDocument("parity.json", ParityDocument.JsonText(run.Results, run.Expected));

    /// <summary>Prints the matrix and the step timings (console and files beside the test assembly, never committed).</summary>
    [Fact]
    public void Matrix_IsPrintedWithTimings()
    {
        var markdown = ParityDocument.Markdown(run.Results, run.Expected);
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "parity-matrix.md"), markdown);
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "parity-timings.txt"), run.Timings);
        output.WriteLine(markdown);
        output.WriteLine(run.Timings);
        Assert.Contains("| feature |", markdown, StringComparison.Ordinal);
    }

    private static void AssertDocument(string name, string expected)
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Drivers.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("repository root not found");
        }

        var path = Path.Combine(root, "docs", name);
        if (Environment.GetEnvironmentVariable("PD_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, expected);
        }

        Assert.True(File.Exists(path), $"docs/{name} is missing: run the parity suite with PD_UPDATE_DOCS=1");
        Assert.Equal(expected, File.ReadAllText(path));
    }
}
