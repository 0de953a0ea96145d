using PowerDrivers.Parity.Matrix;
using PowerDrivers.Parity.Support;
using Api = PowerDrivers.V1;

namespace PowerDrivers.Parity.Scenarios;

/// <summary>Memory: overcommit (AMS against balloon/KSM), compression (AME against zswap), page sharing (KSM figures).</summary>
internal static class MemoryScenarios
{
    public static IEnumerable<Scenario> All =>
    [
        new("memory_overcommit", "Memory overcommit: an AMS (shared memory) instance; then two running 192 GB instances (more than half of 512 GB each)", OvercommitAsync),
        new("memory_compression", "Memory compression: an instance with expansion factor 1.5 (AME)", CompressionAsync),
        new("page_sharing", "Page sharing: HostService reports page-sharing figures (Host.memory.page_sharing) and Capabilities.page_sharing", PageSharingAsync),
    ];

    private static async Task<Cell> OvercommitAsync(Probe p)
    {
        var ams = Specs.Small("ams-1");
        ams.Memory.Mode = Api.MemoryMode.Shared;
        var (amsStep, amsId) = await p.CreateAsync("create shared-memory (AMS) instance, start", ams, start: true);
        await p.CapabilityAsync("capabilities", "page_sharing", c => c.PageSharing);
        var balloon = await p.CreateAsync("create 2 GB (max 8 GB), start", Specs.Small("balloon-1"), start: true);
        var shrink = balloon.Id is null ? null : await p.OperationAsync("shrink live to 1 GB (balloon / DLPAR)", balloon.Id,
            c => c.ResizeInstanceAsync(Specs.Resize(balloon.Id, Specs.Shared("x", (1, 2, 4), (0.1, 0.5, 2.0), (1024, 1024, 8192)))));
        var big = Specs.Shared("big-a", (1, 2, 4), (0.1, 0.5, 2.0), (196608, 196608, 196608));
        var first = await p.CreateAsync("create 192 GB (min = desired), start (1)", big, start: true);
        big.Name = "big-b";
        var second = await p.CreateAsync("create 192 GB (min = desired), start (2)", big, start: true);
        big.Name = "big-c";
        var third = await p.CreateAsync("create 192 GB (min = desired), start (3)", big, start: true);
        var caps = await p.CapabilitiesAsync();
        var fill = $"running 192 GB instances: {new[] { first, second, third }.Count(x => x.Id is not null)} of 3 "
            + $"({(third.Id is null ? $"the next refused {third.Step.RefusalWords()}" : "no refusal")})";
        if (amsId is not null)
        {
            return p.Cell(Verdict.Yes, $"AMS instance runs from the shared memory pool; {fill}");
        }

        var amsWords = $"AMS refused {amsStep.RefusalWords()}: {amsStep.Message}";
        if (caps.PageSharing && shrink?.Ok == true)
        {
            return p.Cell(Verdict.Partial, $"{amsWords}; balloon shrinks a running guest and the host offers KSM page sharing (page_sharing=true), but {fill}: admission counts current memory against free host memory");
        }

        return p.Cell(Verdict.No, $"{amsWords}; {fill}");
    }

    private static async Task<Cell> CompressionAsync(Probe p)
    {
        await p.CapabilityAsync("capabilities", "memory_expansion", c => c.MemoryExpansion);
        var spec = Specs.Small("ame-1");
        spec.Memory.ExpansionFactor = 1.5;
        var (create, id) = await p.CreateAsync("create with expansion factor 1.5, start", spec, start: true);
        if (id is not null)
        {
            await p.NativeAsync(id, "PartitionState", "ActiveMemoryExpansionEnabled", "CurrentExpansionFactor", "CurrentMemory");
        }

        return id is null
            ? p.Cell(Verdict.No, $"refused {create.RefusalWords()}: {create.Message}")
            : p.Cell(Verdict.Yes, $"runs with expansion factor 1.5: {create.Observed}");
    }

    private static async Task<Cell> PageSharingAsync(Probe p)
    {
        await p.CapabilityAsync("capabilities", "page_sharing", c => c.PageSharing);
        var host = await p.HostAsync();
        var figures = host.Memory.PageSharing;
        // The figures themselves (KSM run flag, pages) belong to the machine running the tests: they are not documented.
        await p.ReadAsync("GetHost memory.page_sharing", () => Task.FromResult(figures is null ? "not reported" : "reported"));
        var caps = await p.CapabilitiesAsync();
        if (caps.PageSharing && figures is not null)
        {
            return p.Cell(Verdict.Yes, "page_sharing=true; Host.memory.page_sharing carries the KSM figures (pages shared/sharing, full scans, MB saved)");
        }

        return p.Cell(Verdict.No, $"page_sharing={(caps.PageSharing ? "true" : "false")}, figures {(figures is null ? "not reported" : "reported")}: {Probe.UnsupportedReason(caps, "page_sharing")}");
    }
}
