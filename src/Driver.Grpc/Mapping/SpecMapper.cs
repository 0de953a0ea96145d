using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.Model;
using Api = PowerDrivers.V1;

namespace PowerDrivers.Driver.Grpc.Mapping;

/// <summary>
/// Turns request messages into core values. Proto3 cannot tell "unset" from zero, so unset enums take the
/// documented defaults; out-of-range enum numbers and values no core type can hold are field violations.
/// </summary>
internal static class SpecMapper
{
    public static InstanceSpec ToCore(Api.InstanceSpec? spec, string prefix = "spec")
    {
        if (spec is null)
        {
            throw new InvalidSpecError(prefix, "is required");
        }

        var v = new List<FieldViolation>();
        var processors = spec.Processors is null ? null : ToCore(spec.Processors, $"{prefix}.processors", v);
        var memory = spec.Memory is null ? null : ToCore(spec.Memory, $"{prefix}.memory", v);
        var guest = ToCore(spec.Guest, $"{prefix}.guest", v);
        if (spec.Processors is null)
        {
            v.Add(new($"{prefix}.processors", "is required"));
        }

        if (spec.Memory is null)
        {
            v.Add(new($"{prefix}.memory", "is required"));
        }

        var result = new InstanceSpec(
            spec.Name, spec.Host,
            processors ?? new ProcessorSpec(ProcessorMode.Shared, CountRange.Fixed(1), new UnitsRange(0.1m, 0.1m, 0.1m)),
            memory ?? new MemorySpec(1024, 1024, 1024),
            guest,
            new Dictionary<string, string>(spec.Metadata),
            spec.HasAvailabilityPriority ? (int)Math.Min(spec.AvailabilityPriority, int.MaxValue) : InstanceSpec.DefaultAvailabilityPriority);

        // Report mapping violations together with the core rules, so the caller sees every problem at once.
        var all = v.Concat(Core.Validation.SpecValidator.Validate(result, prefix)
            .Where(x => !(spec.Processors is null && x.Field.StartsWith($"{prefix}.processors", StringComparison.Ordinal))
                     && !(spec.Memory is null && x.Field.StartsWith($"{prefix}.memory", StringComparison.Ordinal))))
            .ToList();
        if (all.Count > 0)
        {
            throw new InvalidSpecError(all);
        }

        return result;
    }

    public static ProcessorSpec ToCore(Api.ProcessorSpec p, string field, List<FieldViolation> v)
    {
        var mode = p.Mode switch
        {
            Api.ProcessorMode.Unspecified or Api.ProcessorMode.Shared => ProcessorMode.Shared,
            Api.ProcessorMode.Dedicated => ProcessorMode.Dedicated,
            _ => Bad(v, $"{field}.mode", p.Mode, ProcessorMode.Shared),
        };
        var vp = p.VirtualProcessors is null
            ? Missing(v, $"{field}.virtual_processors", CountRange.Fixed(1))
            : new CountRange(Count(p.VirtualProcessors.Min), Count(p.VirtualProcessors.Desired), Count(p.VirtualProcessors.Max));
        UnitsRange? units = null;
        if (p.ProcessingUnits is { } pu)
        {
            units = new UnitsRange(Units(pu.Min, $"{field}.processing_units.min", v), Units(pu.Desired, $"{field}.processing_units.desired", v),
                Units(pu.Max, $"{field}.processing_units.max", v));
        }

        var sharing = p.SharingMode switch
        {
            Api.SharingMode.Unspecified or Api.SharingMode.Uncapped => SharingMode.Uncapped,
            Api.SharingMode.Capped => SharingMode.Capped,
            _ => Bad(v, $"{field}.sharing_mode", p.SharingMode, SharingMode.Uncapped),
        };
        var dedicated = p.DedicatedSharingMode switch
        {
            Api.DedicatedSharingMode.Unspecified or Api.DedicatedSharingMode.KeepIdleProcs => DedicatedSharingMode.KeepIdleProcs,
            Api.DedicatedSharingMode.ShareIdleProcs => DedicatedSharingMode.ShareIdleProcs,
            Api.DedicatedSharingMode.ShareIdleProcsActive => DedicatedSharingMode.ShareIdleProcsActive,
            Api.DedicatedSharingMode.ShareIdleProcsAlways => DedicatedSharingMode.ShareIdleProcsAlways,
            _ => Bad(v, $"{field}.dedicated_sharing_mode", p.DedicatedSharingMode, DedicatedSharingMode.KeepIdleProcs),
        };
        var topology = p.Topology is { } t ? new CpuTopology(Count(t.Sockets), Count(t.Cores), Count(t.Threads)) : null;
        return new ProcessorSpec(mode, vp, units, sharing,
            p.HasUncappedWeight ? (int)Math.Min(p.UncappedWeight, int.MaxValue) : ProcessorSpec.DefaultWeight,
            p.SharedPool, dedicated, topology, p.CompatibilityMode.Length == 0 ? "default" : p.CompatibilityMode);
    }

