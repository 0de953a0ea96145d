namespace PowerDrivers.Driver.Core.Store;

/// <summary>
/// A position in a listing: creation time (UTC ticks), then id. Ids order as their lower-case "D" text
/// does (<see cref="Guid.CompareTo(Guid)"/> compares the same fields unsigned, in the same order), which is
/// how the SQL store orders its TEXT ids, so both stores page identically.
/// </summary>
internal readonly record struct ListKey(long Ticks, Guid Id)
{
    /// <summary>After every real key.</summary>
    public static ListKey Last { get; } = new(long.MaxValue, new Guid(uint.MaxValue, ushort.MaxValue, ushort.MaxValue,
        byte.MaxValue, byte.MaxValue, byte.MaxValue, byte.MaxValue, byte.MaxValue, byte.MaxValue, byte.MaxValue, byte.MaxValue));

    /// <summary>Orders by time, then id.</summary>
    public static IComparer<ListKey> Comparer { get; } = Comparer<ListKey>.Create(static (x, y) =>
        x.Ticks != y.Ticks ? x.Ticks.CompareTo(y.Ticks) : x.Id.CompareTo(y.Id));
}
