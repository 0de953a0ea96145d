using System.Diagnostics;
using System.Globalization;
using PowerDrivers.Parity.Matrix;
using PowerDrivers.Parity.Support;
using Api = PowerDrivers.V1;

namespace PowerDrivers.Parity.Scenarios;

/// <summary>Guests and power: byte order, guest OS, pause, suspend, a driver restart, running out of capacity.</summary>
internal static class LifecycleScenarios
{
    private const int FillLimit = 12;
    private static readonly TimeSpan FillTime = TimeSpan.FromSeconds(60);

    public static IEnumerable<Scenario> All =>
    [
        new("mixed_endianness", "Mixed endianness on one host: a ppc64le instance running, then a ppc64 (big-endian) one", EndiannessAsync),
        new("aix_guest", "AIX guest (big-endian) on the host", AixAsync),
        new("pause", "Pause / unpause a running instance (frozen in memory)", PauseAsync),
        new("suspend", "Suspend / resume a running instance (state saved, not running)", SuspendAsync),
        new("host_restart", "State after a driver restart over the same data directory (one running instance, one stopped, one stopped with a volume attached)", BeforeRestartAsync)
        {
            AfterRestartAsync = AfterRestartAsync,
        },
        new("capacity_exhaustion", $"Exhausting capacity: running 96 GB instances (min = desired) created until refused (at most {FillLimit}, {FillTime.TotalSeconds:0} s)", FillAsync),
    ];

    private static async Task<Cell> EndiannessAsync(Probe p)
    {
        await p.CapabilityAsync("capabilities", "mixed_endianness", c => c.MixedEndianness);
        var (_, le) = await p.CreateAsync("create ppc64le, start", Specs.Small("le-1"), start: true);
        var (be, id) = await p.CreateAsync("create ppc64 (big-endian), start", Specs.Small("be-1", Api.Endianness.Big), start: true);
        if (id is not null)
        {
            await p.NativeAsync(id, "PartitionState", "PartitionType", "os/type@arch");
            return p.Cell(Verdict.Yes, $"little- and big-endian instances run side by side ({be.Observed})");
        }

        // The rule is one byte order per host, not "little-endian only": once the ppc64le guest is gone, ppc64 is accepted.
        if (le is not null)
        {
            await p.OperationAsync("delete the ppc64le instance", le, c => c.DeleteInstanceAsync(new Api.DeleteInstanceRequest { Id = le, Force = true }));
        }

        var (alone, aloneId) = await p.CreateAsync("create ppc64 on the host without ppc64le guests, start", Specs.Small("be-2", Api.Endianness.Big), start: true);
        if (aloneId is not null)
        {
            await p.NativeAsync(aloneId, "os/type@arch");
        }

        var aloneWords = aloneId is not null ? "a big-endian guest alone is accepted" : $"a big-endian guest alone is refused too ({alone.RefusalWords()})";
        return p.Cell(Verdict.No, $"big-endian refused {be.RefusalWords()}: {be.Message}; {aloneWords}");
    }

    private static async Task<Cell> AixAsync(Probe p)
    {
        var (create, id) = await p.CreateAsync("create AIX ppc64, start", Specs.Small("aix-1", Api.Endianness.Big, Api.OsType.Aix), start: true);
        return id is not null
            ? p.Cell(Verdict.Yes, $"AIX instance runs ({create.Observed})")
            : p.Cell(Verdict.No, $"refused {create.RefusalWords()}: {create.Message}");
    }

    private static async Task<Cell> PauseAsync(Probe p)
    {
        var (create, id) = await p.CreateAsync("create, start", Specs.Small("pause-1"), start: true);
        if (id is null)
        {
            return p.Cell(Verdict.No, $"create refused: {create.RefusalWords()}");
        }

        var pause = await p.OperationAsync("pause", id, c => c.PauseInstanceAsync(new Api.PauseInstanceRequest { Id = id }));
        if (!pause.Ok)
        {
            return p.Cell(Verdict.No, $"refused {pause.RefusalWords()}: {pause.Message}");
        }

        var unpause = await p.OperationAsync("unpause", id, c => c.UnpauseInstanceAsync(new Api.UnpauseInstanceRequest { Id = id }));
        return p.Cell(unpause.Ok ? Verdict.Yes : Verdict.Partial, $"paused ({pause.Observed}), unpaused ({unpause.Observed ?? unpause.RefusalWords()})");
    }

