using PowerDrivers.Parity.Matrix;
using PowerDrivers.Parity.Support;
using Api = PowerDrivers.V1;

namespace PowerDrivers.Parity.Scenarios;

/// <summary>DLPAR (PowerVM) against hot plug (PowerKVM): processors and memory, live and stopped, within and beyond the maxima.</summary>
internal static class ResizeScenarios
{
    public static IEnumerable<Scenario> All =>
    [
        new("live_cpu_resize", "Live processor change (DLPAR / vCPU hot plug): 2 → 4 VP within max 4, then back to 1", LiveCpuAsync),
        new("live_memory_resize", "Live memory change (DLPAR / DIMM hot plug, balloon): 2 → 4 GB within max 8 GB, then down to 1 GB", LiveMemoryAsync),
        new("stopped_resize", "Resize while stopped: maxima raised (4 → 8 VP, 8 → 16 GB) and desired values grown", StoppedAsync),
        new("live_maxima_change", "Raising the maxima while running (4 → 8 VP max)", LiveMaximaAsync),
    ];

    private static async Task<Cell> LiveCpuAsync(Probe p)
    {
        var (create, id) = await p.CreateAsync("create 2 VP (max 4), start", Specs.Small("cpu-live"), start: true);
        if (id is null)
        {
            return p.Cell(Verdict.No, $"create refused: {create.RefusalWords()}");
        }

        var grow = await p.OperationAsync("resize to 4 VP / 1.0 PU", id, c => c.ResizeInstanceAsync(Specs.Resize(id, Specs.Shared("x", (1, 4, 4), (0.1, 1.0, 2.0), (1024, 2048, 8192)))));
        await p.NativeAsync(id, "PartitionState", "AllocatedVirtualProcessors", "CurrentProcessingUnits", "CurrentSharingMode", "vcpu", "vcpu@current", "cputune/shares");
        await p.OperationAsync("confirm", id, c => c.ConfirmResizeAsync(new Api.ConfirmResizeRequest { Id = id }));
        var shrink = await p.OperationAsync("resize to 1 VP / 0.5 PU", id, c => c.ResizeInstanceAsync(Specs.Resize(id, Specs.Shared("x", (1, 1, 4), (0.1, 0.5, 2.0), (1024, 2048, 8192)))));
        if (shrink.Ok)
        {
            await p.OperationAsync("confirm shrink", id, c => c.ConfirmResizeAsync(new Api.ConfirmResizeRequest { Id = id }));
        }

        return LiveVerdict(p, grow, shrink, "processors");
    }

    private static async Task<Cell> LiveMemoryAsync(Probe p)
    {
        var (create, id) = await p.CreateAsync("create 2 GB (max 8 GB), start", Specs.Small("mem-live"), start: true);
        if (id is null)
        {
            return p.Cell(Verdict.No, $"create refused: {create.RefusalWords()}");
        }

        var grow = await p.OperationAsync("resize to 4 GB", id, c => c.ResizeInstanceAsync(Specs.Resize(id, Specs.Shared("x", (1, 2, 4), (0.1, 0.5, 2.0), (1024, 4096, 8192)))));
        await p.NativeAsync(id, "PartitionState", "CurrentMemory", "CurrentMaximumMemory", "currentMemory", "memory");
        await p.OperationAsync("confirm", id, c => c.ConfirmResizeAsync(new Api.ConfirmResizeRequest { Id = id }));
        var shrink = await p.OperationAsync("resize to 1 GB", id, c => c.ResizeInstanceAsync(Specs.Resize(id, Specs.Shared("x", (1, 2, 4), (0.1, 0.5, 2.0), (1024, 1024, 8192)))));
        if (shrink.Ok)
        {
            await p.OperationAsync("confirm shrink", id, c => c.ConfirmResizeAsync(new Api.ConfirmResizeRequest { Id = id }));
        }

        return LiveVerdict(p, grow, shrink, "memory");
    }

    private static Cell LiveVerdict(Probe p, StepRecord grow, StepRecord shrink, string what)
    {
        var stayedUp = grow.Observed?.StartsWith("RESIZE_VERIFY (running)", StringComparison.Ordinal) == true;
        var growWords = grow.Ok ? $"grown live ({(stayedUp ? "kept running" : grow.Observed)})" : $"growth refused {grow.RefusalWords()} — {grow.Message}";
        var shrinkWords = shrink.Ok ? "shrunk live" : $"shrink refused {shrink.RefusalWords()} — {shrink.Message}";
        var verdict = grow.Ok && stayedUp ? (shrink.Ok ? Verdict.Yes : Verdict.Partial) : Verdict.No;
        return p.Cell(verdict, $"{what}: {growWords}; {shrinkWords}");
    }

    private static async Task<Cell> StoppedAsync(Probe p)
    {
        var (create, id) = await p.CreateAsync("create 2 VP (max 4), 2 GB (max 8 GB), stopped", Specs.Small("off-resize"), start: false);
        if (id is null)
        {
            return p.Cell(Verdict.No, $"create refused: {create.RefusalWords()}");
        }

        var resize = await p.OperationAsync("resize to 6 VP (max 8), 12 GB (max 16 GB)", id,
            c => c.ResizeInstanceAsync(Specs.Resize(id, Specs.Shared("x", (1, 6, 8), (0.3, 1.5, 4.0), (1024, 12288, 16384)))));
        if (!resize.Ok)
        {
            return p.Cell(Verdict.No, $"refused {resize.RefusalWords()} — {resize.Message}");
        }

        await p.OperationAsync("confirm", id, c => c.ConfirmResizeAsync(new Api.ConfirmResizeRequest { Id = id }));
        var start = await p.OperationAsync("start", id, c => c.StartInstanceAsync(new Api.StartInstanceRequest { Id = id }));
        return p.Cell(start.Ok ? Verdict.Yes : Verdict.Partial, $"maxima and desired values changed while stopped; started as {start.Observed ?? start.RefusalWords()}");
    }

    private static async Task<Cell> LiveMaximaAsync(Probe p)
    {
        var (create, id) = await p.CreateAsync("create 2 VP (max 4), start", Specs.Small("max-live"), start: true);
        if (id is null)
        {
            return p.Cell(Verdict.No, $"create refused: {create.RefusalWords()}");
        }

        var raise = await p.OperationAsync("resize max 4 → 8 VP while running", id,
            c => c.ResizeInstanceAsync(Specs.Resize(id, Specs.Shared("x", (1, 2, 8), (0.1, 0.5, 4.0), (1024, 2048, 8192)))));
        return raise.Ok
            ? p.Cell(Verdict.Yes, $"maximum raised live: {raise.Observed}")
            : p.Cell(Verdict.No, $"refused {raise.RefusalWords()} — {raise.Message}");
    }
}
