using PowerDrivers.Parity.Matrix;
using PowerDrivers.Parity.Support;
using Api = PowerDrivers.V1;

namespace PowerDrivers.Parity.Scenarios;

/// <summary>Processors: micro-partitioning, vCPU overcommit, dedicated cores.</summary>
internal static class ProcessorScenarios
{
    public static IEnumerable<Scenario> All =>
    [
        new("micro_partitioning", "Micro-partitioning: 10 shared virtual processors on 1.0 processing units (0.1 per VP)", MicroPartitioningAsync),
        new("vcpu_overcommit", "vCPU overcommit: two running instances of 96 virtual processors (192 > 160 hardware threads of 20 SMT8 cores)", OvercommitAsync),
        new("dedicated_processors", "Dedicated processors: 2 whole cores held by a running instance", DedicatedAsync),
    ];

    private static async Task<Cell> MicroPartitioningAsync(Probe p)
    {
        await p.CapabilityAsync("capabilities", "micro_partitioning", c => c.MicroPartitioning);
        var (create, id) = await p.CreateAsync("create 10 VP / 1.0 PU, start", Specs.Shared("mp-10vp", (1, 10, 10), (0.1, 1.0, 2.0), (1024, 2048, 4096)), start: true);
        if (id is not null)
        {
            await p.NativeAsync(id, "PartitionState", "AllocatedVirtualProcessors", "CurrentProcessingUnits", "CurrentSharingMode", "vcpu", "vcpu@current", "cputune/shares");
        }

        var thin = (await p.CreateAsync("create 10 VP / 0.4 PU (0.04 per VP), start", Specs.Shared("mp-thin", (1, 10, 10), (0.1, 0.4, 2.0), (1024, 2048, 4096)), start: true)).Step;
        var caps = await p.CapabilitiesAsync();
        if (id is null)
        {
            return p.Cell(Verdict.No, $"10 VP on 1.0 PU refused: {create.RefusalWords()} — {create.Message}");
        }

        var i = await p.InstanceAsync(id);
        var thinWords = thin.Ok ? "0.04 PU per VP accepted too" : $"0.04 PU per VP refused {thin.RefusalWords()}";
        if (caps.MicroPartitioning && Math.Abs(i.Allocation.ProcessingUnits - 1.0) < 0.001)
        {
            return p.Cell(Verdict.Yes, $"runs {i.Allocation.VirtualProcessors} VP entitled to {Words.Num(i.Allocation.ProcessingUnits)} PU (0.10 per VP); {thinWords}");
        }

        return p.Cell(Verdict.No,
            $"accepted and runs {i.Allocation.VirtualProcessors} vCPUs, but micro_partitioning=false: {Probe.UnsupportedReason(caps, "micro_partitioning")}; {thinWords}");
    }

    private static async Task<Cell> OvercommitAsync(Probe p)
    {
        var before = await p.HostAsync();
        var threads = before.Processors.ActiveCores * before.Processors.SmtThreads;
        await p.ReadAsync("host before", () => Task.FromResult(HostCpu(before)));
        var a = await p.CreateAsync("create 96 VP / 4.8 PU, start (1)", Specs.Shared("oc-a", (1, 96, 96), (0.1, 4.8, 9.6), (1024, 2048, 4096)), start: true);
        var b = await p.CreateAsync("create 96 VP / 4.8 PU, start (2)", Specs.Shared("oc-b", (1, 96, 96), (0.1, 4.8, 9.6), (1024, 2048, 4096)), start: true);
        var after = await p.HostAsync();
        await p.ReadAsync("host after", () => Task.FromResult(HostCpu(after)));
        if (a.Id is null || b.Id is null)
        {
            var refused = a.Id is null ? a.Step : b.Step;
            return p.Cell(Verdict.No, $"192 virtual processors on {threads} hardware threads refused: {refused.RefusalWords()} — {refused.Message}");
        }

        var ia = await p.InstanceAsync(a.Id);
        var ib = await p.InstanceAsync(b.Id);
        var total = ia.Allocation.VirtualProcessors + ib.Allocation.VirtualProcessors;
        var running = ia.State == Api.InstanceState.Running && ib.State == Api.InstanceState.Running;
        var how = before.Processors.TotalProcessingUnits > 0
            ? $"entitled {Words.Num(ia.Allocation.ProcessingUnits + ib.Allocation.ProcessingUnits)} of {Words.Num(before.Processors.TotalProcessingUnits)} PU"
            : $"free vCPUs {before.Processors.FreeVirtualCpus} → {after.Processors.FreeVirtualCpus} (hardware threads × overcommit ratio)";
        return p.Cell(running && total > threads ? Verdict.Yes : Verdict.Partial,
            $"{total} virtual processors run on {before.Processors.ActiveCores} cores / {threads} hardware threads; {how}");
    }

    private static async Task<Cell> DedicatedAsync(Probe p)
    {
        var before = await p.HostAsync();
        await p.ReadAsync("host before", () => Task.FromResult(HostCpu(before)));
        var (create, id) = await p.CreateAsync("create dedicated 1-2-4, start", Specs.Dedicated("ded-2", (1, 2, 4), (1024, 2048, 4096)), start: true);
        var after = await p.HostAsync();
        await p.ReadAsync("host after", () => Task.FromResult(HostCpu(after)));
        if (id is null)
        {
            return p.Cell(Verdict.No, $"refused: {create.RefusalWords()} — {create.Message}");
        }

        await p.NativeAsync(id, "PartitionState", "CurrentHasDedicatedProcessors", "CurrentProcessors", "CurrentSharingMode", "vcpu", "vcpu@current", "cpu/topology@threads", "cputune/vcpupin@cpuset");
        var i = await p.InstanceAsync(id);
        var held = (int)before.Processors.FreeCores - (int)after.Processors.FreeCores;
        var ok = i.State == Api.InstanceState.Running && i.Allocation.DedicatedCores > 0 && held > 0;
        return p.Cell(ok ? Verdict.Yes : Verdict.Partial,
            $"desired 2 → {i.Allocation.DedicatedCores} whole core(s) held ({i.Allocation.VirtualProcessors} VP); host free cores {before.Processors.FreeCores} → {after.Processors.FreeCores}");
    }

    /// <summary>A host's processor reading (no per-run values).</summary>
    public static string HostCpu(Api.Host h)
    {
        ArgumentNullException.ThrowIfNull(h);
        var c = h.Processors;
        return $"{c.ActiveCores} cores × SMT{c.SmtThreads}, free cores {c.FreeCores}, free PU {Words.Num(c.FreeProcessingUnits)}, free vCPUs {c.FreeVirtualCpus}";
    }
}
