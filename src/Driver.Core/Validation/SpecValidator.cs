using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.Model;

namespace PowerDrivers.Driver.Core.Validation;

/// <summary>
/// The backend-neutral rules of an <see cref="InstanceSpec"/>: names, ordering of min/desired/max, ranges and
/// combinations every backend shares. Platform rules (processing units per virtual processor, LMB multiples,
/// OS types, endianness) are the backends' and their platforms' to enforce. Field paths follow the v1 contract.
/// </summary>
public static class SpecValidator
{
    /// <summary>Longest instance name (the HMC's partition name limit).</summary>
    public const int MaxNameLength = 31;
    /// <summary>Smallest memory any instance may have, MB.</summary>
    public const long MinMemoryMb = 128;
    /// <summary>Most metadata entries.</summary>
    public const int MaxMetadataEntries = 128;
    /// <summary>Longest metadata key or value.</summary>
    public const int MaxMetadataLength = 255;
    private const string ForbiddenNameCharacters = "()\\<>*$&?|[]'\"`";

    /// <summary>Throws <see cref="InvalidSpecError"/> listing every violation, or returns when the spec is valid.</summary>
    public static void EnsureValid(InstanceSpec spec, string prefix = "spec")
    {
        var violations = Validate(spec, prefix);
        if (violations.Count > 0)
        {
            throw new InvalidSpecError(violations);
        }
    }

    /// <summary>Every violation of the spec (empty when valid).</summary>
    public static IReadOnlyList<FieldViolation> Validate(InstanceSpec spec, string prefix = "spec")
    {
        var v = new List<FieldViolation>();
        ValidateName(spec.Name, $"{prefix}.name", v);
        ValidateProcessors(spec.Processors, $"{prefix}.processors", v);
        ValidateMemory(spec.Memory, spec.Processors, $"{prefix}.memory", v);
        ValidateMetadata(spec.Metadata, $"{prefix}.metadata", v);
        if (spec.AvailabilityPriority is < 0 or > 255)
        {
            v.Add(new($"{prefix}.availability_priority", $"must be 0-255 (got {spec.AvailabilityPriority})"));
        }

        return v;
    }

    /// <summary>Violations of the name rule (1–31 printable ASCII, none of ()\&lt;&gt;*$&amp;?|[]'"`).</summary>
    public static void ValidateName(string name, string field, List<FieldViolation> v)
    {
        ArgumentNullException.ThrowIfNull(v);
        if (string.IsNullOrEmpty(name))
        {
            v.Add(new(field, "is required (1-31 printable ASCII characters)"));
            return;
        }

        if (name.Length > MaxNameLength)
        {
            v.Add(new(field, $"must be at most {MaxNameLength} characters (got {name.Length})"));
        }

        var bad = name.Where(c => c < 0x20 || c > 0x7e || ForbiddenNameCharacters.Contains(c, StringComparison.Ordinal)).Distinct().ToArray();
        if (bad.Length > 0)
        {
            v.Add(new(field, $"must be printable ASCII without any of {ForbiddenNameCharacters} (found {string.Join(" ", bad.Select(Show))})"));
        }

        if (name.Trim() != name)
        {
            v.Add(new(field, "must not start or end with a space"));
        }
    }

    private static void ValidateProcessors(ProcessorSpec? p, string field, List<FieldViolation> v)
    {
        if (p is null)
        {
            v.Add(new(field, "is required"));
            return;
        }

        var vp = p.VirtualProcessors;
        var vpField = $"{field}.virtual_processors";
        if (vp is null)
        {
            v.Add(new(vpField, "is required"));
        }
        else
        {
            if (vp.Min < 1)
            {
                v.Add(new($"{vpField}.min", $"must be at least 1 (got {vp.Min})"));
            }

            CheckOrder(vp.Min, vp.Desired, vp.Max, vpField, v);
        }

        if (p.Mode == ProcessorMode.Shared)
        {
            ValidateUnits(p.ProcessingUnits, $"{field}.processing_units", v);
            if (p.UncappedWeight is < 0 or > 255)
            {
                v.Add(new($"{field}.uncapped_weight", $"must be 0-255 (got {p.UncappedWeight})"));
            }
        }
        else if (p.ProcessingUnits is not null)
        {
            v.Add(new($"{field}.processing_units", "must be empty for dedicated processors (whole cores are given)"));
        }

        if (p.Topology is { } t)
        {
            ValidateTopology(t, vp, $"{field}.topology", v);
        }

        if (p.CompatibilityMode is not ("default" or "POWER7" or "POWER8"))
        {
            v.Add(new($"{field}.compatibility_mode", $"must be default, POWER7 or POWER8 (got '{p.CompatibilityMode}')"));
        }
    }

