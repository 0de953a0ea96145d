namespace PowerDrivers.Emulator.Hmc.Model;

/// <summary>A client virtual Ethernet adapter of a partition on the hypervisor switch ETHERNET0 (802.1Q).</summary>
public sealed record NetworkAdapter
{
    /// <summary>Most tagged VLANs one adapter carries besides its port VLAN.</summary>
    public const int MaxTaggedVlans = 18;

    /// <summary>Adapter UUID.</summary>
    public required string Uuid { get; init; }

    /// <summary>Virtual slot number in the partition (2..MaximumVirtualIOSlots-1).</summary>
    public required int Slot { get; init; }

    /// <summary>Port VLAN ID (untagged traffic), 1..4094.</summary>
    public required int PortVlanId { get; init; }

    /// <summary>Tagged VLAN IDs (at most <see cref="MaxTaggedVlans"/>, none equal to the port VLAN).</summary>
    public IReadOnlyList<int> TaggedVlanIds { get; init; } = [];

    /// <summary>MAC address, 12 upper-case hex digits.</summary>
    public required string MacAddress { get; init; }

    /// <summary>Virtual switch ID (0 = ETHERNET0).</summary>
    public int SwitchId { get; init; }
}
