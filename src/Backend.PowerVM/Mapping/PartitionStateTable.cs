using PowerDrivers.Driver.Core.States;

namespace PowerDrivers.Backend.PowerVM.Mapping;

/// <summary>
/// The one table from PHYP partition states (the HMC's <c>PartitionState</c> words) to canonical states, and which
/// of them hold capacity. Words the table does not know map to <see cref="InstanceState.Error"/>.
/// </summary>
internal static class PartitionStateTable
{
    private static readonly Dictionary<string, (InstanceState State, bool Active)> Table = new(StringComparer.OrdinalIgnoreCase)
    {
        ["not activated"] = (InstanceState.Stopped, false),
        ["starting"] = (InstanceState.Starting, true),
        ["running"] = (InstanceState.Running, true),
        ["open firmware"] = (InstanceState.Running, true),
        ["shutting down"] = (InstanceState.Stopping, true),
        ["error"] = (InstanceState.Error, true),
        ["not available"] = (InstanceState.Error, false),
        ["hardware discovery"] = (InstanceState.Starting, true),
        ["migrating not active"] = (InstanceState.Migrating, false),
        ["migrating running"] = (InstanceState.Migrating, true),
        ["suspending"] = (InstanceState.Suspending, true),
        ["suspended"] = (InstanceState.Suspended, false),
        ["resuming"] = (InstanceState.Resuming, true),
        ["unknown"] = (InstanceState.Error, false),
    };

    /// <summary>Every native word the table knows.</summary>
    public static IReadOnlyCollection<string> NativeStates => Table.Keys;

    /// <summary>The canonical state of a native one.</summary>
    public static InstanceState ToCanonical(string native) => Table.TryGetValue(native.Trim(), out var s) ? s.State : InstanceState.Error;

    /// <summary>True when a partition in this state holds processors and memory.</summary>
    public static bool HoldsCapacity(string native) => Table.TryGetValue(native.Trim(), out var s) && s.Active;

    /// <summary>True for "not activated": the only state in which a partition may be deleted or have its limits changed.</summary>
    public static bool IsOff(string native) => string.Equals(native.Trim(), "not activated", StringComparison.OrdinalIgnoreCase);
}
