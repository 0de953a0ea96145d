using System.Globalization;

namespace PowerDrivers.Emulator.Hmc.Model;

/// <summary>
/// vSCSI and vFC (NPIV) mappings of the VIOS partitions: a mapping owns its adapter pair (server adapter in the VIOS,
/// client adapter in the client partition), so removing the last mapping of a pair removes both adapters.
/// </summary>
public sealed partial class EmulatedSystem
{
    /// <summary>
    /// Makes the mappings of a VIOS what is given (the pypowervm way: read the VIOS, add or drop mapping elements,
    /// POST it back). A null list leaves that kind as it is. A spec without a server slot gets a new adapter pair
    /// (free slots on both sides, a new WWPN pair for vFC); existing mappings left out are removed with their adapters
    /// when no other mapping uses them. All or nothing; 412 when <paramref name="ifMatch"/> is not the VIOS's ETag.
    /// </summary>
    public ViosIo UpdateMappings(string viosUuid, IReadOnlyList<ScsiMappingSpec>? scsi, IReadOnlyList<FcMappingSpec>? fc, string? ifMatch = null)
    {
        lock (gate)
        {
            var vios = GetVios(viosUuid);
            CheckEtag(ifMatch, vios.View(this).ETag, vios.Definition.Uuid);
            var io = Io(vios);
            var usedVios = UsedViosSlots(vios.Definition.Uuid, io);
            var clientSlots = new Dictionary<string, HashSet<int>>(StringComparer.OrdinalIgnoreCase);
            HashSet<int> ClientSlotsOf(Partition c) => clientSlots.TryGetValue(c.Definition.Uuid, out var s) ? s : clientSlots[c.Definition.Uuid] = UsedClientSlots(c);
            var newScsi = scsi is null ? io.Scsi : PlanScsi(vios, io, scsi, usedVios, ClientSlotsOf, ref io);
            var newFc = fc is null ? io.Fc : PlanFc(vios, io, fc, usedVios, ClientSlotsOf, ref io);

            var before = PairsOf(io.Scsi, io.Fc);
            var after = PairsOf(newScsi, newFc);
            var added = after.Except(before).ToList();
            var removed = before.Except(after).ToList();
            foreach (var client in added.Concat(removed).Select(a => a.Client).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                if (partitions.TryGetValue(client, out var c))
                {
                    CheckLiveAdapterChange(c);
                }
            }

            // Only now, with everything checked, do new vFC adapters take WWPN pairs from the durable allocator.
            newFc = [.. newFc.Select(m => m.Wwpns.Count == 0 ? m with { Wwpns = NextWwpnPair() } : m)];
            io = io with { Scsi = newScsi, Fc = newFc };
            SaveIo(vios.Definition.Uuid, io);
            PublishPairs(vios, added, removed, scsiChanged: scsi is not null, fcChanged: fc is not null);
            return io;
        }
    }

    /// <summary>Maps a backing device to a client over vSCSI, reusing the client's adapter pair on this VIOS when it has one.</summary>
    public ScsiMapping MapStorage(string viosUuid, string clientUuid, ScsiBacking backing)
    {
        ArgumentNullException.ThrowIfNull(backing);
        lock (gate)
        {
            var io = Io(GetVios(viosUuid));
            var pair = io.Scsi.FirstOrDefault(m => Same(m.ClientUuid, clientUuid));
            var specs = io.Scsi.Select(Spec).Append(new ScsiMappingSpec(clientUuid, pair?.ServerSlot, backing)).ToList();
            return UpdateMappings(viosUuid, specs, null).Scsi[^1];
        }
    }

    /// <summary>Removes the vSCSI mapping of <paramref name="backing"/> to the client (its adapter pair goes with its last mapping).</summary>
    public void UnmapStorage(string viosUuid, string clientUuid, ScsiBacking backing)
    {
        ArgumentNullException.ThrowIfNull(backing);
        lock (gate)
        {
            var io = Io(GetVios(viosUuid));
            var key = ResolveBacking(GetVios(viosUuid), backing);
            var gone = io.Scsi.FirstOrDefault(m => Same(m.ClientUuid, clientUuid) && m.Backing is { } b && b.Kind == key.Kind && Same(b.Name, key.Name))
                ?? throw Hscl.Missing("virtual SCSI mapping", $"{backing.Kind} {backing.Name}");
            UpdateMappings(viosUuid, [.. io.Scsi.Where(m => m != gone).Select(Spec)], null);
        }
    }

    /// <summary>Adds an NPIV mapping: a client vFC adapter (new WWPN pair) paired with a server adapter mapped to <paramref name="portName"/>.</summary>
    public FcMapping AddNpivMapping(string viosUuid, string clientUuid, string portName)
    {
        lock (gate)
        {
            var io = Io(GetVios(viosUuid));
            var specs = io.Fc.Select(Spec).Append(new FcMappingSpec(clientUuid, null, portName)).ToList();
            return UpdateMappings(viosUuid, null, specs).Fc[^1];
        }
    }

