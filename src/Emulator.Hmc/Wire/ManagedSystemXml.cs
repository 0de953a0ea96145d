using System.Xml.Linq;
using PowerDrivers.Emulator.Hmc.Model;
using static PowerDrivers.Emulator.Hmc.Wire.Uom;

namespace PowerDrivers.Emulator.Hmc.Wire;

/// <summary>ManagedSystem entries (managedsystem.txt shape): capabilities, memory and processor configuration, limits.</summary>
internal static class ManagedSystemXml
{
    private static readonly string[] Capabilities =
    [
        "ActiveLogicalPartitionMobilityCapable", "ActiveLogicalPartitionSharedIdeProcessorsCapable", "ActiveMemoryDeduplicationCapable",
    ];

    private static readonly string[] MoreCapabilities =
    [
        "CapacityOnDemandMemoryCapable", "CapacityOnDemandProcessorCapable",
    ];

    private static readonly string[] TailCapabilities =
    [
        "InactiveLogicalPartitionMobilityCapable",
    ];

    public static XElement Entry(EmulatedSystem s, LinkBuilder links, bool inFeed) =>
        Uom.Entry(s.Uuid, "ManagedSystem", DateTimeOffset.UtcNow, links.Uom(s.RelativeUri), inFeed ? s.ETag : null, UomType("ManagedSystem"), Body(s, links));

