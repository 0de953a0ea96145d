namespace PowerDrivers.Emulator.Hmc.Model;

/// <summary>A Shared Ethernet Adapter of a bridge in one VIOS.</summary>
public sealed record SeaAdapter
{
    /// <summary>VIOS UUID.</summary>
    public required string ViosUuid { get; init; }

    /// <summary>Physical ports bridged: one (plain) or several (an 802.3ad link aggregation).</summary>
    public required IReadOnlyList<string> BackingPorts { get; init; }

    /// <summary>Trunk priority (1 = primary).</summary>
    public required int TrunkPriority { get; init; }

    /// <summary>N of the SEA device entN.</summary>
    public required int DeviceNumber { get; init; }

    /// <summary>N of the link aggregation device entN (when several backing ports).</summary>
    public int AggregationNumber { get; init; }

    /// <summary>Trunk adapters, one per load group: virtual slot and entN.</summary>
    public IReadOnlyList<TrunkAdapter> Trunks { get; init; } = [];

    /// <summary>Virtual slot of the control channel adapter (0 = none).</summary>
    public int ControlChannelSlot { get; init; }
}
