using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PowerDrivers.Hardware.Power8;

namespace PowerDrivers.Emulator.Hmc.Model;

/// <summary>
/// The VIOS side of virtual I/O: physical devices derived from the slots each VIOS owns, and the durable state
/// (mappings, volume groups, shared storage pool, networks, bridges, the WWPN allocator) kept in the FSP NVRAM.
/// </summary>
public sealed partial class EmulatedSystem
{
    /// <summary>NPIV clients one physical Fibre Channel port serves at most.</summary>
    public const int NpivClientsPerPort = 64;

    /// <summary>Virtual I/O slots of a VIOS.</summary>
    public const int MaximumViosVirtualSlots = 200;

    private const string ViosIoKeyPrefix = "vio/";
    private const string SspKey = "ssp";
    private const string WwpnKey = "wwpn";
    private const string NetworkKeyPrefix = "vnet/";
    private const string BridgeKeyPrefix = "bridge/";
    private const int DisksPerSasAdapter = 3;
    private const long SasDiskMb = 572325;
    private readonly Dictionary<string, ViosIo> viosIo = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, VirtualNetwork> networks = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, NetworkBridge> bridges = new(StringComparer.OrdinalIgnoreCase);
    private SharedStoragePool? ssp;
    private long wwpnNext;
    private SeaFailoverModel failoverModel = new();