    public static XElement Body(EmulatedSystem s, LinkBuilder links)
    {
        var m = s.Machine;
        var profile = m.Profile;
        var cap = m.Snapshot();
        var lpars = s.Partitions(vios: false);
        var vioses = s.Partitions(vios: true);
        var pools = s.Pools();
        return Root(Ns, "ManagedSystem", "V1_0", s.Uuid, 0,
            Group("AssociatedIPLConfiguration", "CUD",
                P("CurrentPowerOnSide", "Permanent", "ROR"),
                P("CurrentSystemKeylock", "manual", "ROR"),
                P("MajorBootType", "Reboot"),
                P("PowerOnLogicalPartitionStartPolicy", "userinit"),
                P("PowerOnOption", "standby"),
                P("PowerOnSpeed", "fast")),
            Links("AssociatedLogicalPartitions", lpars.Select(p => links.Uom(s.PartitionUri(p)))),
            Group("AssociatedSystemCapabilities", "CUD",
                Capabilities.Select(c => P(c, true, "ROO")),
                P("ActiveMemoryExpansionCapable", s.ActiveMemoryExpansionCapable, "ROO"),
                P("ActiveMemoryMirroringCapable", false, "ROO"),
                P("ActiveMemorySharingCapable", s.ActiveMemorySharingCapable, "ROO"),
                P("AIXCapable", true, "ROO"),
                MoreCapabilities.Select(c => P(c, true, "ROO")),
                P("IBMiCapable", false, "ROO"),
                TailCapabilities.Select(c => P(c, true, "ROO")),
                P("LinuxCapable", true, "ROO"),
                P("LogicalPartitionAvailabilityPriorityCapable", true, "ROO"),
                P("LogicalPartitionProcessorCompatibilityModeCapable", true, "ROO"),
                P("LogicalPartitionRemoteRestartCapable", true, "ROO"),
                P("LogicalPartitionSuspendCapable", false, "ROO"),
                P("MicroLogicalPartitionCapable", true, "ROO"),
                P("SharedProcessorPoolCapable", true, "ROO"),
                P("VirtualFiberChannelCapable", true, "ROO"),
                P("VirtualIOServerCapable", true, "ROO"),
                P("VirtualSwitchCapable", true, "ROO"),
                P("DedicatedProcessorPartitionCapable", true, "ROO")),
            Group("AssociatedSystemIOConfiguration", "CUD",
                P("AvailableWWPNs", 65536),
                Group("IOSlots", "CUD")),
            Group("AssociatedSystemMemoryConfiguration", "CUD",
                P("ConfigurableSystemMemory", profile.ActivatedMemoryMb, "ROR"),
                P("CurrentAvailableSystemMemory", cap.FreeMemoryMb, "ROR"),
                P("CurrentLogicalMemoryBlockSize", profile.LmbSizeMb, "ROR"),
                P("DeconfiguredSystemMemory", 0),
                P("DefaultHardwarePageTableRatio", 7, "COR"),
                P("InstalledSystemMemory", profile.InstalledMemoryMb, "ROR"),
                P("MaximumMemoryPoolCount", 1, "ROR"),
                P("MemoryRegionSize", profile.LmbSizeMb),
                P("MemoryUsedByHypervisor", cap.HypervisorReservedMemoryMb, "ROR"),
                P("PendingAvailableSystemMemory", cap.FreeMemoryMb),
                P("PendingLogicalMemoryBlockSize", profile.LmbSizeMb),
                P("PendingMemoryRegionSize", profile.LmbSizeMb)),
            Group("AssociatedSystemProcessorConfiguration", "CUD",
                P("ConfigurableSystemProcessorUnits", Units(profile.ActivatedCores * 100), "ROR"),
                P("CurrentAvailableSystemProcessorUnits", Units(cap.FreeProcessingUnitsCenti), "ROR"),
                P("CurrentMaximumProcessorsPerAIXOrLinuxPartition", profile.ActivatedCores, "ROR"),
                P("CurrentMaximumAllowedProcessorsPerPartition", profile.ActivatedCores, "ROR"),
                P("CurrentMaximumProcessorsPerVirtualIOServerPartition", profile.ActivatedCores, "ROR"),
                P("CurrentMaximumVirtualProcessorsPerAIXOrLinuxPartition", profile.MaxVirtualProcessorsPerPartition, "ROR"),
                P("CurrentMaximumVirtualProcessorsPerVirtualIOServerPartition", profile.MaxVirtualProcessorsPerPartition, "ROR"),
                P("DeconfiguredSystemProcessorUnits", 0, "ROR"),
                P("InstalledSystemProcessorUnits", Units(profile.InstalledCores * 100), "ROR"),
                P("MaximumAllowedVirtualProcessorsPerPartition", profile.MaxVirtualProcessorsPerPartition, "ROR"),
                P("MinimumProcessorUnitsPerVirtualProcessor", "0.05", "ROR"),
                P("PendingAvailableSystemProcessorUnits", Units(cap.FreeProcessingUnitsCenti)),
                P("SharedProcessorPoolCount", pools.Count, "ROR"),
                profile.ProcessorCompatibilityModes.Select(m => P("SupportedPartitionProcessorCompatibilityModes", m, "ROR")),
                Links("SharedProcessorPool", pools.Select(p => links.Uom($"{s.RelativeUri}/SharedProcessorPool/{p.Pool.Uuid}")))),
            Links("AssociatedVirtualIOServers", vioses.Select(p => links.Uom(s.PartitionUri(p)))),
            P("DetailedState", "None", "ROR"),
            Group("MachineTypeModelAndSerialNumber", "ROR",
                P("MachineType", profile.MachineType, "CUR"),
                P("Model", profile.ModelCode, "CUR"),
                P("SerialNumber", m.Serial, "CUR")),
            P("ManufacturingDefaultConfigurationEnabled", false, "ROR"),
            P("MaximumPartitions", profile.MaxPartitions),
            P("MaximumPowerControlPartitions", 1),
            P("MaximumRemoteRestartPartitions", 0),
            P("MaximumSharedProcessorCapablePartitionID", profile.MaxPartitions),
            P("MaximumSuspendablePartitions", 0),
            P("PhysicalSystemAttentionLEDState", false, "ROO"),
            P("PrimaryIPAddress", "127.0.0.1", "CUR"),
            P("ServiceProcessorFailoverEnabled", false),
            P("ServiceProcessorFailoverState", "Not Ready", "ROO"),
            P("ServiceProcessorVersion", s.Fsp.FirmwareLevel, "ROR"),
            P("State", "operating", "ROR"),
            P("SystemName", s.Name, "CUR"),
            P("SystemTime", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()),
            P("VirtualSystemAttentionLEDState", false, "ROO"),
            Group("SystemMigrationInformation", "ROR",
                P("MaximumInactiveMigrations", 0, "ROR"),
                P("MaximumActiveMigrations", 0, "ROR"),
                P("NumberOfInactiveMigrationsInProgress", 0, "ROR"),
                P("NumberOfActiveMigrationsInProgress", 0, "ROR")));
    }
}
