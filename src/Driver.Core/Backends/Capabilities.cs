using PowerDrivers.Driver.Core.Model;

namespace PowerDrivers.Driver.Core.Backends;

/// <summary>
/// What a backend can do on a host. Shared code decides by these flags, never by backend name;
/// every false flag has an entry in <see cref="Unsupported"/> saying why.
/// </summary>
public sealed record Capabilities
{
    /// <summary>Shared-processor instances.</summary>
    public bool SharedProcessors { get; init; }
    /// <summary>Dedicated-core instances.</summary>
    public bool DedicatedProcessors { get; init; }
    /// <summary>Fractional processing units (micro-partitioning).</summary>
    public bool MicroPartitioning { get; init; }
    /// <summary>Processor changes while running (DLPAR / vCPU hot plug).</summary>
    public bool LiveProcessorResize { get; init; }
    /// <summary>Memory changes while running (DLPAR / DIMM hot plug).</summary>
    public bool LiveMemoryResize { get; init; }
    /// <summary>Any change while stopped.</summary>
    public bool OfflineResize { get; init; }
    /// <summary>Pause/unpause.</summary>
    public bool Pause { get; init; }
    /// <summary>Suspend/resume.</summary>
    public bool Suspend { get; init; }
    /// <summary>OS-level shutdown.</summary>
    public bool SoftStop { get; init; }
    /// <summary>OS-level reboot.</summary>
    public bool SoftReboot { get; init; }
    /// <summary>Active Memory Sharing.</summary>
    public bool SharedMemory { get; init; }
    /// <summary>Active Memory Expansion.</summary>
    public bool MemoryExpansion { get; init; }
    /// <summary>KSM-style page sharing.</summary>
    public bool PageSharing { get; init; }
    /// <summary>LE and BE guests on one host at once.</summary>
    public bool MixedEndianness { get; init; }
    /// <summary>Volumes can be created on the host's storage and attached.</summary>
    public bool Volumes { get; init; }
    /// <summary>How volumes can be presented (empty when <see cref="Volumes"/> is false).</summary>
    public IReadOnlyList<AttachmentKind> VolumeAttachmentKinds { get; init; } = [];
    /// <summary>Thin-provisioned volumes (SSP thin LUs, qcow2).</summary>
    public bool ThinProvisioning { get; init; }
    /// <summary>Volumes attach to a running instance (DLPAR of virtual adapters / disk hot plug).</summary>
    public bool LiveVolumeAttach { get; init; }
    /// <summary>Network interfaces can be attached.</summary>
    public bool Interfaces { get; init; }
    /// <summary>Interfaces attach to a running instance.</summary>
    public bool LiveInterfaceAttach { get; init; }
    /// <summary>Virtual Fibre Channel with N_Port ID Virtualization.</summary>
    public bool Npiv { get; init; }
    /// <summary>SR-IOV logical ports.</summary>
    public bool SrIov { get; init; }
    /// <summary>Shared storage pools (storage clustered across I/O servers and hosts).</summary>
    public bool SharedStoragePools { get; init; }
    /// <summary>Physical adapters (PCIe slots) given to an instance.</summary>
    public bool PciPassthrough { get; init; }
    /// <summary>Moving a running instance to another host.</summary>
    public bool LiveMigration { get; init; }
    /// <summary>Redundant I/O servers: disks with a path through each VIOS and network failover.</summary>
    public bool RedundantIoServers { get; init; }
    /// <summary>Guest OS families accepted.</summary>
    public IReadOnlyList<OsType> GuestOsTypes { get; init; } = [];
    /// <summary>Console kinds offered.</summary>
    public IReadOnlyList<ConsoleType> ConsoleTypes { get; init; } = [];
    /// <summary>Most virtual processors per instance.</summary>
    public int MaxVirtualProcessors { get; init; }
    /// <summary>Most memory per instance, MB.</summary>
    public long MaxMemoryMb { get; init; }
    /// <summary>Guests that may share one core (PowerKVM micro-threading: 4; PowerVM: 20 micro-partitions).</summary>
    public int GuestsPerCore { get; init; }
    /// <summary>Reasons for each missing feature, keyed by the property name in snake case ("pause").</summary>
    public IReadOnlyDictionary<string, string> Unsupported { get; init; } = new Dictionary<string, string>();

    /// <summary>Nothing supported: a host whose backend is not available.</summary>
    public static Capabilities None(string reason) => new()
    {
        Unsupported = new Dictionary<string, string> { ["lifecycle"] = reason },
    };
}
