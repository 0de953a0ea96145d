using System.Globalization;

namespace PowerDrivers.Emulator.Hmc.Model;

/// <summary>
/// Virtual networks (VLANs on ETHERNET0) and network bridges: one SEA per VIOS bridging trunk adapters to a physical
/// port or a link aggregation; the running SEA with the lowest trunk priority bridges, the others stand by.
/// </summary>
public sealed partial class EmulatedSystem
{
    /// <summary>Virtual networks, by VLAN.</summary>
    public IReadOnlyList<VirtualNetwork> VirtualNetworks()
    {
        lock (gate)
        {
            return [.. networks.Values.OrderBy(n => n.VlanId)];
        }
    }

    /// <summary>Creates a virtual network for <paramref name="vlanId"/> on ETHERNET0; refuses a VLAN or name already defined (409).</summary>
    public VirtualNetwork CreateVirtualNetwork(int vlanId, string? name = null, bool tagged = false)
    {
        CheckVlan(vlanId);
        lock (gate)
        {
            var n = new VirtualNetwork(NameUuid($"VirtualNetwork:{Machine.MachineTypeModelSerial}:{vlanId}"), name ?? NetworkName(vlanId), vlanId, tagged);
            if (networks.Values.FirstOrDefault(o => o.VlanId == vlanId || o.Name == n.Name) is { } dup)
            {
                throw new HmcException(Hscl.DuplicateName, $"The virtual network {dup.Name} (VLAN {dup.VlanId}) already exists on virtual switch {DefaultSwitchName}.", 409);
            }

            SaveNetwork(n);
            events.Publish("ADD_URI", $"{RelativeUri}/VirtualNetwork/{n.Uuid}", string.Empty);
            return n;
        }
    }

    /// <summary>Deletes a virtual network; refused while a network bridge carries its VLAN.</summary>
    public void DeleteVirtualNetwork(string uuid)
    {
        lock (gate)
        {
            var n = networks.GetValueOrDefault(uuid) ?? throw Hscl.Missing("virtual network", uuid);
            if (bridges.Values.Any(b => b.Vlans.Contains(n.VlanId)))
            {
                throw new HmcException(Hscl.DeviceInUse, $"The virtual network {n.Name} is bridged by a network bridge; remove its VLAN from the bridge first.", 409);
            }

            networks.Remove(n.Uuid);
            Fsp.Nvram.Delete(NetworkKeyPrefix + n.Uuid);
            events.Publish("DELETE_URI", $"{RelativeUri}/VirtualNetwork/{n.Uuid}", string.Empty);
        }
    }

    /// <summary>Network bridges.</summary>
    public IReadOnlyList<NetworkBridge> NetworkBridges()
    {
        lock (gate)
        {
            return [.. bridges.Values.OrderBy(b => b.Adapters.Count == 0 ? 0 : b.LoadGroups[0].PortVlanId).ThenBy(b => b.Uuid, StringComparer.Ordinal)];
        }
    }

    /// <summary>The network bridge with <paramref name="uuid"/>, or null.</summary>
    public NetworkBridge? FindNetworkBridge(string uuid)
    {
        lock (gate)
        {
            return bridges.GetValueOrDefault(uuid);
        }
    }