    private static async Task<Cell> SuspendAsync(Probe p)
    {
        var (create, id) = await p.CreateAsync("create, start", Specs.Small("suspend-1"), start: true);
        if (id is null)
        {
            return p.Cell(Verdict.No, $"create refused: {create.RefusalWords()}");
        }

        var suspend = await p.OperationAsync("suspend", id, c => c.SuspendInstanceAsync(new Api.SuspendInstanceRequest { Id = id }));
        if (!suspend.Ok)
        {
            return p.Cell(Verdict.No, $"refused {suspend.RefusalWords()}: {suspend.Message}");
        }

        var resume = await p.OperationAsync("resume", id, c => c.ResumeInstanceAsync(new Api.ResumeInstanceRequest { Id = id }));
        return p.Cell(resume.Ok ? Verdict.Yes : Verdict.Partial, $"suspended ({suspend.Observed}), resumed ({resume.Observed ?? resume.RefusalWords()})");
    }

    private static async Task<Cell> BeforeRestartAsync(Probe p)
    {
        await p.CreateAsync("create, start", Specs.Small("restart-on"), start: true);
        await p.CreateAsync("create (stopped)", Specs.Small("restart-off"), start: false);
        var (_, withVolume) = await p.CreateAsync("create (stopped), for a volume", Specs.Small("restart-vol"), start: false);
        var (_, volume) = await p.CreateVolumeAsync("create 10 GB volume", "restart-" + p.Backend, 10, Api.Provisioning.Thin);
        if (withVolume is not null && volume is not null)
        {
            await p.IoOperationAsync("attach volume (stopped)", withVolume,
                c => c.AttachVolumeAsync(new Api.AttachVolumeRequest { InstanceId = withVolume, VolumeId = volume }));
        }

        await ReadAllAsync(p, "before restart");
        return p.Cell(Verdict.Partial, "the driver has not restarted yet");
    }

    private static async Task<List<string>> ReadAllAsync(Probe p, string label)
    {
        var seen = new List<string>();
        for (var n = 0; n < p.Created.Count; n++)
        {
            var id = p.Created[n];
            var read = await p.ReadAsync($"{label} ({n + 1})", async () =>
            {
                var i = await p.InstanceAsync(id);
                return $"{Probe.Describe(i)}; {Probe.DescribeIo(i).Split("; ", 2)[1]}";
            });
            seen.Add(read.Observed ?? read.RefusalWords());
        }

        return seen;
    }

    private static async Task<Cell> AfterRestartAsync(Probe p)
    {
        var before = p.Steps.Where(s => s.Name.StartsWith("before restart", StringComparison.Ordinal)).Select(s => s.Observed ?? s.RefusalWords()).ToList();
        var after = await ReadAllAsync(p, "after restart");
        var same = before.SequenceEqual(after, StringComparer.Ordinal);
        return p.Cell(same ? Verdict.Yes : Verdict.Partial,
            same
                ? "running and stopped instances come back as they were (state, processors, memory, volume attachment)"
                : $"changed: {string.Join(" / ", before)} → {string.Join(" / ", after)}");
    }

    private static async Task<Cell> FillAsync(Probe p)
    {
        var watch = Stopwatch.StartNew();
        var created = 0;
        StepRecord? refusal = null;
        for (var n = 1; n <= FillLimit && watch.Elapsed < FillTime && refusal is null; n++)
        {
            var name = "fill-" + n.ToString(CultureInfo.InvariantCulture);
            var (step, id) = await p.CreateAsync($"create 96 GB, start ({n})", Specs.Shared(name, (1, 1, 1), (0.1, 0.1, 0.1), (98304, 98304, 98304)), start: true);
            if (id is null)
            {
                refusal = step;
            }
            else
            {
                created++;
            }
        }

        if (refusal is null)
        {
            return p.Cell(Verdict.No, $"{created} instances of 96 GB created without a refusal (bound reached)");
        }

        var typed = refusal.Code == "RESOURCE_EXHAUSTED" && refusal.Reason?.StartsWith("INSUFFICIENT_", StringComparison.Ordinal) == true;
        var numbers = string.Join(", ", refusal.Facts.Where(f => f.Key is "requested" or "available" or "unit").Select(f => $"{f.Key} {f.Value}"));
        return p.Cell(typed ? Verdict.Yes : Verdict.Partial,
            $"{created} running, the next refused {refusal.RefusalWords()} ({numbers}): {refusal.Message}");
    }
}
