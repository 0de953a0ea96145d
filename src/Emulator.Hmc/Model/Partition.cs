using PowerDrivers.Hardware.Power8;

namespace PowerDrivers.Emulator.Hmc.Model;

/// <summary>
/// A partition of one emulated system: its definition, state and current allocation. Mutated only under the owning
/// <see cref="EmulatedSystem"/>'s lock; readers take a <see cref="PartitionView"/>.
/// </summary>
internal sealed class Partition
{
    public Partition(PartitionDefinition definition, long createdMs)
    {
        Definition = definition;
        CreatedMs = createdMs;
    }

    public PartitionDefinition Definition { get; set; }

    public PartitionState State { get; set; } = PartitionState.NotActivated;

    public Allocation Current { get; set; } = Allocation.None;

    public bool RmcActive { get; set; }

    public long Version { get; set; } = 1;

    public long CreatedMs { get; }

    public long BootedAtMs { get; set; }

    public bool OperationInProgress { get; set; }

    public Reservation? Reservation { get; set; }

    public List<NetworkAdapter> NetworkAdapters { get; } = [];

    public PartitionView View(EmulatedSystem system) => new(system, Definition, State, Current, RmcActive, Version, CreatedMs, BootedAtMs, OperationInProgress, [.. NetworkAdapters]);

    public PartitionRecord ToRecord() => new()
    {
        Definition = Definition,
        State = State,
        Current = Current,
        RmcActive = RmcActive,
        Version = Version,
        CreatedMs = CreatedMs,
        BootedAtMs = BootedAtMs,
        NetworkAdapters = [.. NetworkAdapters],
    };
}

/// <summary>An immutable picture of a partition for the wire layer.</summary>
/// <param name="System">The system holding it.</param>
/// <param name="Definition">Configuration.</param>
/// <param name="State">Partition state.</param>
/// <param name="Current">What it holds now.</param>
/// <param name="RmcActive">RMC connection to the OS is up.</param>
/// <param name="Version">Change counter (drives the ETag).</param>
/// <param name="CreatedMs">Creation time, Unix ms.</param>
/// <param name="BootedAtMs">Last activation time, Unix ms (0 when never).</param>
/// <param name="OperationInProgress">A job is working on it.</param>
/// <param name="NetworkAdapters">Client virtual Ethernet adapters, by slot.</param>
public sealed record PartitionView(
    EmulatedSystem System, PartitionDefinition Definition, PartitionState State, Allocation Current, bool RmcActive,
    long Version, long CreatedMs, long BootedAtMs, bool OperationInProgress, IReadOnlyList<NetworkAdapter> NetworkAdapters)
{
    /// <summary>Partition UUID.</summary>
    public string Uuid => Definition.Uuid;

    /// <summary>ETag value: changes whenever the partition changes.</summary>
    public string ETag => EtagOf(Uuid, Version);

    internal static string EtagOf(string id, long version)
    {
        var hash = 17;
        foreach (var c in id)
        {
            hash = unchecked((hash * 31) + c);
        }

        return unchecked((hash * 397) ^ (int)version).ToString(global::System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>What the FSP NVRAM keeps of one partition.</summary>
internal sealed record PartitionRecord
{
    public required PartitionDefinition Definition { get; init; }

    public PartitionState State { get; init; }

    public Allocation Current { get; init; } = Allocation.None;

    public bool RmcActive { get; init; }

    public long Version { get; init; }

    public long CreatedMs { get; init; }

    public long BootedAtMs { get; init; }

    public IReadOnlyList<NetworkAdapter> NetworkAdapters { get; init; } = [];
}