    /// <summary>
    /// Creates a network bridge: for each SEA spec a SEA in that VIOS over one physical port (or, with several, an
    /// 802.3ad link aggregation of them) with one trunk adapter per load group, and a control channel when there are
    /// several SEAs. Refuses VLANs another bridge carries, ports in use, duplicate VIOS or trunk priorities.
    /// </summary>
    public NetworkBridge CreateNetworkBridge(IReadOnlyList<LoadGroup> loadGroups, IReadOnlyList<SeaSpec> seas, int controlChannelId = 0)
    {
        ArgumentNullException.ThrowIfNull(loadGroups);
        ArgumentNullException.ThrowIfNull(seas);
        lock (gate)
        {
            var uuid = NameUuid($"NetworkBridge:{Machine.MachineTypeModelSerial}:{NowMs}:{bridges.Count}:{string.Join(',', loadGroups.SelectMany(g => g.Vlans))}");
            CheckLoadGroups(loadGroups, except: null);
            if (seas.Count == 0 || seas.Select(s => s.ViosUuid.ToUpperInvariant()).Distinct().Count() != seas.Count || seas.Select(s => s.TrunkPriority).Distinct().Count() != seas.Count)
            {
                throw Hscl.Value("A network bridge needs at least one SEA, at most one per VIOS, each with its own trunk priority.");
            }

            var adapters = new List<SeaAdapter>();
            foreach (var spec in seas.OrderBy(s => s.TrunkPriority))
            {
                var vios = GetVios(spec.ViosUuid);
                if (spec.TrunkPriority is < 1 or > 15)
                {
                    throw Hscl.Value($"The trunk priority {spec.TrunkPriority} is not valid; use 1 to 15.");
                }

                var ports = EthPorts(vios.Definition);
                var taken = bridges.Values.SelectMany(b => b.Adapters).Where(a => Same(a.ViosUuid, vios.Definition.Uuid)).SelectMany(a => a.BackingPorts).ToHashSet(StringComparer.Ordinal);
                if (spec.BackingPorts.Count == 0 || spec.BackingPorts.Distinct(StringComparer.Ordinal).Count() != spec.BackingPorts.Count)
                {
                    throw Hscl.Value($"The SEA on {vios.Definition.Name} needs distinct physical Ethernet ports.");
                }

                foreach (var port in spec.BackingPorts)
                {
                    _ = ports.FirstOrDefault(p => p.Name == port) ?? throw Hscl.Missing($"physical Ethernet port of {vios.Definition.Name}", port);
                    if (taken.Contains(port))
                    {
                        throw new HmcException(Hscl.DeviceInUse, $"The physical Ethernet port {port} of {vios.Definition.Name} already backs a SEA.", 409);
                    }
                }

                var io = Io(vios);
                var used = UsedViosSlots(vios.Definition.Uuid, io);
                var ent = io.NextEnt;
                var aggregation = spec.BackingPorts.Count > 1 ? ent++ : 0;
                var trunks = loadGroups.Select(_ => NewTrunk(vios, used, ref ent)).ToList();
                var control = seas.Count > 1 ? FreeSlot(used, MaximumViosVirtualSlots, vios.Definition.Name) : 0;
                adapters.Add(new SeaAdapter { ViosUuid = vios.Definition.Uuid, BackingPorts = [.. spec.BackingPorts], TrunkPriority = spec.TrunkPriority, DeviceNumber = ent++, AggregationNumber = aggregation, Trunks = trunks, ControlChannelSlot = control });
                SaveIo(vios.Definition.Uuid, io with { NextEnt = ent });
            }

            var bridge = new NetworkBridge { Uuid = uuid, ControlChannelId = seas.Count > 1 ? controlChannelId : 0, LoadGroups = [.. loadGroups], Adapters = adapters };
            bridge = bridge with { ActiveViosUuid = ActiveSea(bridge)?.ViosUuid };
            SaveBridge(bridge);
            EnsureNetworks(bridge);
            events.Publish("ADD_URI", BridgeUri(bridge), string.Empty);
            foreach (var a in adapters)
            {
                ViosChanged(Get(a.ViosUuid), "SharedEthernetAdapters");
            }

            return bridge;
        }
    }

    /// <summary>
    /// Replaces a bridge's load groups (add or drop VLANs, add or drop groups): each SEA gains or loses trunk adapters
    /// to match. 412 when <paramref name="ifMatch"/> is not the bridge's ETag.
    /// </summary>
    public NetworkBridge UpdateNetworkBridge(string uuid, IReadOnlyList<LoadGroup> loadGroups, string? ifMatch = null)
    {
        ArgumentNullException.ThrowIfNull(loadGroups);
        lock (gate)
        {
            var bridge = bridges.GetValueOrDefault(uuid) ?? throw Hscl.Missing("network bridge", uuid);
            CheckEtag(ifMatch, bridge.ETag, bridge.Uuid);
            CheckLoadGroups(loadGroups, except: bridge);
            var adapters = new List<SeaAdapter>();
            foreach (var sea in bridge.Adapters)
            {
                var vios = Get(sea.ViosUuid);
                var io = Io(vios);
                var used = UsedViosSlots(vios.Definition.Uuid, io);
                var ent = io.NextEnt;
                var trunks = sea.Trunks.Take(loadGroups.Count).ToList();
                while (trunks.Count < loadGroups.Count)
                {
                    trunks.Add(NewTrunk(vios, used, ref ent));
                }

                adapters.Add(sea with { Trunks = trunks });
                SaveIo(vios.Definition.Uuid, io with { NextEnt = ent });
            }

            var updated = bridge with { LoadGroups = [.. loadGroups], Adapters = adapters, Version = bridge.Version + 1 };
            SaveBridge(updated);
            EnsureNetworks(updated);
            events.Publish("MODIFY_URI", BridgeUri(updated), "LoadGroups");
            foreach (var a in adapters)
            {
                ViosChanged(Get(a.ViosUuid), "SharedEthernetAdapters");
            }

            return updated;
        }
    }

