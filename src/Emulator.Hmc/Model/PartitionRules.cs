using System.Globalization;
using PowerDrivers.Hardware.Power8;

namespace PowerDrivers.Emulator.Hmc.Model;

/// <summary>The HMC/PHYP rules a partition definition must satisfy, checked before anything is stored.</summary>
internal static class PartitionRules
{
    /// <summary>POWER7+/POWER8: at least 0.05 processing units per virtual processor.</summary>
    public const int MinimumCentiPerVirtualProcessor = 5;

    public const int MaxNameLength = 31;

    public const long MinimumMemoryMb = 128;

    private const string ForbiddenNameCharacters = "()\\<>*$&?|[]'\"`";

    private static readonly string[] DedicatedSharingModes = ["keep idle procs", "sre idle proces", "sre idle procs active", "sre idle procs always"];

    public static void CheckName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength || name.Any(c => c < 0x20 || c > 0x7E || ForbiddenNameCharacters.Contains(c, StringComparison.Ordinal)))
        {
            throw new HmcException(Hscl.InvalidName,
                $"The partition name '{name}' is not valid. A partition name must be 1 to {MaxNameLength} printable ASCII characters and cannot contain any of the characters {ForbiddenNameCharacters}.");
        }
    }

    public static void Check(PartitionDefinition d, ManagedSystem system, bool ameCapable = true, bool amsCapable = false, SharedMemoryPool? memoryPool = null)
    {
        CheckName(d.Name);
        if (d.Id < 1 || d.Id > system.Profile.MaxPartitions)
        {
            throw new HmcException(Hscl.InvalidId, $"The partition ID {d.Id} is not valid. It must be between 1 and {system.Profile.MaxPartitions}.");
        }

        if (d.Type is not (PartitionDefinition.AixLinux or PartitionDefinition.IbmI or PartitionDefinition.Vios))
        {
            throw Hscl.Value($"The partition type '{d.Type}' is not valid; use {PartitionDefinition.AixLinux}, {PartitionDefinition.IbmI} or {PartitionDefinition.Vios}.");
        }

        if (d.AvailabilityPriority is < 0 or > 255)
        {
            throw Hscl.Value($"The availability priority {d.AvailabilityPriority} is not valid; it must be between 0 and 255.");
        }

        if (!system.Profile.ProcessorCompatibilityModes.Contains(d.CompatibilityMode, StringComparer.OrdinalIgnoreCase))
        {
            throw Hscl.Value($"The processor compatibility mode '{d.CompatibilityMode}' is not supported by the managed system; supported: {string.Join(", ", system.Profile.ProcessorCompatibilityModes)}.");
        }

        CheckMemory(d.Memory, system.Profile);
        CheckProcessors(d.Processors, system.Profile);
        CheckMemoryFeatures(d, system, ameCapable);
        CheckSharedMemory(d, system, amsCapable, memoryPool);
    }

    private static void CheckSharedMemory(PartitionDefinition d, ManagedSystem system, bool amsCapable, SharedMemoryPool? memoryPool)
    {
        if (d.MemoryWeight is < 0 or > 255)
        {
            throw Hscl.Value($"The memory weight {d.MemoryWeight} is not valid; it must be between 0 and 255.");
        }

        if (!d.SharedMemory)
        {
            return;
        }

        if (!amsCapable)
        {
            throw new HmcException(Hscl.MemoryFeature, $"The managed system {system.Name} is not capable of Active Memory Sharing.");
        }

        if (d.IsVios)
        {
            throw new HmcException(Hscl.MemoryFeature, "A Virtual I/O Server partition cannot use shared memory.");
        }

        if (d.Processors.Dedicated)
        {
            throw new HmcException(Hscl.MemoryFeature, "A partition that uses shared memory must use shared processors.");
        }

        if (d.Slots.Count > 0)
        {
            throw new HmcException(Hscl.MemoryFeature, "A partition that uses shared memory cannot own physical I/O adapters; remove its I/O slots or use dedicated memory.");
        }

        if (memoryPool is null)
        {
            throw new HmcException(Hscl.MemoryFeature, $"Active Memory Sharing requires a shared memory pool with paging VIOS partitions; none is configured on managed system {system.Name}.");
        }
    }

    private static void CheckMemoryFeatures(PartitionDefinition d, ManagedSystem system, bool ameCapable)
    {
        if (d.ExpansionFactor == 0)
        {
            return;
        }

        if (!ameCapable)
        {
            throw new HmcException(Hscl.MemoryFeature, $"The managed system {system.Name} is not capable of Active Memory Expansion.");
        }

        if (d.ExpansionFactor < 1m || d.ExpansionFactor > 10m || d.ExpansionFactor * 100 != decimal.Truncate(d.ExpansionFactor * 100))
        {
            throw new HmcException(Hscl.MemoryFeature, string.Create(CultureInfo.InvariantCulture,
                $"The Active Memory Expansion factor {d.ExpansionFactor} is not valid; it must be 0 (off) or between 1.00 and 10.00 in increments of 0.01."));
        }

        if (d.IsVios)
        {
            throw new HmcException(Hscl.MemoryFeature, "Active Memory Expansion is not supported for Virtual I/O Server partitions.");
        }
    }

    private static void CheckMemory(MemorySettings m, HardwareProfile profile)
    {
        var lmb = profile.LmbSizeMb;
        foreach (var (label, value) in new[] { ("minimum", m.MinimumMb), ("desired", m.DesiredMb), ("maximum", m.MaximumMb) })
        {
            if (value <= 0 || value % lmb != 0)
            {
                throw new HmcException(Hscl.MemoryNotLmbMultiple,
                    $"The {label} memory amount {value} MB is not valid. Memory amounts must be multiples of the logical memory block size of {lmb} MB.");
            }
        }

        if (m.MinimumMb < MinimumMemoryMb)
        {
            throw Hscl.Value($"The minimum memory amount {m.MinimumMb} MB is below the {MinimumMemoryMb} MB a partition requires.");
        }

        if (m.MinimumMb > m.DesiredMb || m.DesiredMb > m.MaximumMb)
        {
            throw Hscl.Value($"The memory amounts are not valid: minimum ({m.MinimumMb} MB) <= desired ({m.DesiredMb} MB) <= maximum ({m.MaximumMb} MB) is required.");
        }

        if (m.MaximumMb > profile.ActivatedMemoryMb)
        {
            throw Hscl.Value($"The maximum memory amount {m.MaximumMb} MB exceeds the {profile.ActivatedMemoryMb} MB of configurable memory on the managed system.");
        }
    }

    private static void CheckProcessors(ProcessorSettings p, HardwareProfile profile)
    {
        if (p.Dedicated)
        {
            if (p.MinimumProcessors < 1 || p.MinimumProcessors > p.DesiredProcessors || p.DesiredProcessors > p.MaximumProcessors)
            {
                throw Hscl.Value($"The processor amounts are not valid: 1 <= minimum ({p.MinimumProcessors}) <= desired ({p.DesiredProcessors}) <= maximum ({p.MaximumProcessors}) is required.");
            }

            if (p.MaximumProcessors > profile.ActivatedCores)
            {
                throw Hscl.Value($"The maximum number of processors {p.MaximumProcessors} exceeds the {profile.ActivatedCores} configurable processors of the managed system.");
            }

            if (!DedicatedSharingModes.Contains(p.DedicatedSharingMode, StringComparer.Ordinal))
            {
                throw Hscl.Value($"The sharing mode '{p.DedicatedSharingMode}' is not valid for dedicated processors; use one of: {string.Join(", ", DedicatedSharingModes)}.");
            }

            return;
        }

        if (p.MinimumUnitsCenti < MinimumCentiPerVirtualProcessor || p.MinimumUnitsCenti > p.DesiredUnitsCenti || p.DesiredUnitsCenti > p.MaximumUnitsCenti)
        {
            throw Hscl.Value(
                $"The processing unit amounts are not valid: 0.05 <= minimum ({Hscl.Units(p.MinimumUnitsCenti)}) <= desired ({Hscl.Units(p.DesiredUnitsCenti)}) <= maximum ({Hscl.Units(p.MaximumUnitsCenti)}) is required.");
        }

        if (p.MaximumUnitsCenti > profile.ActivatedCores * 100)
        {
            throw Hscl.Value($"The maximum processing units {Hscl.Units(p.MaximumUnitsCenti)} exceed the {profile.ActivatedCores}.00 configurable processing units of the managed system.");
        }

        if (p.MinimumVirtualProcessors < 1 || p.MinimumVirtualProcessors > p.DesiredVirtualProcessors || p.DesiredVirtualProcessors > p.MaximumVirtualProcessors)
        {
            throw Hscl.Value(
                $"The virtual processor amounts are not valid: 1 <= minimum ({p.MinimumVirtualProcessors}) <= desired ({p.DesiredVirtualProcessors}) <= maximum ({p.MaximumVirtualProcessors}) is required.");
        }

        if (p.MaximumVirtualProcessors > profile.MaxVirtualProcessorsPerPartition)
        {
            throw Hscl.Value($"The maximum number of virtual processors {p.MaximumVirtualProcessors} exceeds the limit of {profile.MaxVirtualProcessorsPerPartition} per partition.");
        }

        foreach (var (label, centi, vp) in new[] { ("minimum", p.MinimumUnitsCenti, p.MinimumVirtualProcessors), ("desired", p.DesiredUnitsCenti, p.DesiredVirtualProcessors), ("maximum", p.MaximumUnitsCenti, p.MaximumVirtualProcessors) })
        {
            CheckRatio(label, centi, vp);
        }

        if (p.UncappedWeight is < 0 or > 255)
        {
            throw Hscl.Value($"The uncapped weight {p.UncappedWeight} is not valid; it must be between 0 and 255.");
        }
    }

    /// <summary>PU ≥ 0.05 × VP, and a virtual processor never exceeds 1.0 PU (VP ≥ ceil(PU)).</summary>
    public static void CheckRatio(string label, int centi, int vp)
    {
        if (centi < vp * MinimumCentiPerVirtualProcessor)
        {
            throw new HmcException(Hscl.ProcessorRatio, string.Create(CultureInfo.InvariantCulture,
                $"The ratio of assigned processing units to assigned virtual processors for the {label} values ({Hscl.Units(centi)} / {vp}) cannot be less than the minimum ratio of 0.05 processing units per virtual processor supported by the managed system."));
        }

        if (vp * 100 < centi)
        {
            throw new HmcException(Hscl.ProcessorRatio, string.Create(CultureInfo.InvariantCulture,
                $"The {label} number of virtual processors ({vp}) is too small for {Hscl.Units(centi)} processing units: each virtual processor can use at most 1.00 processing unit."));
        }
    }
}