    /// <summary>Removes the client's NPIV mappings on this VIOS (those on <paramref name="portName"/> when given) with their adapters.</summary>
    public void RemoveNpivMapping(string viosUuid, string clientUuid, string? portName = null)
    {
        lock (gate)
        {
            var io = Io(GetVios(viosUuid));
            bool Gone(FcMapping m) => Same(m.ClientUuid, clientUuid) && (portName is null || m.PortName == portName);
            if (!io.Fc.Any(Gone))
            {
                throw Hscl.Missing("virtual Fibre Channel mapping", clientUuid);
            }

            UpdateMappings(viosUuid, null, [.. io.Fc.Where(m => !Gone(m)).Select(Spec)]);
        }
    }

    /// <summary>The client vFC adapters of a partition across every VIOS, with their fabric login state.</summary>
    public IReadOnlyList<FcClientAdapter> FcClientAdapters(string clientUuid)
    {
        lock (gate)
        {
            if (!partitions.TryGetValue(clientUuid, out var client))
            {
                return [];
            }

            return [.. viosIo.SelectMany(kv => kv.Value.Fc.Where(m => Same(m.ClientUuid, clientUuid)).Select(m => (Vios: kv.Key, Mapping: m)))
                .OrderBy(x => x.Mapping.ClientSlot)
                .Select(x => new FcClientAdapter(x.Vios, x.Mapping, client.State.IsActive() && ViosUp(x.Vios) && x.Mapping.PortName is not null))];
        }
    }

    /// <summary>The client vSCSI adapters of a partition (one mapping per adapter pair, the first) across every VIOS.</summary>
    public IReadOnlyList<(string ViosUuid, ScsiMapping Mapping)> ScsiClientAdapters(string clientUuid)
    {
        lock (gate)
        {
            return [.. viosIo.SelectMany(kv => kv.Value.Scsi.Where(m => Same(m.ClientUuid, clientUuid)).DistinctBy(m => m.ServerSlot).Select(m => (kv.Key, m)))
                .OrderBy(x => x.m.ClientSlot)];
        }
    }

    /// <summary>Every disk path of a client: one per VIOS serving the disk, Enabled while that VIOS runs.</summary>
    public IReadOnlyList<DiskPath> DiskPaths(string clientUuid)
    {
        lock (gate)
        {
            var paths = new List<DiskPath>();
            foreach (var (viosUuid, io) in viosIo.OrderBy(kv => Get(kv.Key).Definition.Id))
            {
                var vios = Get(viosUuid);
                var state = ViosUp(viosUuid) ? PathState.Enabled : PathState.Failed;
                paths.AddRange(io.Scsi.Where(m => Same(m.ClientUuid, clientUuid) && m.Backing is not null)
                    .Select(m => new DiskPath(m.Backing!.Name, viosUuid, vios.Definition.Name, "vSCSI", state)));
                paths.AddRange(io.Fc.Where(m => Same(m.ClientUuid, clientUuid) && m.PortName is not null)
                    .Select(m => new DiskPath(m.Wwpns[0], viosUuid, vios.Definition.Name, "NPIV", state)));
            }

            return paths;
        }
    }

    internal static string ClientAdapterUuid(string clientUuid, string kind, int slot) => NameUuid($"{kind}:{clientUuid}:{slot}");

    private static ScsiMappingSpec Spec(ScsiMapping m) => new(m.ClientUuid, m.ServerSlot, m.Backing);

    private static FcMappingSpec Spec(FcMapping m) => new(m.ClientUuid, m.ServerSlot, m.PortName, m.Wwpns);

    private bool ViosUp(string viosUuid) => partitions.TryGetValue(viosUuid, out var v) && v.State == PartitionState.Running;

