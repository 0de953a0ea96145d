namespace PowerDrivers.Emulator.Hmc.Model;

/// <summary>One trunk adapter per SEA: a port VLAN plus tagged VLANs.</summary>
/// <param name="PortVlanId">Port VLAN ID.</param>
/// <param name="TaggedVlanIds">Tagged VLANs.</param>
public sealed record LoadGroup(int PortVlanId, IReadOnlyList<int> TaggedVlanIds)
{
    /// <summary>Every VLAN the group carries.</summary>
    public IEnumerable<int> Vlans => TaggedVlanIds.Prepend(PortVlanId);
}
