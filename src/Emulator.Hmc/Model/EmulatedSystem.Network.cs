using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PowerDrivers.Emulator.Hmc.Model;

/// <summary>Client virtual Ethernet adapters: added and removed live (DLPAR, needs RMC) or while the partition is off.</summary>
public sealed partial class EmulatedSystem
{
    /// <summary>Virtual I/O slots of a client partition (slots 0 and 1 hold the virtual serial adapters).</summary>
    public const int MaximumVirtualIoSlots = 64;

    /// <summary>The switch every adapter plugs into.</summary>
    public const string DefaultSwitchName = "ETHERNET0(Default)";

    /// <summary>UUID of the default virtual switch ETHERNET0.</summary>
    public string VirtualSwitchUuid => NameUuid($"VirtualSwitch:{Machine.MachineTypeModelSerial}:0");

    /// <summary>The MAC prefix (6 hex digits) of the system's virtual Ethernet adapters.</summary>
    public string MacPrefix => "FA" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("mac:" + Machine.Serial)), 0, 2);

    /// <summary>
    /// Adds a client virtual Ethernet adapter with a port VLAN and tagged VLANs (802.1Q). On an active partition
    /// it is a DLPAR operation and needs the RMC connection. A MAC is generated unless <paramref name="macAddress"/> is given.
    /// </summary>
    public NetworkAdapter AddNetworkAdapter(string partitionUuid, int portVlanId, IReadOnlyList<int>? taggedVlanIds = null, string? macAddress = null)
    {
        var tagged = taggedVlanIds ?? [];
        CheckVlan(portVlanId);
        foreach (var vlan in tagged)
        {
            CheckVlan(vlan);
        }

        if (tagged.Count > NetworkAdapter.MaxTaggedVlans || tagged.Distinct().Count() != tagged.Count || tagged.Contains(portVlanId))
        {
            throw Hscl.Value($"An adapter carries at most {NetworkAdapter.MaxTaggedVlans} distinct tagged VLANs, none equal to its port VLAN ID {portVlanId}.");
        }

        lock (gate)
        {
            var p = Get(partitionUuid);
            CheckLiveAdapterChange(p);
            var used = UsedClientSlots(p);
            var slot = Enumerable.Range(2, MaximumVirtualIoSlots - 2).FirstOrDefault(s => !used.Contains(s));
            if (slot == 0)
            {
                throw Hscl.Value($"Partition {p.Definition.Name} has no free virtual I/O slot (maximum {MaximumVirtualIoSlots}).");
            }

            var mac = macAddress?.Replace(":", string.Empty, StringComparison.Ordinal).ToUpperInvariant() ?? NewMac(p, slot);
            if (mac.Length != 12 || !mac.All(char.IsAsciiHexDigit))
            {
                throw Hscl.Value($"The MAC address '{macAddress}' is not valid: 12 hexadecimal digits are required.");
            }

            if (partitions.Values.SelectMany(o => o.NetworkAdapters).Any(a => a.MacAddress == mac))
            {
                throw new HmcException(Hscl.InvalidValue, $"The MAC address {mac} is already in use on managed system {Name}.", 409);
            }

            var adapter = new NetworkAdapter
            {
                Uuid = NameUuid($"ClientNetworkAdapter:{p.Definition.Uuid}:{slot}:{NowMs}"),
                Slot = slot,
                PortVlanId = portVlanId,
                TaggedVlanIds = [.. tagged],
                MacAddress = mac,
            };
            p.NetworkAdapters.Add(adapter);
            p.Version++;
            Save(p);
            events.Publish("ADD_URI", $"{PartitionUri(p.Definition)}/ClientNetworkAdapter/{adapter.Uuid}", string.Empty);
            events.Publish("MODIFY_URI", PartitionUri(p.Definition), "Other");
            return adapter;
        }
    }

    /// <summary>Removes a client virtual Ethernet adapter (DLPAR on an active partition).</summary>
    public void RemoveNetworkAdapter(string partitionUuid, string adapterUuid)
    {
        lock (gate)
        {
            var p = Get(partitionUuid);
            var adapter = p.NetworkAdapters.FirstOrDefault(a => string.Equals(a.Uuid, adapterUuid, StringComparison.OrdinalIgnoreCase))
                ?? throw Hscl.Missing("client network adapter", adapterUuid);
            CheckLiveAdapterChange(p);
            p.NetworkAdapters.Remove(adapter);
            p.Version++;
            Save(p);
            events.Publish("DELETE_URI", $"{PartitionUri(p.Definition)}/ClientNetworkAdapter/{adapter.Uuid}", string.Empty);
            events.Publish("MODIFY_URI", PartitionUri(p.Definition), "Other");
        }
    }

    private static void CheckVlan(int vlan)
    {
        if (vlan is < 1 or > 4094)
        {
            throw Hscl.Value(string.Create(CultureInfo.InvariantCulture, $"The VLAN ID {vlan} is not valid; VLAN IDs are 1 to 4094."));
        }
    }

    private static void CheckLiveAdapterChange(Partition p)
    {
        if (p.State.IsActive() && (p.State != PartitionState.Running || !p.RmcActive || p.OperationInProgress))
        {
            throw new HmcException(Hscl.RmcInactive,
                $"Adding or removing a virtual adapter on partition {p.Definition.Name} while it is active requires an active RMC connection (state {p.State.ToWire()}).", 409);
        }
    }

    private string NewMac(Partition p, int slot)
    {
        for (var salt = 0; ; salt++)
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{p.Definition.Uuid}:{slot}:{salt}"));
            var mac = MacPrefix + Convert.ToHexString(hash, 0, 3);
            if (!partitions.Values.SelectMany(o => o.NetworkAdapters).Any(a => a.MacAddress == mac))
            {
                return mac;
            }
        }
    }
}
