namespace PowerDrivers.Emulator.Hmc.Model;

/// <summary>A network bridge: one SEA per VIOS (primary and backups) bridging the same load groups.</summary>
public sealed record NetworkBridge
{
    /// <summary>UUID.</summary>
    public required string Uuid { get; init; }

    /// <summary>Control channel VLAN between the SEAs (0 = none).</summary>
    public int ControlChannelId { get; init; }

    /// <summary>Load groups (the first one's PVID is the bridge's PVID).</summary>
    public required IReadOnlyList<LoadGroup> LoadGroups { get; init; }

    /// <summary>SEAs, by trunk priority.</summary>
    public required IReadOnlyList<SeaAdapter> Adapters { get; init; }

    /// <summary>VIOS whose SEA bridges now (null: none running).</summary>
    public string? ActiveViosUuid { get; init; }

    /// <summary>The last failover or failback, if any.</summary>
    public FailoverReport? LastFailover { get; init; }

    /// <summary>Change counter (drives the ETag).</summary>
    public long Version { get; init; } = 1;

    /// <summary>ETag value.</summary>
    public string ETag => PartitionView.EtagOf(Uuid, Version);

    /// <summary>Every VLAN of the bridge.</summary>
    public IEnumerable<int> Vlans => LoadGroups.SelectMany(g => g.Vlans);
}
