using System.Globalization;

namespace PowerDrivers.Compat.Nova.Compute;

/// <summary>
/// Validates flavor extra specs in the namespaces this driver interprets (<c>powervm:*</c>, <c>hw:*</c>,
/// <c>capabilities:hypervisor_type</c>): an unknown key or a bad value there is a 400, never a silent default.
/// Keys in other namespaces are kept and ignored, as Nova does for filters it does not run.
/// </summary>
internal static class ExtraSpecValidator
{
    private static readonly string[] Bools = ["true", "false", "True", "False", "1", "0"];

    private static readonly Dictionary<string, Func<string, string?>> Rules = new(StringComparer.Ordinal)
    {
        ["capabilities:hypervisor_type"] = v => OneOf(v, "phyp", "QEMU", "qemu", "kvm", "KVM"),
        ["powervm:proc_units"] = v => Decimal(v, 0.05m, 256m),
        ["powervm:min_proc_units"] = v => Decimal(v, 0.05m, 256m),
        ["powervm:max_proc_units"] = v => Decimal(v, 0.05m, 256m),
        ["powervm:dedicated_proc"] = Bool,
        ["powervm:uncapped"] = Bool,
        ["powervm:shared_weight"] = v => Integer(v, 0, 255),
        ["powervm:availability_priority"] = v => Integer(v, 0, 255),
        ["powervm:processor_compatibility"] = v => OneOf(v, "default", "POWER6", "POWER6_Plus", "POWER7", "POWER8"),
        ["powervm:shared_proc_pool_name"] = v => v.Length is > 0 and <= 64 ? null : "must be 1-64 characters",
        ["powervm:min_mem"] = v => Integer(v, 256, 16 * 1024 * 1024),
        ["powervm:max_mem"] = v => Integer(v, 256, 16 * 1024 * 1024),
        ["powervm:min_vcpu"] = v => Integer(v, 1, 1024),
        ["powervm:max_vcpu"] = v => Integer(v, 1, 1024),
        ["powervm:dedicated_sharing_mode"] = v => OneOf(v, "share_idle_procs", "keep_idle_procs", "share_idle_procs_active", "share_idle_procs_always"),
        ["powervm:srr_capability"] = Bool,
        ["powervm:enable_lpar_metric"] = Bool,
        ["powervm:secure_boot"] = v => Integer(v, 0, 9),
        ["hw:cpu_sockets"] = v => Integer(v, 1, 1024),
        ["hw:cpu_cores"] = v => Integer(v, 1, 1024),
        ["hw:cpu_threads"] = v => OneOf(v, "1", "2", "4", "8"),
        ["hw:mem_page_size"] = v => OneOf(v, "small", "large", "any", "4KB", "64KB", "16MB", "16GB"),
        ["hw:cpu_policy"] = v => OneOf(v, "shared", "dedicated"),
    };

    /// <summary>The problems, one line each; empty when valid.</summary>
    public static IReadOnlyList<string> Validate(IReadOnlyDictionary<string, string> specs)
    {
        var errors = new List<string>();
        foreach (var (key, value) in specs)
        {
            if (key.Length is 0 or > 255)
            {
                errors.Add("extra spec keys must be 1-255 characters");
            }
            else if (Rules.TryGetValue(key, out var rule))
            {
                if (rule(value) is { } why)
                {
                    errors.Add($"Validation failed; '{value}' is not a valid value for '{key}': {why}.");
                }
            }
            else if (key.StartsWith("powervm:", StringComparison.Ordinal) || key.StartsWith("hw:", StringComparison.Ordinal))
            {
                errors.Add($"Validation failed; extra spec '{key}' is not known to this driver.");
            }
        }

        return errors;
    }

    public static bool IsTrue(string? v) => v is "true" or "True" or "1";

    private static string? Bool(string v) => Bools.Contains(v) ? null : "expected true or false";

    private static string? Integer(string v, int min, int max) =>
        int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max ? null : $"expected an integer {min}-{max}";

    private static string? Decimal(string v, decimal min, decimal max) =>
        decimal.TryParse(v, NumberStyles.Number, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max ? null : $"expected a number {min}-{max}";

    private static string? OneOf(string v, params string[] allowed) => allowed.Contains(v, StringComparer.Ordinal) ? null : "expected one of " + string.Join(", ", allowed);
}
