using System.Globalization;
using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.Model;

namespace PowerDrivers.Backend.PowerVM.Mapping;

/// <summary>
/// Parses nova-powervm flavor extra specs (<c>powervm:*</c>) into an <see cref="InstanceSpec"/>: a pure function.
/// The flavor gives vCPUs and memory (the desired values); the extra specs refine them. Defaults (as nova-powervm):
/// min/max vCPU and memory = desired; shared processing units = vCPUs × <c>procUnitsFactor</c> (0.05–1.0, default 0.5),
/// rounded UP to the HMC's 0.01 step — the only rounding done; min/max units = min/max vCPU × factor likewise.
/// Unknown <c>powervm:</c> keys and malformed values are errors, all listed at once. Keys with no spec field
/// (srr_capability, enable_lpar_metric, secure_boot) are validated and kept in the metadata.
/// </summary>
public static class PowerVmExtraSpecs
{
    /// <summary>The prefix of the keys this parser owns.</summary>
    public const string Prefix = "powervm:";

    private static readonly string[] Known =
    [
        "proc_units", "min_proc_units", "max_proc_units", "dedicated_proc", "uncapped", "shared_weight", "shared_proc_pool_name",
        "min_mem", "max_mem", "min_vcpu", "max_vcpu", "availability_priority", "dedicated_sharing_mode", "processor_compatibility",
        "srr_capability", "enable_lpar_metric", "secure_boot",
    ];

    /// <summary>Builds the spec for a flavor of <paramref name="vcpus"/> and <paramref name="memoryMb"/> with its extra specs.</summary>
    public static InstanceSpec Parse(string name, string host, int vcpus, long memoryMb, IReadOnlyDictionary<string, string> extraSpecs,
        GuestSpec? guest = null, decimal procUnitsFactor = 0.5m)
    {
        ArgumentNullException.ThrowIfNull(extraSpecs);
        var v = new List<FieldViolation>();
        if (procUnitsFactor is < 0.05m or > 1.0m)
        {
            v.Add(new("proc_units_factor", $"must be 0.05-1.0 (got {procUnitsFactor})"));
        }

        var specs = extraSpecs.Where(kv => kv.Key.StartsWith(Prefix, StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[Prefix.Length..], kv => kv.Value.Trim(), StringComparer.Ordinal);
        foreach (var unknown in specs.Keys.Where(k => !Known.Contains(k, StringComparer.Ordinal)))
        {
            v.Add(new(Field(unknown), $"is not a PowerVM extra spec (known: {string.Join(", ", Known.Select(k => Prefix + k))})"));
        }

        var dedicated = Bool(specs, "dedicated_proc", v) ?? false;
        var minVcpu = Int(specs, "min_vcpu", v, 1, 256) ?? vcpus;
        var maxVcpu = Int(specs, "max_vcpu", v, 1, 256) ?? vcpus;
        var minMem = Long(specs, "min_mem", v) ?? memoryMb;
        var maxMem = Long(specs, "max_mem", v) ?? memoryMb;
        var weight = Int(specs, "shared_weight", v, 0, 255);
        var uncapped = Bool(specs, "uncapped", v);
        var priority = Int(specs, "availability_priority", v, 0, 255) ?? InstanceSpec.DefaultAvailabilityPriority;
        var compat = specs.GetValueOrDefault("processor_compatibility") ?? "default";
        var pool = specs.GetValueOrDefault("shared_proc_pool_name") ?? "";
        var sharing = specs.TryGetValue("dedicated_sharing_mode", out var dsm) ? SharingMode(dsm, v) : DedicatedSharingMode.KeepIdleProcs;
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in new[] { "srr_capability", "enable_lpar_metric", "secure_boot" })
        {
            if (key == "secure_boot" ? Int(specs, key, v, 0, 9) is not null : Bool(specs, key, v) is not null)
            {
                metadata[Prefix + key] = specs[key];
            }
        }

        UnitsRange? units = null;
        if (dedicated)
        {
            foreach (var sharedOnly in new[] { "proc_units", "min_proc_units", "max_proc_units", "uncapped", "shared_weight", "shared_proc_pool_name" })
            {
                if (specs.ContainsKey(sharedOnly))
                {
                    v.Add(new(Field(sharedOnly), "applies to shared processors only (powervm:dedicated_proc is true)"));
                }
            }
        }
        else
        {
            if (specs.ContainsKey("dedicated_sharing_mode"))
            {
                v.Add(new(Field("dedicated_sharing_mode"), "applies to dedicated processors only (set powervm:dedicated_proc=true)"));
            }

            units = new UnitsRange(
                Units(specs, "min_proc_units", v) ?? Up(minVcpu * procUnitsFactor),
                Units(specs, "proc_units", v) ?? Up(vcpus * procUnitsFactor),
                Units(specs, "max_proc_units", v) ?? Up(maxVcpu * procUnitsFactor));
        }

        if (v.Count > 0)
        {
            throw new InvalidSpecError(v);
        }

        var processors = new ProcessorSpec(
            dedicated ? ProcessorMode.Dedicated : ProcessorMode.Shared,
            new CountRange(minVcpu, vcpus, maxVcpu),
            units,
            uncapped == false ? Driver.Core.Model.SharingMode.Capped : Driver.Core.Model.SharingMode.Uncapped,
            weight ?? ProcessorSpec.DefaultWeight,
            pool,
            sharing,
            CompatibilityMode: compat);
        return new InstanceSpec(name, host, processors, new MemorySpec(minMem, memoryMb, maxMem), guest ?? GuestSpec.Default, metadata, priority);
    }

