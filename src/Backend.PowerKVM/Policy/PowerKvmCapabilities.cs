using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Model;
using PowerDrivers.Hardware.Power8;

namespace PowerDrivers.Backend.PowerKVM.Policy;

/// <summary>What PowerKVM can do on one host, with the reason for every missing feature.</summary>
internal static class PowerKvmCapabilities
{
    /// <summary>Feature name of the endianness rule.</summary>
    public const string MixedEndianness = "mixed_endianness";


    /// <summary>Reason: NPIV on KVM.</summary>
    public const string NpivReason =
        "no N_Port ID Virtualization on KVM: the host's FC HBA would have to be passed through or used by the host; attach volumes as VIRTIO_BLK or VIRTIO_SCSI";

    /// <summary>Reason: PowerVM virtual SCSI on KVM.</summary>
    public const string VscsiReason =
        "PowerVM VIOS virtual SCSI does not exist under KVM (no VIOS; the host serves the disk itself); use VIRTIO_SCSI";

    /// <summary>Reason: processing units on KVM.</summary>
    public const string MicroPartitioningReason =
        "processing units are a PowerVM (PHYP) entitlement; KVM has none. A shared spec's processing units become a CPU-time weight "
        + "(cputune shares, 1024 per unit) and, when capped, a CPU bandwidth cap (global_quota); host capacity is counted in vCPUs";

    /// <summary>
    /// The capabilities of a host whose libvirt connection is the test driver (<paramref name="connectionIsTestDriver"/>) or a
    /// real one, with <paramref name="subcoresPerCore"/> guests per core (split-core micro-threading).
    /// </summary>
    public static Capabilities For(ManagedSystem system, bool connectionIsTestDriver, int subcoresPerCore = 1)
    {
        ArgumentNullException.ThrowIfNull(system);
        var snapshot = system.Snapshot();
        var unsupported = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["micro_partitioning"] = MicroPartitioningReason,
            ["shared_memory"] = "Active Memory Sharing is a PowerVM (PHYP) feature; PowerKVM overcommits memory with the virtio balloon and KSM instead",
            ["memory_expansion"] = "Active Memory Expansion is PowerVM-only; on PowerKVM use zswap (compressed swap) inside the guest",
            [MixedEndianness] = "PowerKVM runs all guests of one host in one byte order: all little-endian (ppc64le) or all big-endian (ppc64)",
            ["guest_os_types"] = "PowerKVM runs Linux guests only; AIX and IBM i need PowerVM (PHYP)",
            ["console_vterm"] = "HMC virtual terminals exist only under PowerVM; PowerKVM offers the serial (spapr-vty) and VNC consoles",
            ["npiv"] = NpivReason,
            ["vscsi"] = VscsiReason,
            ["sr_iov"] = "no SR-IOV on PowerKVM: POWER8 SR-IOV adapters are shared through PowerVM only; guests get virtio NICs on the host's Open vSwitch bridge",
            ["shared_storage_pools"] = "each PowerKVM host keeps its volumes in its own libvirt directory pool; no storage is clustered across hosts (shared storage pools live on PowerVM VIOS clusters)",
            ["pci_passthrough"] = "VFIO passthrough of a PCIe slot's adapter to a guest (libvirt <hostdev>) is not implemented by this backend: no issue has asked for it yet, and the host's adapters carry every guest's I/O",
            ["redundant_io_servers"] = "KVM has no VIOS: the host itself does all guest I/O (QEMU virtio over the host's adapters), so there is no second I/O server to fail over to",
            ["spapr_device_hot_plug"] = "spapr-vlan and spapr-vscsi devices cannot be hot plugged on QEMU pseries; use virtio disks and NICs",
        };
        if (subcoresPerCore == 1)
        {
            unsupported["micro_threading"] = "split-core is off on this host (SubcoresPerCore=1): one guest runs on a core at a time; set 2 or 4 for micro-threading";
        }

        if (connectionIsTestDriver)
        {
            unsupported["device_hot_plug"] = "libvirt's test driver cannot attach or detach devices (virDomainAttachDeviceFlags); use a qemu:// connection";
            unsupported["live_volume_attach"] = "libvirt's test driver cannot hot plug disks (virDomainAttachDeviceFlags is not supported by the connection); "
                + "attach volumes to a stopped guest, or use a qemu:// connection";
            unsupported["live_interface_attach"] = "libvirt's test driver cannot hot plug NICs (virDomainAttachDeviceFlags is not supported by the connection); "
                + "attach interfaces to a stopped guest, or use a qemu:// connection";
            unsupported["migration"] = "libvirt's test driver cannot migrate; migration needs qemu:// connections with shared storage";
            unsupported["live_migration"] = unsupported["migration"];
        }
        else
        {
            unsupported["migration"] = "live migration between PowerKVM hosts is not implemented by this backend yet (it needs storage both hosts reach; volumes are host-local)";
            unsupported["live_migration"] = unsupported["migration"];
        }

        return new Capabilities
        {
            SharedProcessors = true,
            DedicatedProcessors = true,
            MicroPartitioning = false,
            LiveProcessorResize = true,
            LiveMemoryResize = true,
            OfflineResize = true,
            Pause = true,
            Suspend = true,
            SoftStop = true,
            SoftReboot = true,
            SharedMemory = false,
            MemoryExpansion = false,
            PageSharing = true,
            MixedEndianness = false,
            Volumes = true,
            VolumeAttachmentKinds = [AttachmentKind.VirtioBlk, AttachmentKind.VirtioScsi],
            ThinProvisioning = true,
            LiveVolumeAttach = !connectionIsTestDriver,
            Interfaces = true,
            LiveInterfaceAttach = !connectionIsTestDriver,
            Npiv = false,
            SrIov = false,
            SharedStoragePools = false,
            PciPassthrough = false,
            LiveMigration = false,
            RedundantIoServers = false,
            GuestOsTypes = [OsType.Linux],
            ConsoleTypes = [ConsoleType.Serial, ConsoleType.Vnc],
            MaxVirtualProcessors = MaxVirtualCpus(system.Profile),
            MaxMemoryMb = snapshot.ActivatedMemoryMb - snapshot.HypervisorReservedMemoryMb,
            GuestsPerCore = subcoresPerCore,
            Unsupported = unsupported,
        };
    }

    /// <summary>Most vCPUs one guest may have: the host's hardware threads, within the profile's per-partition limit.</summary>
    public static int MaxVirtualCpus(HardwareProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return Math.Min(profile.MaxVirtualProcessorsPerPartition, profile.ActivatedCores * profile.SmtThreads);
    }
}
