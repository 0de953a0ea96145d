namespace PowerDrivers.Emulator.Hmc.Model;

/// <summary>A VLAN on a virtual switch, as a named object.</summary>
/// <param name="Uuid">UUID.</param>
/// <param name="Name">Name, e.g. VLAN2227-ETHERNET0.</param>
/// <param name="VlanId">VLAN ID 1..4094.</param>
/// <param name="Tagged">Carried tagged.</param>
public sealed record VirtualNetwork(string Uuid, string Name, int VlanId, bool Tagged);

/// <summary>One trunk adapter per SEA: a port VLAN plus tagged VLANs.</summary>
/// <param name="PortVlanId">Port VLAN ID.</param>
/// <param name="TaggedVlanIds">Tagged VLANs.</param>
public sealed record LoadGroup(int PortVlanId, IReadOnlyList<int> TaggedVlanIds)
{
    /// <summary>Every VLAN the group carries.</summary>
    public IEnumerable<int> Vlans => TaggedVlanIds.Prepend(PortVlanId);
}

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

/// <summary>A trunk adapter of a SEA.</summary>
/// <param name="Slot">Virtual slot in the VIOS.</param>
/// <param name="DeviceNumber">N of entN.</param>
/// <param name="MacAddress">MAC address.</param>
public sealed record TrunkAdapter(int Slot, int DeviceNumber, string MacAddress);

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

/// <summary>A bridging move between SEAs, with its model-computed duration.</summary>
/// <param name="Kind">failover (to a backup) or failback (to the primary).</param>
/// <param name="FromViosUuid">VIOS that bridged before (null: none).</param>
/// <param name="ToViosUuid">VIOS that bridges now (null: none left).</param>
/// <param name="TimeMilliseconds">Detection plus per-VLAN takeover cost (see <see cref="SeaFailoverModel"/>).</param>
/// <param name="AtMs">When, Unix ms.</param>
public sealed record FailoverReport(string Kind, string? FromViosUuid, string? ToViosUuid, double TimeMilliseconds, long AtMs);

/// <summary>
/// How long a SEA failover takes: the hypervisor tells the backup trunk at once that the primary's trunk went
/// inactive (<see cref="DetectionMilliseconds"/>), then the backup announces each bridged VLAN to the physical switch
/// (<see cref="PerVlanMilliseconds"/> each). Computed, never slept.
/// </summary>
/// <param name="DetectionMilliseconds">Time to notice the primary is gone.</param>
/// <param name="PerVlanMilliseconds">Takeover cost per bridged VLAN.</param>
public sealed record SeaFailoverModel(double DetectionMilliseconds = 1.0, double PerVlanMilliseconds = 0.05)
{
    /// <summary>Failover time for a bridge carrying <paramref name="vlans"/> VLANs.</summary>
    public double TimeFor(int vlans) => DetectionMilliseconds + (PerVlanMilliseconds * vlans);
}