    private List<ScsiMapping> PlanScsi(Partition vios, ViosIo io, IReadOnlyList<ScsiMappingSpec> specs, HashSet<int> usedVios, Func<Partition, HashSet<int>> clientSlots, ref ViosIo counters)
    {
        var result = new List<ScsiMapping>();
        var unmatched = io.Scsi.ToList();
        var next = counters;
        foreach (var spec in specs)
        {
            var client = GetClient(spec.ClientUuid);
            var backing = spec.Backing is null ? null : ResolveBacking(vios, spec.Backing);
            if (backing?.Kind == BackingKind.PhysicalVolume && result.Any(m => m.Backing == backing))
            {
                throw new HmcException(Hscl.DeviceInUse, $"The physical volume {backing.Name} is already mapped on {vios.Definition.Name}.", 409);
            }

            ScsiMapping? pair = null;
            if (spec.ServerSlot is { } slot)
            {
                pair = io.Scsi.Concat(result).FirstOrDefault(m => m.ServerSlot == slot) ?? throw Hscl.Missing("virtual SCSI server adapter in slot", slot.ToString(CultureInfo.InvariantCulture));
                if (!Same(pair.ClientUuid, client.Definition.Uuid))
                {
                    throw Hscl.Value($"The server adapter in slot {slot} of {vios.Definition.Name} serves another partition.");
                }

                var same = unmatched.FirstOrDefault(m => m.ServerSlot == slot && m.Backing == backing);
                if (same is not null)
                {
                    unmatched.Remove(same);
                    result.Add(same);
                    continue;
                }
            }

            var mapping = pair is not null
                ? pair with { Backing = backing, TargetNumber = next.NextTarget }
                : new ScsiMapping
                {
                    ClientUuid = client.Definition.Uuid,
                    ServerSlot = FreeSlot(usedVios, MaximumViosVirtualSlots, vios.Definition.Name),
                    ClientSlot = FreeSlot(clientSlots(client), MaximumVirtualIoSlots, client.Definition.Name),
                    AdapterNumber = next.NextVhost,
                    Backing = backing,
                    TargetNumber = next.NextTarget,
                };
            next = next with { NextVhost = pair is null ? next.NextVhost + 1 : next.NextVhost, NextTarget = backing is null ? next.NextTarget : next.NextTarget + 1 };
            result.Add(mapping);
        }

        counters = next;
        return result;
    }

    private List<FcMapping> PlanFc(Partition vios, ViosIo io, IReadOnlyList<FcMappingSpec> specs, HashSet<int> usedVios, Func<Partition, HashSet<int>> clientSlots, ref ViosIo counters)
    {
        var ports = FcPorts(vios);
        var result = new List<FcMapping>();
        var next = counters;
        var inUse = viosIo.Values.SelectMany(v => v.Fc).SelectMany(m => m.Wwpns).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var spec in specs)
        {
            var client = GetClient(spec.ClientUuid);
            if (spec.PortName is { } portName)
            {
                var port = ports.FirstOrDefault(p => p.Name == portName) ?? throw Hscl.Missing($"Fibre Channel port of {vios.Definition.Name}", portName);
                if (!port.Npiv)
                {
                    throw Hscl.Value($"The Fibre Channel port {portName} of {vios.Definition.Name} does not support NPIV.");
                }

                if (result.Count(m => m.PortName == portName) >= NpivClientsPerPort)
                {
                    throw new HmcException(Hscl.NpivPortFull,
                        $"The physical Fibre Channel port {portName} of {vios.Definition.Name} already serves its maximum of {NpivClientsPerPort} virtual ports; map the client to another NPIV port.", 409);
                }
            }

            if (spec.ServerSlot is { } slot)
            {
                var old = io.Fc.FirstOrDefault(m => m.ServerSlot == slot) ?? throw Hscl.Missing("virtual Fibre Channel server adapter in slot", slot.ToString(CultureInfo.InvariantCulture));
                if (!Same(old.ClientUuid, client.Definition.Uuid) || result.Any(m => m.ServerSlot == slot))
                {
                    throw Hscl.Value($"The server adapter in slot {slot} of {vios.Definition.Name} serves another mapping.");
                }

                result.Add(old with { PortName = spec.PortName });
                continue;
            }

            IReadOnlyList<string> wwpns = [];
            if (spec.Wwpns is { Count: > 0 } given)
            {
                if (given.Count != 2 || given.Any(w => w.Length != 16 || !w.All(char.IsAsciiHexDigit) || !w.StartsWith("c0", StringComparison.OrdinalIgnoreCase) || inUse.Contains(w)))
                {
                    throw Hscl.Value($"The WWPNs '{string.Join(' ', given)}' are not a valid unused pair of 16-hex-digit virtual WWPNs (prefix c0).");
                }

                wwpns = [.. given.Select(w => w.ToLowerInvariant())];
            }

            result.Add(new FcMapping
            {
                ClientUuid = client.Definition.Uuid,
                ServerSlot = FreeSlot(usedVios, MaximumViosVirtualSlots, vios.Definition.Name),
                ClientSlot = FreeSlot(clientSlots(client), MaximumVirtualIoSlots, client.Definition.Name),
                AdapterNumber = next.NextVfcHost,
                PortName = spec.PortName,
                Wwpns = wwpns,
            });
            next = next with { NextVfcHost = next.NextVfcHost + 1 };
        }

