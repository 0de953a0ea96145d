using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using PowerDrivers.Hardware.Power8;

namespace PowerDrivers.Emulator.Hmc.Model;

/// <summary>
/// One managed system as the HMC sees it: the <see cref="ManagedSystem"/> under PHYP (the single source of capacity
/// truth), its <see cref="Hardware.Power8.Fsp"/> whose NVRAM keeps every partition and pool durably, and the PHYP/HMC
/// rules for partitions. Thread-safe: every change runs under one lock and is written to NVRAM before it is visible.
/// </summary>
public sealed partial class EmulatedSystem
{
    private const string PartitionKeyPrefix = "lpar/";
    private const string PoolKeyPrefix = "pool/";
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };
    private readonly Lock gate = new();
    private readonly Dictionary<string, Partition> partitions = new(StringComparer.OrdinalIgnoreCase);
    private readonly SortedDictionary<int, SharedPool> pools = [];
    private readonly IEventSink events;
    private readonly TimeProvider clock;
    private readonly bool ameCapable;
    private long version = 1;

    internal EmulatedSystem(ManagedSystem machine, Fsp fsp, SystemSetup setup, IEventSink events, TimeProvider clock)
    {
        if (machine.Firmware != Firmware.Phyp)
        {
            throw new ArgumentException($"{machine} runs {machine.Firmware}; an HMC manages PHYP systems only", nameof(machine));
        }

        Machine = machine;
        Fsp = fsp;
        this.events = events;
        this.clock = clock;
        ameCapable = setup.ActiveMemoryExpansionCapable;
        ActiveMemorySharingCapable = setup.ActiveMemorySharingCapable;
        Uuid = NameUuid("ManagedSystem:" + machine.MachineTypeModelSerial);
        lock (gate)
        {
            Load(setup);
        }
    }

    /// <summary>The emulated hardware under PHYP.</summary>
    public ManagedSystem Machine { get; }

    /// <summary>The service processor holding the partition configuration in NVRAM.</summary>
    public Fsp Fsp { get; }

    /// <summary>Stable UUID of the managed system (derived from type-model*serial).</summary>
    public string Uuid { get; }

    /// <summary>System name.</summary>
    public string Name => Machine.Name;

    /// <summary>Change counter of the system object (drives its ETag).</summary>
    public long Version => Interlocked.Read(ref version);

    /// <summary>ETag of the system object: changes with its partitions and with its free capacity.</summary>
    public string ETag
    {
        get
        {
            var free = Machine.Snapshot();
            return PartitionView.EtagOf(Uuid, unchecked((Version * 1_000_003) + (free.FreeProcessingUnitsCenti * 7919L) + free.FreeMemoryMb + free.UsedSlots));
        }
    }

    /// <summary>The system can run partitions with Active Memory Expansion.</summary>
    public bool ActiveMemoryExpansionCapable => ameCapable;

    /// <summary>Path of the system under <c>/rest/api/uom/</c>.</summary>
    public string RelativeUri => $"ManagedSystem/{Uuid}";

    /// <summary>Partitions (client LPARs when <paramref name="vios"/> is false, VIOS otherwise), ordered by ID.</summary>
    public IReadOnlyList<PartitionView> Partitions(bool vios)
    {
        lock (gate)
        {
            return [.. partitions.Values.Where(p => p.Definition.IsVios == vios).OrderBy(p => p.Definition.Id).Select(p => p.View(this))];
        }
    }

    /// <summary>The partition (LPAR or VIOS) with <paramref name="uuid"/>, or null.</summary>
    public PartitionView? Find(string uuid)
    {
        lock (gate)
        {
            return partitions.TryGetValue(uuid, out var p) ? p.View(this) : null;
        }
    }

    /// <summary>Path of a partition under <c>/rest/api/uom/</c>.</summary>
    public string PartitionUri(PartitionView partition)
    {
        ArgumentNullException.ThrowIfNull(partition);
        return PartitionUri(partition.Definition);
    }

    internal string PartitionUri(PartitionDefinition d) => $"{RelativeUri}/{(d.IsVios ? "VirtualIOServer" : "LogicalPartition")}/{d.Uuid}";

    /// <summary>A name-based UUID (stable across restarts), lower case like the HMC's system UUIDs.</summary>
    internal static string NameUuid(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x30);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(Convert.ToHexString(hash, 0, 16)).ToString();
    }

    private long NowMs => clock.GetUtcNow().ToUnixTimeMilliseconds();

    private void Touch(string detail)
    {
        Interlocked.Increment(ref version);
        events.Publish("MODIFY_URI", RelativeUri, detail);
    }

    private void Save(Partition p) =>
        Fsp.Nvram.Write(PartitionKeyPrefix + p.Definition.Uuid, JsonSerializer.SerializeToUtf8Bytes(p.ToRecord(), Json));

    private void Save(SharedPool pool) =>
        Fsp.Nvram.Write(PoolKeyPrefix + pool.Id.ToString("D2", System.Globalization.CultureInfo.InvariantCulture), JsonSerializer.SerializeToUtf8Bytes(pool, Json));

    private void Load(SystemSetup setup)
    {
        var nvram = Fsp.Nvram;
        var keys = nvram.Keys;
        var firstStart = !keys.Any(k => k.StartsWith(PartitionKeyPrefix, StringComparison.Ordinal) || k.StartsWith(PoolKeyPrefix, StringComparison.Ordinal));
        if (firstStart)
        {
            CreatePools(setup);
        }
        else
        {
            foreach (var key in keys.Where(k => k.StartsWith(PoolKeyPrefix, StringComparison.Ordinal)))
            {
                nvram.TryRead(key, out var bytes);
                var pool = JsonSerializer.Deserialize<SharedPool>(bytes!, Json)!;
                pools[pool.Id] = pool;
                HoldPoolReserve(pool);
            }

            LoadMemoryPool(setup, firstStart: false);
            foreach (var key in keys.Where(k => k.StartsWith(PartitionKeyPrefix, StringComparison.Ordinal)))
            {
                nvram.TryRead(key, out var bytes);
                Restore(JsonSerializer.Deserialize<PartitionRecord>(bytes!, Json)!);
            }
        }

        if (firstStart)
        {
            CreateVioses(setup);
            LoadMemoryPool(setup, firstStart: true);
        }

        LoadVirtualIo(setup);
    }

    /// <summary>
    /// Brings one partition back from NVRAM. The hypervisor kept active partitions running while the HMC was away:
    /// they take their capacity again; a transition the HMC was driving is settled (starting → running,
    /// shutting down → not activated).
    /// </summary>
    private void Restore(PartitionRecord record)
    {
        var p = new Partition(record.Definition, record.CreatedMs)
        {
            State = record.State switch
            {
                PartitionState.Starting => PartitionState.Running,
                PartitionState.ShuttingDown => PartitionState.NotActivated,
                var s => s,
            },
            Current = record.Current,
            RmcActive = record.RmcActive,
            Version = record.Version,
            BootedAtMs = record.BootedAtMs,
        };
        if (p.State.IsActive())
        {
            p.RmcActive = p.State == PartitionState.Running;
            if (!Machine.TryReserve(RequestFor(p.Definition, p.Current), p.Definition.Uuid, out var reservation, out _))
            {
                // The capacity is gone (the profile shrank): PHYP could not keep the partition.
                p.State = PartitionState.NotActivated;
                p.Current = Allocation.None;
                p.RmcActive = false;
            }
            else
            {
                p.Reservation = reservation;
            }
        }
        else
        {
            p.Current = Allocation.None;
            p.RmcActive = false;
        }

        p.NetworkAdapters.AddRange(record.NetworkAdapters);
        partitions[p.Definition.Uuid] = p;
        if (p.State != record.State)
        {
            Save(p);
        }
    }

    private static CapacityRequest RequestFor(PartitionDefinition d, Allocation a) => new()
    {
        DedicatedCores = a.Processors,
        ProcessingUnitsCenti = a.UnitsCenti,
        VirtualCpus = a.VirtualProcessors,
        // A shared-memory partition's logical memory comes from the shared memory pool, not from the system.
        MemoryMb = d.SharedMemory ? 0 : a.MemoryMb,
        MaxMemoryMb = d.SharedMemory ? 0 : d.Memory.MaximumMb,
        Slots = d.Slots,
    };

    private void CreateVioses(SystemSetup setup)
    {
        // Each kind of adapter is dealt round-robin, so every VIOS gets Fibre Channel, Ethernet and SAS when there are enough.
        var dealt = Machine.Profile.PcieSlots.Where(s => s.Adapter is not null)
            .GroupBy(s => s.Adapter!.Kind)
            .SelectMany(g => g.Select((s, n) => (s.LocationCode, Vios: n % Math.Max(1, setup.ViosCount))))
            .ToList();
        for (var i = 0; i < setup.ViosCount; i++)
        {
            var index = i;
            var definition = new PartitionDefinition
            {
                Uuid = NameUuid($"VirtualIOServer:{Machine.MachineTypeModelSerial}:{index + 1}").ToUpperInvariant(),
                Id = index + 1,
                Name = $"vios{index + 1}",
                Type = PartitionDefinition.Vios,
                Processors = setup.ViosProcessors,
                Memory = setup.ViosMemory,
                AvailabilityPriority = 191,
                Slots = [.. Machine.Profile.PcieSlots.Select(s => s.LocationCode).Where(l => dealt.Contains((l, index)))],
            };
            PartitionRules.Check(definition, Machine);
            var p = new Partition(definition, NowMs);
            partitions[definition.Uuid] = p;
            Activate(p, bootMode: "norm");
            p.State = PartitionState.Running;
            p.RmcActive = true;
            Save(p);
        }
    }
}