    public static MemorySpec ToCore(Api.MemorySpec m, string field, List<FieldViolation> v)
    {
        var mode = m.Mode switch
        {
            Api.MemoryMode.Unspecified or Api.MemoryMode.Dedicated => MemoryMode.Dedicated,
            Api.MemoryMode.Shared => MemoryMode.Shared,
            _ => Bad(v, $"{field}.mode", m.Mode, MemoryMode.Dedicated),
        };
        return new MemorySpec(Mb(m.MinMb, $"{field}.min_mb", v), Mb(m.DesiredMb, $"{field}.desired_mb", v), Mb(m.MaxMb, $"{field}.max_mb", v), mode,
            m.HasSharedWeight ? (int)Math.Min(m.SharedWeight, int.MaxValue) : 128,
            Units(m.ExpansionFactor, $"{field}.expansion_factor", v, allowZero: true));
    }

    private static GuestSpec ToCore(Api.GuestSpec? g, string field, List<FieldViolation> v)
    {
        if (g is null)
        {
            return GuestSpec.Default;
        }

        var os = g.OsType switch
        {
            Api.OsType.Unspecified or Api.OsType.Linux => OsType.Linux,
            Api.OsType.Aix => OsType.Aix,
            Api.OsType.IbmI => OsType.IbmI,
            _ => Bad(v, $"{field}.os_type", g.OsType, OsType.Linux),
        };
        var endian = g.Endianness switch
        {
            Api.Endianness.Unspecified or Api.Endianness.Little => Endianness.Little,
            Api.Endianness.Big => Endianness.Big,
            _ => Bad(v, $"{field}.endianness", g.Endianness, Endianness.Little),
        };
        return new GuestSpec(os, endian, g.BootImage);
    }

    /// <summary>Processing units arrive as doubles; they must be whole hundredths.</summary>
    private static decimal Units(double value, string field, List<FieldViolation> v, bool allowZero = false)
    {
        if (double.IsNaN(value) || double.IsInfinity(value) || value < 0 || value > 100_000)
        {
            v.Add(new(field, $"must be a finite non-negative number (got {value})"));
            return 0;
        }

        var rounded = Math.Round((decimal)value, 2);
        if (Math.Abs((double)rounded - value) > 1e-9)
        {
            v.Add(new(field, $"must be in steps of 0.01 (got {value})"));
        }

        return allowZero || rounded != 0 ? rounded : 0;
    }

    private static long Mb(ulong value, string field, List<FieldViolation> v)
    {
        if (value > long.MaxValue / 2)
        {
            v.Add(new(field, $"is too large (got {value})"));
            return 0;
        }

        return (long)value;
    }

    private static int Count(uint value) => (int)Math.Min(value, int.MaxValue);

    private static T Missing<T>(List<FieldViolation> v, string field, T fallback)
    {
        v.Add(new(field, "is required"));
        return fallback;
    }

    private static T Bad<TEnum, T>(List<FieldViolation> v, string field, TEnum value, T fallback) where TEnum : struct, Enum
    {
        v.Add(new(field, $"unknown value {Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)}"));
        return fallback;
    }
}