        counters = next;
        return result;
    }

    private Partition GetClient(string uuid)
    {
        var p = Get(uuid);
        return p.Definition.IsVios ? throw Hscl.Value($"The partition {p.Definition.Name} is a Virtual I/O Server, not a client partition.") : p;
    }

    /// <summary>Checks the backing device exists on this VIOS; an LU is named by its UDID afterwards.</summary>
    private ScsiBacking ResolveBacking(Partition vios, ScsiBacking backing)
    {
        var io = Io(vios);
        switch (backing.Kind)
        {
            case BackingKind.LogicalUnit:
                var lu = FindLu(RequireSsp(), backing.Name) ?? throw Hscl.Missing("logical unit", backing.Name);
                return backing with { Name = lu.Udid };
            case BackingKind.PhysicalVolume:
                var disk = Disks(vios.Definition).FirstOrDefault(d => d.Name == backing.Name || Same(d.Udid, backing.Name)) ?? throw Hscl.Missing($"physical volume of {vios.Definition.Name}", backing.Name);
                if (io.VolumeGroups.Any(g => g.PhysicalVolumes.Contains(disk.Name)))
                {
                    throw new HmcException(Hscl.DeviceInUse, $"The physical volume {disk.Name} belongs to a volume group of {vios.Definition.Name}.", 409);
                }

                return backing with { Name = disk.Name };
            case BackingKind.VirtualDisk:
                return io.VolumeGroups.SelectMany(g => g.VirtualDisks).Any(d => d.Name == backing.Name) ? backing : throw Hscl.Missing($"logical volume of {vios.Definition.Name}", backing.Name);
            default:
                return io.VolumeGroups.SelectMany(g => g.OpticalMedia).Any(m => m.Name == backing.Name) ? backing : throw Hscl.Missing($"virtual optical media of {vios.Definition.Name}", backing.Name);
        }
    }

    private static HashSet<(string Kind, string Client, int ClientSlot, int ServerSlot)> PairsOf(IEnumerable<ScsiMapping> scsi, IEnumerable<FcMapping> fc) =>
    [
        .. scsi.Select(m => ("VirtualSCSIClientAdapter", m.ClientUuid.ToUpperInvariant(), m.ClientSlot, m.ServerSlot)),
        .. fc.Select(m => ("VirtualFibreChannelClientAdapter", m.ClientUuid.ToUpperInvariant(), m.ClientSlot, m.ServerSlot)),
    ];

    private void PublishPairs(Partition vios, List<(string Kind, string Client, int ClientSlot, int ServerSlot)> added, List<(string Kind, string Client, int ClientSlot, int ServerSlot)> removed, bool scsiChanged, bool fcChanged)
    {
        foreach (var (change, list) in new[] { ("ADD_URI", added), ("DELETE_URI", removed) })
        {
            foreach (var a in list)
            {
                if (partitions.TryGetValue(a.Client, out var c))
                {
                    events.Publish(change, $"{PartitionUri(c.Definition)}/{a.Kind}/{ClientAdapterUuid(c.Definition.Uuid, a.Kind, a.ClientSlot)}", string.Empty);
                }
            }
        }

        foreach (var client in added.Concat(removed).Select(a => a.Client).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (partitions.TryGetValue(client, out var c))
            {
                c.Version++;
                Save(c);
                events.Publish("MODIFY_URI", PartitionUri(c.Definition), "Other");
            }
        }

        var detail = string.Join(',', new[] { scsiChanged ? "VirtualSCSIMappings" : null, fcChanged ? "VirtualFibreChannelMappings" : null }.OfType<string>());
        ViosChanged(vios, detail.Length == 0 ? "Other" : detail);
    }

    private void ViosChanged(Partition vios, string detail)
    {
        vios.Version++;
        Save(vios);
        events.Publish("MODIFY_URI", PartitionUri(vios.Definition), detail);
    }

    /// <summary>Removes every mapping of a client partition in every VIOS (the partition is being deleted).</summary>
    private void RemoveClientMappings(Partition client)
    {
        foreach (var (viosUuid, io) in viosIo.ToList())
        {
            var scsi = io.Scsi.Where(m => !Same(m.ClientUuid, client.Definition.Uuid)).ToList();
            var fc = io.Fc.Where(m => !Same(m.ClientUuid, client.Definition.Uuid)).ToList();
            if (scsi.Count == io.Scsi.Count && fc.Count == io.Fc.Count)
            {
                continue;
            }

            var removed = PairsOf(io.Scsi, io.Fc).Except(PairsOf(scsi, fc)).ToList();
            SaveIo(viosUuid, io with { Scsi = scsi, Fc = fc });
            foreach (var a in removed)
            {
                events.Publish("DELETE_URI", $"{PartitionUri(client.Definition)}/{a.Kind}/{ClientAdapterUuid(client.Definition.Uuid, a.Kind, a.ClientSlot)}", string.Empty);
            }

            ViosChanged(Get(viosUuid), "VirtualSCSIMappings,VirtualFibreChannelMappings");
        }
    }
}