    private static void ValidateUnits(UnitsRange? u, string field, List<FieldViolation> v)
    {
        if (u is null)
        {
            v.Add(new(field, "is required for shared processors"));
            return;
        }

        foreach (var (name, value) in new[] { ("min", u.Min), ("desired", u.Desired), ("max", u.Max) })
        {
            if (value <= 0)
            {
                v.Add(new($"{field}.{name}", $"must be positive (got {value})"));
            }
            else if (decimal.Round(value, 2) != value)
            {
                v.Add(new($"{field}.{name}", $"must be in steps of 0.01 (got {value})"));
            }
        }

        if (u.Min > u.Desired)
        {
            v.Add(new($"{field}.min", $"must not exceed desired ({u.Min} > {u.Desired})"));
        }

        if (u.Desired > u.Max)
        {
            v.Add(new($"{field}.desired", $"must not exceed max ({u.Desired} > {u.Max})"));
        }
    }

    private static void ValidateTopology(CpuTopology t, CountRange? vp, string field, List<FieldViolation> v)
    {
        if (t.Sockets < 1 || t.Cores < 1)
        {
            v.Add(new(field, $"sockets and cores must be at least 1 (got {t.Sockets} x {t.Cores})"));
        }

        if (t.Threads is not (1 or 2 or 4 or 8))
        {
            v.Add(new($"{field}.threads", $"must be 1, 2, 4 or 8 (SMT up to 8; got {t.Threads})"));
        }

        if (vp is not null && t.Sockets >= 1 && t.Cores >= 1 && t.Total != vp.Max)
        {
            v.Add(new(field, $"sockets x cores x threads ({t.Total}) must equal virtual_processors.max ({vp.Max})"));
        }
    }

    private static void ValidateMemory(MemorySpec? m, ProcessorSpec? p, string field, List<FieldViolation> v)
    {
        if (m is null)
        {
            v.Add(new(field, "is required"));
            return;
        }

        if (m.MinMb < MinMemoryMb)
        {
            v.Add(new($"{field}.min_mb", $"must be at least {MinMemoryMb} MB (got {m.MinMb})"));
        }

        CheckOrder(m.MinMb, m.DesiredMb, m.MaxMb, field, v, "_mb");
        if (m.Mode == MemoryMode.Shared)
        {
            if (p is { Mode: ProcessorMode.Dedicated })
            {
                v.Add(new($"{field}.mode", "shared memory (AMS) needs shared processors"));
            }

            if (m.SharedWeight is < 0 or > 255)
            {
                v.Add(new($"{field}.shared_weight", $"must be 0-255 (got {m.SharedWeight})"));
            }
        }

        if (m.ExpansionFactor != 0 && (m.ExpansionFactor < 1m || m.ExpansionFactor > 10m || decimal.Round(m.ExpansionFactor, 2) != m.ExpansionFactor))
        {
            v.Add(new($"{field}.expansion_factor", $"must be 0 (off) or 1.00-10.00 in steps of 0.01 (got {m.ExpansionFactor})"));
        }
    }

    private static void ValidateMetadata(IReadOnlyDictionary<string, string> metadata, string field, List<FieldViolation> v)
    {
        if (metadata.Count > MaxMetadataEntries)
        {
            v.Add(new(field, $"must have at most {MaxMetadataEntries} entries (got {metadata.Count})"));
        }

        foreach (var (key, value) in metadata)
        {
            if (key.Length is 0 or > MaxMetadataLength)
            {
                v.Add(new($"{field}[{key}]", $"keys must be 1-{MaxMetadataLength} characters"));
            }

            if (value.Length > MaxMetadataLength)
            {
                v.Add(new($"{field}[{key}]", $"values must be at most {MaxMetadataLength} characters (got {value.Length})"));
            }
        }
    }

    private static void CheckOrder(long min, long desired, long max, string field, List<FieldViolation> v, string suffix = "")
    {
        if (min > desired)
        {
            v.Add(new($"{field}.min{suffix}", $"must not exceed desired{suffix} ({min} > {desired})"));
        }

        if (desired > max)
        {
            v.Add(new($"{field}.desired{suffix}", $"must not exceed max{suffix} ({desired} > {max})"));
        }
    }

    private static string Show(char c) => c is < (char)0x20 or > (char)0x7e ? $"U+{(int)c:X4}" : $"'{c}'";
}
