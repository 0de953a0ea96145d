using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using PowerDrivers.Parity.Scenarios;

namespace PowerDrivers.Parity.Matrix;

/// <summary>Renders docs/parity.md and docs/parity.json from the scenario results and the expected values (no timings).</summary>
internal static class ParityDocument
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Markdown(IReadOnlyList<ScenarioResult> results, Expectations expected)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(expected);
        var sb = new StringBuilder();
        sb.Append("""
            # PowerVM and PowerKVM: the parity matrix

            Generated from behaviour by `tests/Parity`; do not edit. Every row is a scenario written once and run through the
            gRPC API (real loopback socket) against two hosts of one driver built from the same hardware profile: `powervm-1`
            (S822L, PHYP firmware, PowerVM backend on the embedded emulated HMC) and `powerkvm-1` (S822L, OPAL firmware,
            PowerKVM backend on libvirt's test driver). `bash scripts/parity.sh` runs the suite and prints this matrix;
            `PD_UPDATE_DOCS=1 bash scripts/parity.sh` regenerates this file and `docs/parity.json`. Expected values come from
            the platform documentation and live in `tests/Parity/expected.json` with a source per row; a test fails when
            behaviour contradicts them without a recorded known difference.

            ✓ works through the API · ✗ refused, with the typed reason (gRPC code / `ErrorInfo.reason`) · partial: part of it
            works, or the feature is only declared. Cells marked *(capabilities)* have no call or spec field to exercise yet:
            they read `HostService.GetCapabilities` (flag and `Unsupported` reason). Timings are printed by the run, never
            written here.

            ## Matrix

            | feature | PowerVM (powervm-1) | PowerKVM (powerkvm-1) | expected PowerVM / PowerKVM | result |
            |---|---|---|---|---|

            """);
        foreach (var r in results)
        {
            var row = expected.Row(r.Id);
            var exp = row is null ? "(no expectation)" : $"{row.PowerVm.Expected} ({row.PowerVm.Platform}) / {row.PowerKvm.Expected} ({row.PowerKvm.Platform})";
            sb.Append($"| {Esc(row?.Feature ?? r.Id)} | {CellText(r, "powervm")} | {CellText(r, "powerkvm")} | {Esc(exp)} | {r.Comparison} |\n");
        }

        sb.Append("\n## Known differences from the platform documentation\n\n");
        foreach (var row in expected.Rows.Where(x => x.KnownDifference.Count > 0))
        {
            foreach (var (backend, why) in row.KnownDifference.OrderBy(k => k.Key, StringComparer.Ordinal))
            {
                sb.Append($"- **{row.Feature}**, {Name(backend)}: {why}\n");
            }
        }

        sb.Append("\n## Scenarios, step by step\n");
        foreach (var r in results)
        {
            var row = expected.Row(r.Id);
            sb.Append($"\n### `{r.Id}`: {r.Title}\n\n");
            if (row is not null)
            {
                sb.Append($"Expected: PowerVM {row.PowerVm.Expected} — {row.PowerVm.Platform}; PowerKVM {row.PowerKvm.Expected} — {row.PowerKvm.Platform}. Source: {row.Source}\n\n");
            }

            sb.Append("| step | PowerVM | PowerKVM |\n|---|---|---|\n");
            var names = r.Cells.Values.SelectMany(c => c.Steps.Select(s => s.Name)).Distinct(StringComparer.Ordinal).ToList();
            foreach (var name in names)
            {
                sb.Append($"| {Esc(name)} | {StepText(r, "powervm", name)} | {StepText(r, "powerkvm", name)} |\n");
            }
        }

        return sb.ToString();
    }

    public static string JsonText(IReadOnlyList<ScenarioResult> results, Expectations expected)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(expected);
        var doc = new
        {
            generated_by = "tests/Parity (PD_UPDATE_DOCS=1 regenerates)",
            hosts = ScenarioCatalog.Backends.ToDictionary(b => b.Backend, b => b.Host),
            rows = results.Select(r =>
            {
                var row = expected.Row(r.Id);
                return new
                {
                    id = r.Id,
                    feature = row?.Feature ?? r.Id,
                    scenario = r.Title,
                    result = r.Comparison,
                    source = row?.Source,
                    backends = r.Cells.ToDictionary(c => c.Key, c => new
                    {
                        verdict = c.Value.Token,
                        reason = c.Value.Reason,
                        evidence = c.Value.Evidence == Evidence.Behaviour ? "behaviour" : "capabilities",
                        expected = row?.For(c.Key).Expected,
                        platform = row?.For(c.Key).Platform,
                        known_difference = row?.KnownDifference.GetValueOrDefault(c.Key),
                        steps = c.Value.Steps.Select(s => new
                        {
                            step = s.Name,
                            outcome = s.Outcome,
                            code = s.Code,
                            reason = s.Reason,
                            facts = s.Facts.Count == 0 ? null : s.Facts,
                            message = s.Message,
                            observed = s.Observed,
                        }),
                    }),
                };
            }),
        };
        return JsonSerializer.Serialize(doc, Json) + "\n";
    }

    private static string CellText(ScenarioResult r, string backend)
    {
        var c = r.Cells[backend];
        var tag = c.Evidence == Evidence.Capabilities ? " *(capabilities)*" : "";
        return $"{c.Symbol}{tag} {Esc(c.Reason)}";
    }

    private static string StepText(ScenarioResult r, string backend, string name)
    {
        var s = r.Cells[backend].Steps.LastOrDefault(x => x.Name == name);
        if (s is null)
        {
            return "—";
        }

        var head = s.Ok ? "ok" : $"refused {s.RefusalWords()}";
        var observed = s.Observed is null ? "" : $": {s.Observed}";
        var message = s.Ok || string.IsNullOrEmpty(s.Message) ? "" : $" — {s.Message}";
        return Esc(head + observed + message);
    }

    private static string Name(string backend) => backend == "powervm" ? "PowerVM" : "PowerKVM";

    private static string Esc(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal);
}