    private static string Field(string key) => $"extra_specs[{Prefix}{key}]";

    private static decimal Up(decimal value) => Math.Ceiling(value * 100m) / 100m;

    private static bool? Bool(Dictionary<string, string> s, string key, List<FieldViolation> v)
    {
        if (!s.TryGetValue(key, out var text))
        {
            return null;
        }

        switch (text.ToUpperInvariant())
        {
            case "TRUE" or "1" or "YES":
                return true;
            case "FALSE" or "0" or "NO":
                return false;
            default:
                v.Add(new(Field(key), $"must be true or false (got '{text}')"));
                return null;
        }
    }

    private static int? Int(Dictionary<string, string> s, string key, List<FieldViolation> v, int min, int max)
    {
        if (!s.TryGetValue(key, out var text))
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max)
        {
            return n;
        }

        v.Add(new(Field(key), $"must be a whole number {min}-{max} (got '{text}')"));
        return null;
    }

    private static long? Long(Dictionary<string, string> s, string key, List<FieldViolation> v)
    {
        if (!s.TryGetValue(key, out var text))
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            return n;
        }

        v.Add(new(Field(key), $"must be a positive whole number of MB (got '{text}')"));
        return null;
    }

    private static decimal? Units(Dictionary<string, string> s, string key, List<FieldViolation> v)
    {
        if (!s.TryGetValue(key, out var text))
        {
            return null;
        }

        if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) && d > 0 && decimal.Round(d, 2) == d)
        {
            return d;
        }

        v.Add(new(Field(key), $"must be a positive number of processing units in steps of 0.01 (got '{text}')"));
        return null;
    }

    private static DedicatedSharingMode SharingMode(string text, List<FieldViolation> v)
    {
        switch (text)
        {
            case "share_idle_procs":
                return DedicatedSharingMode.ShareIdleProcs;
            case "keep_idle_procs":
                return DedicatedSharingMode.KeepIdleProcs;
            case "share_idle_procs_active":
                return DedicatedSharingMode.ShareIdleProcsActive;
            case "share_idle_procs_always":
                return DedicatedSharingMode.ShareIdleProcsAlways;
            default:
                v.Add(new(Field("dedicated_sharing_mode"), $"must be share_idle_procs, keep_idle_procs, share_idle_procs_active or share_idle_procs_always (got '{text}')"));
                return DedicatedSharingMode.KeepIdleProcs;
        }
    }
}
