namespace PowerDrivers.Emulator.Hmc.Model;

/// <summary>
/// A partition's processor profile: dedicated whole processors, or shared processing units (hundredths) with virtual
/// processors. Only the fields of the chosen mode are meaningful.
/// </summary>
public sealed record ProcessorSettings
{
    /// <summary>True for dedicated processors, false for a micro-partition.</summary>
    public bool Dedicated { get; init; }

    /// <summary>Dedicated: minimum processors.</summary>
    public int MinimumProcessors { get; init; }

    /// <summary>Dedicated: desired processors.</summary>
    public int DesiredProcessors { get; init; }

    /// <summary>Dedicated: maximum processors.</summary>
    public int MaximumProcessors { get; init; }

    /// <summary>Dedicated: <c>keep idle procs</c>, <c>sre idle proces</c> (share when running), <c>sre idle procs always</c>…</summary>
    public string DedicatedSharingMode { get; init; } = "sre idle proces";

    /// <summary>Shared: minimum processing units, hundredths.</summary>
    public int MinimumUnitsCenti { get; init; }

    /// <summary>Shared: desired processing units, hundredths.</summary>
    public int DesiredUnitsCenti { get; init; }

    /// <summary>Shared: maximum processing units, hundredths.</summary>
    public int MaximumUnitsCenti { get; init; }

    /// <summary>Shared: minimum virtual processors.</summary>
    public int MinimumVirtualProcessors { get; init; }

    /// <summary>Shared: desired virtual processors.</summary>
    public int DesiredVirtualProcessors { get; init; }

    /// <summary>Shared: maximum virtual processors.</summary>
    public int MaximumVirtualProcessors { get; init; }

    /// <summary>Shared: uncapped (may use idle pool capacity above entitlement) or capped.</summary>
    public bool Uncapped { get; init; } = true;

    /// <summary>Shared, uncapped: weight 0–255 (HMC default 128).</summary>
    public int UncappedWeight { get; init; } = 128;

    /// <summary>Shared: the processor pool (0 = default pool).</summary>
    public int PoolId { get; init; }

    /// <summary>Sharing mode text as the HMC writes it.</summary>
    public string SharingMode => Dedicated ? DedicatedSharingMode : Uncapped ? "uncapped" : "capped";

    /// <summary>A shared profile.</summary>
    public static ProcessorSettings Shared(int minCenti, int desiredCenti, int maxCenti, int minVp, int desiredVp, int maxVp, bool uncapped = true, int weight = 128, int pool = 0) => new()
    {
        MinimumUnitsCenti = minCenti,
        DesiredUnitsCenti = desiredCenti,
        MaximumUnitsCenti = maxCenti,
        MinimumVirtualProcessors = minVp,
        DesiredVirtualProcessors = desiredVp,
        MaximumVirtualProcessors = maxVp,
        Uncapped = uncapped,
        UncappedWeight = weight,
        PoolId = pool,
    };

    /// <summary>A dedicated profile.</summary>
    public static ProcessorSettings DedicatedCores(int min, int desired, int max) => new()
    {
        Dedicated = true,
        MinimumProcessors = min,
        DesiredProcessors = desired,
        MaximumProcessors = max,
        UncappedWeight = 0,
    };
}
