using System.Globalization;
using Api = PowerDrivers.V1;

namespace PowerDrivers.Compat.Nova.Compute;

/// <summary>
/// Flavor (+ extra specs) → processor and memory spec, decided by the target host's capabilities, never its backend name.
/// <list type="bullet">
/// <item>Micro-partitioning hosts (PowerVM): shared processors; virtual processors min 1 / desired vCPUs / max 2 × vCPUs;
/// processing units desired = vCPUs × 0.5 (<c>powervm:proc_units</c> overrides), min 0.05, max = maximum virtual processors (each bounded by
/// POWER8's 0.05–1.0 units per virtual processor); <c>powervm:dedicated_proc</c> gives dedicated cores instead.</item>
/// <item>Other hosts (PowerKVM): vCPUs desired = flavor vCPUs, max 2 × vCPUs (hot-plug ceiling), processing units =
/// vCPUs (CPU shares);
/// <c>hw:cpu_policy=dedicated</c> pins whole cores; <c>hw:cpu_sockets/cores/threads</c> give the topology.</item>
/// <item>Memory: desired = flavor RAM rounded up to the host's LMB (256 MB when unknown); min = half of it, max = twice it,
/// both in LMB multiples (min at least one LMB); <c>powervm:min_mem</c>/<c>max_mem</c> override.</item>
/// </list>
/// </summary>
internal static class FlavorSpecMapper
{
    public static (Api.ProcessorSpec Processors, Api.MemorySpec Memory) Map(Flavor flavor, Api.Host host)
    {
        var specs = flavor.ExtraSpecs;
        var caps = host.Capabilities ?? new Api.Capabilities();
        var vcpus = (uint)Math.Max(1, flavor.Vcpus);
        var minVp = Uint(specs, "powervm:min_vcpu") ?? 1;
        var maxVp = Uint(specs, "powervm:max_vcpu") ?? (vcpus * 2);
        var processors = new Api.ProcessorSpec();
        var dedicated = ExtraSpecValidator.IsTrue(specs.GetValueOrDefault("powervm:dedicated_proc"))
            || specs.GetValueOrDefault("hw:cpu_policy") == "dedicated";
        processors.Mode = dedicated ? Api.ProcessorMode.Dedicated : Api.ProcessorMode.Shared;
        processors.VirtualProcessors = new Api.CountRange { Min = Math.Min(minVp, vcpus), Desired = vcpus, Max = Math.Max(maxVp, vcpus) };
        if (!dedicated)
        {
            // Micro-partitioning: half a core per vCPU (PowerVM's usual entitlement); otherwise each vCPU is a whole
            // thread and the units only weigh the guest against others (PowerKVM CPU shares).
            var desired = Units(specs, "powervm:proc_units") ?? (caps.MicroPartitioning ? Math.Round(vcpus * 0.5, 2) : vcpus);
            processors.ProcessingUnits = new Api.UnitsRange
            {
                Min = Units(specs, "powervm:min_proc_units") ?? 0.05,
                Desired = desired,
                Max = Units(specs, "powervm:max_proc_units") ?? Math.Max(desired, processors.VirtualProcessors.Max),
            };
            processors.SharingMode = specs.TryGetValue("powervm:uncapped", out var uncapped) && !ExtraSpecValidator.IsTrue(uncapped)
                ? Api.SharingMode.Capped
                : Api.SharingMode.Uncapped;
            if (Uint(specs, "powervm:shared_weight") is { } weight)
            {
                processors.UncappedWeight = weight;
            }

            processors.SharedPool = specs.GetValueOrDefault("powervm:shared_proc_pool_name") ?? "";
        }
        else if (dedicated && specs.GetValueOrDefault("powervm:dedicated_sharing_mode") is { } mode)
        {
            processors.DedicatedSharingMode = mode switch
            {
                "share_idle_procs" => Api.DedicatedSharingMode.ShareIdleProcs,
                "share_idle_procs_active" => Api.DedicatedSharingMode.ShareIdleProcsActive,
                "share_idle_procs_always" => Api.DedicatedSharingMode.ShareIdleProcsAlways,
                _ => Api.DedicatedSharingMode.KeepIdleProcs,
            };
        }

        if (specs.GetValueOrDefault("powervm:processor_compatibility") is { } compat)
        {
            processors.CompatibilityMode = compat;
        }

        if (specs.Keys.Any(k => k is "hw:cpu_sockets" or "hw:cpu_cores" or "hw:cpu_threads"))
        {
            processors.Topology = new Api.CpuTopology
            {
                Sockets = Uint(specs, "hw:cpu_sockets") ?? 1,
                Cores = Uint(specs, "hw:cpu_cores") ?? 1,
                Threads = Uint(specs, "hw:cpu_threads") ?? 1,
            };
        }

        var lmb = host.Memory is { LmbSizeMb: > 0 } m ? m.LmbSizeMb : 256UL;
        var desiredMb = RoundUp((ulong)Math.Max(1, flavor.RamMb), lmb);
        var memory = new Api.MemorySpec
        {
            DesiredMb = desiredMb,
            MinMb = Uint(specs, "powervm:min_mem") is { } min ? min : Math.Max(lmb, desiredMb / 2 / lmb * lmb),
            MaxMb = Uint(specs, "powervm:max_mem") is { } max ? max : desiredMb * 2,
        };
        return (processors, memory);
    }

    /// <summary>The availability priority from <c>powervm:availability_priority</c>, if given.</summary>
    public static uint? AvailabilityPriority(Flavor flavor) => Uint(flavor.ExtraSpecs, "powervm:availability_priority");

    private static ulong RoundUp(ulong value, ulong step) => (value + step - 1) / step * step;

    private static uint? Uint(IReadOnlyDictionary<string, string> specs, string key) =>
        specs.TryGetValue(key, out var v) && uint.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static double? Units(IReadOnlyDictionary<string, string> specs, string key) =>
        specs.TryGetValue(key, out var v) && double.TryParse(v, NumberStyles.Number, CultureInfo.InvariantCulture, out var n) ? n : null;
}