    /// <summary>The WWPN prefix of this system's virtual Fibre Channel adapters (10 hex digits, starting c0).</summary>
    public string WwpnPrefix => "c05076" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("wwpn:" + Machine.Serial)), 0, 2).ToLowerInvariant();

    /// <summary>WWPNs handed out so far (the allocator's durable high-water mark; never goes back).</summary>
    public long WwpnHighWaterMark
    {
        get
        {
            lock (gate)
            {
                return wwpnNext;
            }
        }
    }

    /// <summary>The mappings, volume groups and counters of a VIOS.</summary>
    public ViosIo ViosIoOf(string viosUuid)
    {
        lock (gate)
        {
            return Io(GetVios(viosUuid));
        }
    }

    /// <summary>Physical Fibre Channel ports of a VIOS (fcsN, from its slots) with the NPIV ports still free.</summary>
    public IReadOnlyList<FibreChannelPort> FibreChannelPorts(string viosUuid)
    {
        lock (gate)
        {
            var vios = GetVios(viosUuid);
            return FcPorts(vios);
        }
    }

    /// <summary>Physical Ethernet ports of a VIOS (entN, from its slots).</summary>
    public IReadOnlyList<EthernetPort> EthernetPorts(string viosUuid)
    {
        lock (gate)
        {
            return EthPorts(GetVios(viosUuid).Definition);
        }
    }

    /// <summary>Physical volumes (hdisks) of a VIOS: the disks behind its SAS adapters.</summary>
    public IReadOnlyList<PhysicalVolume> PhysicalVolumes(string viosUuid)
    {
        lock (gate)
        {
            return Disks(GetVios(viosUuid).Definition);
        }
    }

    internal string VirtualLocation(int partitionId, int slot) =>
        string.Create(CultureInfo.InvariantCulture, $"U{Machine.Profile.MachineType}.{Machine.Profile.ModelCode}.{Machine.Serial}-V{partitionId}-C{slot}");

    private Partition GetVios(string uuid)
    {
        var p = Get(uuid);
        return p.Definition.IsVios ? p : throw Hscl.Missing("virtual I/O server", uuid);
    }

    private ViosIo Io(Partition vios) => viosIo.TryGetValue(vios.Definition.Uuid, out var io) ? io : new ViosIo { NextEnt = EthPorts(vios.Definition).Count };

    private IEnumerable<(PcieSlot Slot, PcieAdapter Adapter)> Adapters(PartitionDefinition vios, AdapterKind kind) =>
        vios.Slots
            .Select(l => Machine.Profile.PcieSlots.FirstOrDefault(s => string.Equals(s.LocationCode, l, StringComparison.OrdinalIgnoreCase)))
            .Where(s => s?.Adapter?.Kind == kind)
            .Select(s => (s!, s!.Adapter!));

    private List<FibreChannelPort> FcPorts(Partition vios)
    {
        var io = Io(vios);
        var ports = new List<FibreChannelPort>();
        foreach (var (slot, adapter) in Adapters(vios.Definition, AdapterKind.FibreChannel))
        {
            for (var t = 1; t <= adapter.Ports; t++)
            {
                var name = "fcs" + ports.Count.ToString(CultureInfo.InvariantCulture);
                var location = $"{slot.LocationCode}-T{t}";
                var total = adapter.Npiv ? NpivClientsPerPort : 0;
                var used = io.Fc.Count(m => m.PortName == name);
                ports.Add(new FibreChannelPort(name, location, "10000090FA" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(location)), 0, 3), adapter.Npiv, total, total - used));
            }
        }

        return ports;
    }

    private List<EthernetPort> EthPorts(PartitionDefinition vios)
    {
        var ports = new List<EthernetPort>();
        foreach (var (slot, adapter) in Adapters(vios, AdapterKind.Ethernet))
        {
            for (var t = 1; t <= adapter.Ports; t++)
            {
                ports.Add(new EthernetPort("ent" + ports.Count.ToString(CultureInfo.InvariantCulture), $"{slot.LocationCode}-T{t}", adapter.Description));
            }
        }

        return ports;
    }

    private List<PhysicalVolume> Disks(PartitionDefinition vios)
    {
        var disks = new List<PhysicalVolume>();
        foreach (var (slot, _) in Adapters(vios, AdapterKind.Sas))
        {
            for (var d = 1; d <= DisksPerSasAdapter; d++)
            {
                var location = $"{slot.LocationCode}-D{d}";
                var udid = "01M0lCTU" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(location)), 0, 12);
                disks.Add(new PhysicalVolume("hdisk" + disks.Count.ToString(CultureInfo.InvariantCulture), location, udid, SasDiskMb, "SAS Disk Drive", false));
            }
        }

        return disks;
    }

    /// <summary>Virtual slots in use in a VIOS: server adapters, trunk and control channel adapters.</summary>
    private HashSet<int> UsedViosSlots(string viosUuid, ViosIo io)
    {
        var used = new HashSet<int>(io.Scsi.Select(m => m.ServerSlot).Concat(io.Fc.Select(m => m.ServerSlot)));
        foreach (var sea in bridges.Values.SelectMany(b => b.Adapters).Where(a => string.Equals(a.ViosUuid, viosUuid, StringComparison.OrdinalIgnoreCase)))
        {
            used.UnionWith(sea.Trunks.Select(t => t.Slot));
            used.Add(sea.ControlChannelSlot);
        }

        return used;
    }

    /// <summary>Virtual slots in use in a client partition: network adapters and vSCSI/vFC client adapters.</summary>
    private HashSet<int> UsedClientSlots(Partition client)
    {
        var used = new HashSet<int>(client.NetworkAdapters.Select(a => a.Slot));
        foreach (var io in viosIo.Values)
        {
            used.UnionWith(io.Scsi.Where(m => Same(m.ClientUuid, client.Definition.Uuid)).Select(m => m.ClientSlot));
            used.UnionWith(io.Fc.Where(m => Same(m.ClientUuid, client.Definition.Uuid)).Select(m => m.ClientSlot));
        }

        return used;
    }

    private static int FreeSlot(HashSet<int> used, int maximum, string owner)
    {
        for (var slot = 2; slot < maximum; slot++)
        {
            if (used.Add(slot))
            {
                return slot;
            }
        }

        throw new HmcException(Hscl.InsufficientResources, $"Partition {owner} has no free virtual I/O slot (maximum {maximum}).", 409);
    }

    /// <summary>Before a VIOS is deleted: refused while it serves mappings or a SEA; otherwise its I/O record goes.</summary>
    private void ForgetVios(Partition vios)
    {
        var io = Io(vios);
        if (io.Scsi.Count > 0 || io.Fc.Count > 0 || bridges.Values.Any(b => b.Adapters.Any(a => Same(a.ViosUuid, vios.Definition.Uuid))))
        {
            throw new HmcException(Hscl.DeviceInUse, $"The Virtual I/O Server {vios.Definition.Name} still serves virtual SCSI, virtual Fibre Channel or Shared Ethernet adapters; remove them first.", 409);
        }

        viosIo.Remove(vios.Definition.Uuid);
        Fsp.Nvram.Delete(ViosIoKeyPrefix + vios.Definition.Uuid);
    }

    private static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private void SaveIo(string viosUuid, ViosIo io)
    {
        viosIo[viosUuid] = io;
        Fsp.Nvram.Write(ViosIoKeyPrefix + viosUuid, JsonSerializer.SerializeToUtf8Bytes(io, Json));
    }

    private void SaveSsp() => Fsp.Nvram.Write(SspKey, JsonSerializer.SerializeToUtf8Bytes(ssp, Json));

    private void SaveNetwork(VirtualNetwork n)
    {
        networks[n.Uuid] = n;
        Fsp.Nvram.Write(NetworkKeyPrefix + n.Uuid, JsonSerializer.SerializeToUtf8Bytes(n, Json));
    }

    private void SaveBridge(NetworkBridge b)
    {
        bridges[b.Uuid] = b;
        Fsp.Nvram.Write(BridgeKeyPrefix + b.Uuid, JsonSerializer.SerializeToUtf8Bytes(b, Json));
    }

    /// <summary>Loads the virtual I/O state, or creates it at first start (SSP, rootvg per VIOS, default bridge).</summary>
    private void LoadVirtualIo(SystemSetup setup)
    {
        failoverModel = setup.SeaFailover;
        var nvram = Fsp.Nvram;
        foreach (var key in nvram.Keys)
        {
            nvram.TryRead(key, out var bytes);
            if (key.StartsWith(ViosIoKeyPrefix, StringComparison.Ordinal))
            {
                viosIo[key[ViosIoKeyPrefix.Length..]] = JsonSerializer.Deserialize<ViosIo>(bytes!, Json)!;
            }
            else if (key.StartsWith(NetworkKeyPrefix, StringComparison.Ordinal))
            {
                var n = JsonSerializer.Deserialize<VirtualNetwork>(bytes!, Json)!;
                networks[n.Uuid] = n;
            }
            else if (key.StartsWith(BridgeKeyPrefix, StringComparison.Ordinal))
            {
                var b = JsonSerializer.Deserialize<NetworkBridge>(bytes!, Json)!;
                bridges[b.Uuid] = b;
            }
            else if (key == SspKey)
            {
                ssp = JsonSerializer.Deserialize<SharedStoragePool>(bytes!, Json);
            }
            else if (key == WwpnKey)
            {
                wwpnNext = BitConverter.ToInt64(bytes!);
            }
        }

        var vioses = partitions.Values.Where(p => p.Definition.IsVios).OrderBy(p => p.Definition.Id).ToList();
        foreach (var vios in vioses.Where(v => !viosIo.ContainsKey(v.Definition.Uuid)))
        {
            SaveIo(vios.Definition.Uuid, Io(vios) with { VolumeGroups = [RootVg(vios)] });
        }

        if (ssp is null && vioses.Count > 0)
        {
            var uuid = NameUuid($"SharedStoragePool:{Machine.MachineTypeModelSerial}");
            ssp = new SharedStoragePool
            {
                Uuid = uuid,
                Name = $"ssp_{Name}",
                ClusterUuid = NameUuid($"Cluster:{Machine.MachineTypeModelSerial}"),
                ClusterName = $"cluster_{Name}",
                CapacityGb = setup.SharedStoragePoolCapacityGb,
            };
            SaveSsp();
        }

        if (bridges.Count == 0 && networks.Count == 0 && vioses.Count > 0 && vioses.All(v => EthPorts(v.Definition).Count > 0))
        {
            CreateDefaultBridge(setup, vioses);
        }

        foreach (var b in bridges.Values.ToList())
        {
            var active = ActiveSea(b)?.ViosUuid;
            if (!Same(active, b.ActiveViosUuid))
            {
                SaveBridge(b with { ActiveViosUuid = active });
            }
        }
    }

    private VolumeGroup RootVg(Partition vios)
    {
        var disk = Disks(vios.Definition).FirstOrDefault();
        return new VolumeGroup
        {
            Uuid = NameUuid($"VolumeGroup:{vios.Definition.Uuid}:rootvg"),
            Name = "rootvg",
            CapacityGb = disk is null ? 100 : disk.CapacityMb / 1024,
            PhysicalVolumes = disk is null ? [] : [disk.Name],
            RepositoryName = "VMLibrary",
            RepositorySizeGb = 10,
        };
    }

    /// <summary>Hands out the next WWPN pair (consecutive, never reused: the high-water mark is durable before use).</summary>
    private string[] NextWwpnPair()
    {
        var first = wwpnNext;
        wwpnNext += 2;
        Fsp.Nvram.Write(WwpnKey, BitConverter.GetBytes(wwpnNext));
        string Wwpn(long n) => WwpnPrefix + n.ToString("x6", CultureInfo.InvariantCulture);
        return [Wwpn(first), Wwpn(first + 1)];
    }
}