    /// <summary>Adds a VLAN to a bridge as a tagged VLAN of its last load group with room (else a new load group).</summary>
    public NetworkBridge AddVlanToBridge(string uuid, int vlanId)
    {
        CheckVlan(vlanId);
        lock (gate)
        {
            var bridge = bridges.GetValueOrDefault(uuid) ?? throw Hscl.Missing("network bridge", uuid);
            var groups = bridge.LoadGroups.ToList();
            var room = groups.FindLastIndex(g => g.TaggedVlanIds.Count < NetworkAdapter.MaxTaggedVlans);
            if (room < 0)
            {
                groups.Add(new LoadGroup(vlanId, []));
            }
            else
            {
                groups[room] = groups[room] with { TaggedVlanIds = [.. groups[room].TaggedVlanIds, vlanId] };
            }

            return UpdateNetworkBridge(uuid, groups);
        }
    }

    /// <summary>Deletes a network bridge with its SEAs, trunk and control channel adapters.</summary>
    public void DeleteNetworkBridge(string uuid)
    {
        lock (gate)
        {
            var bridge = bridges.GetValueOrDefault(uuid) ?? throw Hscl.Missing("network bridge", uuid);
            bridges.Remove(bridge.Uuid);
            Fsp.Nvram.Delete(BridgeKeyPrefix + bridge.Uuid);
            events.Publish("DELETE_URI", BridgeUri(bridge), string.Empty);
            foreach (var a in bridge.Adapters)
            {
                ViosChanged(Get(a.ViosUuid), "SharedEthernetAdapters");
            }
        }
    }

    /// <summary>VLANs bridged now: those of every bridge with a running SEA.</summary>
    public IReadOnlySet<int> BridgedVlans()
    {
        lock (gate)
        {
            return bridges.Values.Where(b => ActiveSea(b) is not null).SelectMany(b => b.Vlans).ToHashSet();
        }
    }

    /// <summary>The VLANs of a client's network adapters that no running SEA bridges (empty: the client reaches the network).</summary>
    public IReadOnlyList<int> UnbridgedVlans(string clientUuid)
    {
        lock (gate)
        {
            var bridged = bridges.Values.Where(b => ActiveSea(b) is not null).SelectMany(b => b.Vlans).ToHashSet();
            return [.. Get(clientUuid).NetworkAdapters.SelectMany(a => a.TaggedVlanIds.Prepend(a.PortVlanId)).Distinct().Where(v => !bridged.Contains(v)).Order()];
        }
    }

    /// <summary>
    /// A VIOS crash (the fault injector's <c>ViosCrash</c>): the partition drops to <c>error</c> at once, its SEAs stop
    /// bridging (the backups take over) and its disk paths fail. Power it on (or off) to recover.
    /// </summary>
    public PartitionView CrashVios(string viosUuid)
    {
        lock (gate)
        {
            var vios = GetVios(viosUuid);
            if (!vios.State.IsActive())
            {
                throw Hscl.State(vios.Definition.Name, vios.State.ToWire());
            }

            vios.State = PartitionState.Error;
            vios.RmcActive = false;
            vios.OperationInProgress = false;
            Changed(vios, "PartitionState,ReferenceCode,Other");
            return vios.View(this);
        }
    }

    internal string BridgeUri(NetworkBridge b) => $"{RelativeUri}/NetworkBridge/{b.Uuid}";

    internal static string NetworkName(int vlanId) => string.Create(CultureInfo.InvariantCulture, $"VLAN{vlanId}-ETHERNET0");

