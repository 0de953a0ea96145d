namespace PowerDrivers.Backend.PowerKVM.Domain;

/// <summary>A virtio NIC on a port of the host's Open vSwitch bridge, tagged with the network's VLAN.</summary>
/// <param name="InterfaceId">The driver's interface id (also the Open vSwitch port's interface id).</param>
/// <param name="VlanId">802.1Q tag of the port (1–4094).</param>
/// <param name="MacAddress">MAC address, lower case, colon separated.</param>
/// <param name="Bridge">The Open vSwitch bridge.</param>
/// <param name="Device">Guest-side name the backend reports ("net1"; net0 is the guest's built-in NIC).</param>
public sealed record VirtualNic(Guid InterfaceId, int VlanId, string MacAddress, string Bridge, string Device);