    internal string TrunkMac(string viosUuid, int slot) => MacPrefix + NameUuid($"trunk:{viosUuid}:{slot}").Replace("-", string.Empty, StringComparison.Ordinal)[..6].ToUpperInvariant();

    /// <summary>The SEA bridging now: the running one with the lowest trunk priority.</summary>
    private SeaAdapter? ActiveSea(NetworkBridge b) => b.Adapters.Where(a => ViosUp(a.ViosUuid)).MinBy(a => a.TrunkPriority);

    /// <summary>After a VIOS state change: moves bridging to the SEA that should bridge, reporting the modelled failover time.</summary>
    private void RecomputeBridges()
    {
        foreach (var b in bridges.Values.ToList())
        {
            var active = ActiveSea(b);
            if (Same(active?.ViosUuid, b.ActiveViosUuid))
            {
                continue;
            }

            var previous = b.Adapters.FirstOrDefault(a => Same(a.ViosUuid, b.ActiveViosUuid));
            var kind = active is null ? "outage" : previous is null || active.TrunkPriority < previous.TrunkPriority ? "failback" : "failover";
            var time = active is null ? 0 : failoverModel.TimeFor(b.Vlans.Distinct().Count());
            var report = new FailoverReport(kind, previous?.ViosUuid, active?.ViosUuid, time, NowMs);
            var updated = b with { ActiveViosUuid = active?.ViosUuid, LastFailover = report, Version = b.Version + 1 };
            SaveBridge(updated);
            events.Publish("MODIFY_URI", BridgeUri(updated),
                string.Create(CultureInfo.InvariantCulture, $"SharedEthernetAdapters,{kind},FailoverTimeMilliseconds={time:0.000}"));
        }
    }

    private TrunkAdapter NewTrunk(Partition vios, HashSet<int> used, ref int ent)
    {
        var slot = FreeSlot(used, MaximumViosVirtualSlots, vios.Definition.Name);
        return new TrunkAdapter(slot, ent++, TrunkMac(vios.Definition.Uuid, slot));
    }

    private void CheckLoadGroups(IReadOnlyList<LoadGroup> groups, NetworkBridge? except)
    {
        if (groups.Count == 0)
        {
            throw Hscl.Value("A network bridge needs at least one load group (a port VLAN ID).");
        }

        var vlans = new HashSet<int>();
        foreach (var g in groups)
        {
            if (g.TaggedVlanIds.Count > NetworkAdapter.MaxTaggedVlans)
            {
                throw Hscl.Value($"A trunk adapter carries at most {NetworkAdapter.MaxTaggedVlans} tagged VLANs.");
            }

            foreach (var v in g.Vlans)
            {
                CheckVlan(v);
                if (!vlans.Add(v))
                {
                    throw Hscl.Value($"The VLAN {v} appears twice in the network bridge.");
                }
            }
        }

        if (bridges.Values.Where(b => b != except).FirstOrDefault(b => b.Vlans.Any(vlans.Contains)) is { } other)
        {
            throw new HmcException(Hscl.DeviceInUse, $"The VLAN(s) {string.Join(',', other.Vlans.Where(vlans.Contains))} are already bridged by network bridge {other.Uuid} on {DefaultSwitchName}.", 409);
        }
    }

    private void EnsureNetworks(NetworkBridge b)
    {
        foreach (var vlan in b.Vlans.Where(v => networks.Values.All(n => n.VlanId != v)))
        {
            var n = new VirtualNetwork(NameUuid($"VirtualNetwork:{Machine.MachineTypeModelSerial}:{vlan}"), NetworkName(vlan), vlan, b.LoadGroups.Any(g => g.TaggedVlanIds.Contains(vlan)));
            SaveNetwork(n);
            events.Publish("ADD_URI", $"{RelativeUri}/VirtualNetwork/{n.Uuid}", string.Empty);
        }
    }

    private void CreateDefaultBridge(SystemSetup setup, List<Partition> vioses)
    {
        var seas = vioses.Select((v, i) => new SeaSpec(v.Definition.Uuid, [EthPorts(v.Definition)[0].Name], i + 1)).ToList();
        CreateNetworkBridge([new LoadGroup(setup.DefaultBridgeVlanId, [])], seas, setup.ControlChannelId);
    }
}
