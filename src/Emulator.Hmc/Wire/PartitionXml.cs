using System.Globalization;
using System.Xml.Linq;
using PowerDrivers.Emulator.Hmc.Model;
using static PowerDrivers.Emulator.Hmc.Wire.Uom;

namespace PowerDrivers.Emulator.Hmc.Wire;

/// <summary>
/// LogicalPartition and VirtualIOServer entries, with the elements and element order of the recorded HMC responses
/// (lpar.txt, fake_vios_*.txt) for the parts the emulator models.
/// </summary>
internal static class PartitionXml
{
    public static XElement Entry(PartitionView p, LinkBuilder links, bool inFeed, bool withViosDetail = true)
    {
        var vios = p.Definition.IsVios;
        var type = vios ? "VirtualIOServer" : "LogicalPartition";
        return Uom.Entry(p.Uuid, type, DateTimeOffset.UtcNow, links.Uom(p.System.PartitionUri(p)), inFeed ? p.ETag : null, UomType(type), Body(p, links, withViosDetail));
    }

    public static XElement Body(PartitionView p, LinkBuilder links, bool withViosDetail = true)
    {
        var d = p.Definition;
        var vios = d.IsVios;
        var type = vios ? "VirtualIOServer" : "LogicalPartition";
        var self = links.Uom(p.System.PartitionUri(p));
        var active = p.State.IsActive();
        var system = p.System;
        var pool = d.Processors.Dedicated ? null : system.PoolUuid(d.Processors.PoolId);
        return Root(Ns, type, "V1_0", p.Uuid, p.CreatedMs,
            P("AllowPerformanceDataCollection", false),
            Link("AssociatedPartitionProfile", $"{self}/LogicalPartitionProfile/{EmulatedSystem.NameUuid("profile:" + p.Uuid)}"),
            P("AvailabilityPriority", d.AvailabilityPriority),
            P("CurrentAllocatedBarrierSynchronizationRegisterArrays", 0, "ROO"),
            P("CurrentProcessorCompatibilityMode", active ? (d.CompatibilityMode == "default" ? "POWER8" : d.CompatibilityMode) : "default", "ROO"),
            P("CurrentProfileSync", "On"),
            P("IsConnectionMonitoringEnabled", true),
            P("IsOperationInProgress", p.OperationInProgress, "ROR"),
            P("IsRedundantErrorPathReportingEnabled", false),
            P("IsTimeReferencePartition", false),
            P("IsVirtualServiceAttentionLEDOn", false, "ROR"),
            P("IsVirtualTrustedPlatformModuleEnabled", false),
            P("KeylockPosition", "normal"),
            P("LogicalSerialNumber", LogicalSerial(p)),
            P("OperatingSystemVersion", p.RmcActive ? (vios ? "VIOS 2.2.6.10" : "Linux/Unknown") : "Unknown"),
            Group("PartitionCapabilities", "CUD",
                P("DynamicLogicalPartitionIOCapable", p.RmcActive, "ROR"),
                P("DynamicLogicalPartitionMemoryCapable", p.RmcActive, "ROR"),
                P("DynamicLogicalPartitionProcessorCapable", p.RmcActive, "ROR"),
                P("InternalAndExternalIntrusionDetectionCapable", false),
                P("ResourceMonitoringControlOperatingSystemShutdownCapable", p.RmcActive)),
            P("PartitionID", d.Id, "COD"),
            Group("PartitionIOConfiguration", "CUD",
                P("MaximumVirtualIOSlots", vios ? 200 : 64),
                Group("ProfileIOSlots", "CUD", d.Slots.Select(s => ProfileIoSlot(system, s, vios ? p : null))),
                P("CurrentMaximumVirtualIOSlots", vios ? 200 : 64, "ROR")),
            Memory(p, links),
            P("PartitionName", d.Name, "CUR"),
            Processors(p),
            Links("PartitionProfiles", [$"{self}/LogicalPartitionProfile/{EmulatedSystem.NameUuid("profile:" + p.Uuid)}"]),
            P("PartitionState", p.State.ToWire(), "ROO"),
            P("PartitionType", d.Type, "COD"),
            P("PartitionUUID", p.Uuid, "ROO"),
            P("PendingProcessorCompatibilityMode", d.CompatibilityMode),
            pool is null ? null : Link("ProcessorPool", links.Uom($"{system.RelativeUri}/SharedProcessorPool/{pool}")),
            P("ProgressPartitionDataRemaining", 0, "ROR"),
            P("ProgressPartitionDataTotal", 0, "ROR"),
            vios ? null : P("ProgressState", "Unknown", "ROR"),
            P("ResourceMonitoringControlState", p.RmcActive ? "active" : "inactive", "ROR"),
            Link("AssociatedManagedSystem", links.Uom(system.RelativeUri)),
            vios ? ViosTail(p, links, withViosDetail) : LparTail(p, links));
    }

    private static object[] LparTail(PartitionView p, LinkBuilder links) =>
    [
        Links("ClientNetworkAdapters", p.NetworkAdapters.Select(a => links.Uom($"{p.System.PartitionUri(p)}/ClientNetworkAdapter/{a.Uuid}")), "CUR"),
        P("IsServicePartition", false),
        P("IsManagementPartition", false, "ROR"),
        P("BootMode", "Normal", "ROR"),
        P("RemoteRestartCapable", false, "COD"),
        P("SimplifiedRemoteRestartCapable", false, "COD"),
        P("SuspendCapable", false),
        Links("VirtualFibreChannelClientAdapters", p.System.FcClientAdapters(p.Uuid)
            .Select(a => links.Uom($"{p.System.PartitionUri(p)}/VirtualFibreChannelClientAdapter/{EmulatedSystem.ClientAdapterUuid(p.Uuid, "VirtualFibreChannelClientAdapter", a.Mapping.ClientSlot)}")), "CUR"),
        Links("VirtualSCSIClientAdapters", p.System.ScsiClientAdapters(p.Uuid)
            .Select(a => links.Uom($"{p.System.PartitionUri(p)}/VirtualSCSIClientAdapter/{EmulatedSystem.ClientAdapterUuid(p.Uuid, "VirtualSCSIClientAdapter", a.Mapping.ClientSlot)}")), "CUR"),
    ];

    // Storage, network and mapping groups (ViosStorage, ViosNetwork, ViosSCSIMapping, ViosFCMapping) unless ?group=None.
    private static object?[] ViosTail(PartitionView p, LinkBuilder links, bool detail)
    {
        var s = p.System;
        return
        [
            P("IsServicePartition", false),
            detail ? VirtualIoXml.MediaRepositories(s, p) : null,
            P("MoverServicePartition", true),
            detail ? VirtualIoXml.PhysicalVolumes(s, p) : null,
            detail ? VirtualIoXml.SharedEthernetAdapters(s, p, links) : null,
            Links("StoragePools", s.VolumeGroups(p.Uuid).Select(g => links.Uom($"{s.PartitionUri(p)}/VolumeGroup/{g.Uuid}"))),
            detail ? VirtualIoXml.TrunkAdapters(s, p, links) : null,
            P("VirtualIOServerLicenseAccepted", true),
            detail ? VirtualIoXml.FcMappings(s, p, links) : null,
            detail ? VirtualIoXml.ScsiMappings(s, p, links) : null,
            detail ? VirtualIoXml.FreeAggregationAdapters(s, p) : null,
            detail ? VirtualIoXml.FreeSeaBackingDevices(s, p) : null,
        ];
    }

    private static XElement Memory(PartitionView p, LinkBuilder links)
    {
        var m = p.Definition.Memory;
        var active = p.State.IsActive();
        var ame = p.Definition.ExpansionFactor;
        var factor = ame == 0 ? "0.0" : ame.ToString("0.00", CultureInfo.InvariantCulture);
        return Group("PartitionMemoryConfiguration", "CUD",
            P("ActiveMemoryExpansionEnabled", ame != 0),
            P("BarrierSynchronizationRegisterArrayCount", 0),
            P("DesiredMemory", m.DesiredMb),
            P("ExpansionFactor", factor),
            P("HardwarePageTableRatio", 7),
            P("MaximumMemory", m.MaximumMb),
            P("MinimumMemory", m.MinimumMb),
            P("CurrentBarrierSynchronizationRegisterArrays", 0, "ROR"),
            P("CurrentExpansionFactor", active ? factor : "0.0", "ROR"),
            P("CurrentHardwarePageTableRatio", 7, "ROR"),
            P("CurrentHugePageCount", 0, "ROR"),
            P("CurrentMaximumHugePageCount", 0, "ROR"),
            P("CurrentMaximumMemory", active ? m.MaximumMb : 0, "ROR"),
            P("CurrentMemory", p.Current.MemoryMb, "ROR"),
            P("CurrentMinimumHugePageCount", 0, "ROR"),
            P("CurrentMinimumMemory", active ? m.MinimumMb : 0, "ROR"),
            P("MemoryExpansionEnabled", active && ame != 0, "ROR"),
            P("RedundantErrorPathReportingEnabled", false, "ROR"),
            P("RuntimeHugePageCount", 0, "ROR"),
            P("RuntimeMemory", p.Current.MemoryMb, "ROR"),
            P("RuntimeMinimumMemory", active ? m.MinimumMb : 0, "ROR"),
            P("SharedMemoryEnabled", p.Definition.SharedMemory),
            p.Definition.SharedMemory ? SharedMemory(p, links) : null);
    }

    // Active Memory Sharing: the weight and the pool's paging VIOS partitions, only on a shared-memory partition.
    private static object[] SharedMemory(PartitionView p, LinkBuilder links)
    {
        var pool = p.System.MemoryPool;
        var vioses = p.System.Partitions(vios: true);
        string? Paging(int? id) => vioses.FirstOrDefault(v => v.Definition.Id == id) is { } v ? links.Uom(p.System.PartitionUri(v)) : null;
        var primary = Paging(pool?.PrimaryPagingViosId);
        var secondary = Paging(pool?.SecondaryPagingViosId);
        return
        [
            P("MemoryWeight", p.Definition.MemoryWeight),
            P("CurrentMemoryWeight", p.State.IsActive() ? p.Definition.MemoryWeight : 0, "ROR"),
            primary is null ? null! : Link("PrimaryPagingServicePartition", primary, "ROR"),
            secondary is null ? null! : Link("SecondaryPagingServicePartition", secondary, "ROR"),
        ];
    }

    private static XElement Processors(PartitionView p)
    {
        var c = p.Definition.Processors;
        var active = p.State.IsActive();
        if (c.Dedicated)
        {
            return Group("PartitionProcessorConfiguration", "CUD",
                Group("DedicatedProcessorConfiguration", "CUD",
                    P("DesiredProcessors", c.DesiredProcessors),
                    P("MaximumProcessors", c.MaximumProcessors),
                    P("MinimumProcessors", c.MinimumProcessors)),
                P("HasDedicatedProcessors", true),
                Group("SharedProcessorConfiguration", "CUD", P("UncappedWeight", 0)),
                P("SharingMode", c.DedicatedSharingMode),
                P("CurrentHasDedicatedProcessors", true, "ROR"),
                P("CurrentSharingMode", c.DedicatedSharingMode, "ROR"),
                Group("CurrentDedicatedProcessorConfiguration", "ROR",
                    P("CurrentMaximumProcessors", active ? c.MaximumProcessors : 0, "ROR"),
                    P("CurrentMinimumProcessors", active ? c.MinimumProcessors : 0, "ROR"),
                    P("CurrentProcessors", p.Current.Processors, "ROR"),
                    P("RunProcessors", p.Current.Processors, "ROR")),
                P("RuntimeHasDedicatedProcessors", true, "ROR"));
        }

        return Group("PartitionProcessorConfiguration", "CUD",
            P("HasDedicatedProcessors", false),
            Group("SharedProcessorConfiguration", "CUD",
                P("DesiredProcessingUnits", Units(c.DesiredUnitsCenti)),
                P("DesiredVirtualProcessors", c.DesiredVirtualProcessors),
                P("MaximumProcessingUnits", Units(c.MaximumUnitsCenti)),
                P("MaximumVirtualProcessors", c.MaximumVirtualProcessors),
                P("MinimumProcessingUnits", Units(c.MinimumUnitsCenti)),
                P("MinimumVirtualProcessors", c.MinimumVirtualProcessors),
                P("SharedProcessorPoolID", c.PoolId),
                P("UncappedWeight", c.Uncapped ? c.UncappedWeight : 0)),
            P("SharingMode", c.SharingMode),
            P("CurrentHasDedicatedProcessors", false, "ROR"),
            P("CurrentSharingMode", c.SharingMode, "ROR"),
            P("RuntimeHasDedicatedProcessors", false, "ROR"),
            Group("CurrentSharedProcessorConfiguration", "ROR",
                P("AllocatedVirtualProcessors", p.Current.VirtualProcessors, "ROR"),
                P("CurrentMaximumProcessingUnits", Units(active ? c.MaximumUnitsCenti : 0), "ROR"),
                P("CurrentMinimumProcessingUnits", Units(active ? c.MinimumUnitsCenti : 0), "ROR"),
                P("CurrentProcessingUnits", Units(p.Current.UnitsCenti), "ROR"),
                P("CurrentSharedProcessorPoolID", c.PoolId, "ROR"),
                P("CurrentUncappedWeight", c.Uncapped ? c.UncappedWeight : 0, "ROR"),
                P("CurrentMinimumVirtualProcessors", active ? c.MinimumVirtualProcessors : 0, "ROR"),
                P("CurrentMaximumVirtualProcessors", active ? c.MaximumVirtualProcessors : 0, "ROR"),
                P("RuntimeProcessingUnits", Units(p.Current.UnitsCenti), "ROR"),
                P("RuntimeUncappedWeight", active && c.Uncapped ? c.UncappedWeight : 0, "ROR")));
    }

    private static XElement ProfileIoSlot(EmulatedSystem system, string location, PartitionView? vios)
    {
        var slot = system.Machine.Profile.PcieSlots.FirstOrDefault(s => string.Equals(s.LocationCode, location, StringComparison.OrdinalIgnoreCase));
        var unit = location.Split('-')[0];
        var index = system.Machine.Profile.PcieSlots.ToList().FindIndex(s => string.Equals(s.LocationCode, location, StringComparison.OrdinalIgnoreCase));
        return Group(Ns, "ProfileIOSlot", null,
            Group("AssociatedIOSlot", "CUD",
                P("BusGroupingRequired", false),
                P("Description", slot?.Adapter?.Description ?? "Empty slot"),
                P("IOUnitPhysicalLocation", unit, "ROR"),
                vios is null || slot?.Adapter is null ? null : RelatedAdapter(system, vios, slot, 553713664 + index),
                P("SlotDynamicReconfigurationConnectorIndex", 553713664 + index, "ROR"),
                P("SlotDynamicReconfigurationConnectorName", location),
                P("SlotPhysicalLocationCode", location[(location.IndexOf('-', StringComparison.Ordinal) + 1)..], "ROR")));
    }

    // What a VIOS's slot holds: a Fibre Channel adapter lists its ports (WWPN, NPIV capacity), others are plain IOAdapters.
    private static XElement RelatedAdapter(EmulatedSystem system, PartitionView vios, Hardware.Power8.PcieSlot slot, int adapterId)
    {
        var adapter = slot.Adapter!;
        var prefix = slot.LocationCode + "-";
        if (adapter.Kind == Hardware.Power8.AdapterKind.FibreChannel)
        {
            var ports = system.FibreChannelPorts(vios.Uuid).Where(fc => fc.LocationCode.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            return new XElement(Ns + "RelatedIOAdapter", new XAttribute("kb", "CUD"), new XAttribute("kxe", "false"),
                Group(Ns, "PhysicalFibreChannelAdapter", null,
                    P("AdapterID", adapterId, "ROR"),
                    P("Description", adapter.Description),
                    P("DeviceName", ports.FirstOrDefault()?.Name ?? string.Empty, "ROR"),
                    P("DynamicReconfigurationConnectorName", slot.LocationCode),
                    P("PhysicalLocation", slot.LocationCode, "ROR"),
                    Group("PhysicalFibreChannelPorts", "CUD", ports.Select(fc => Group(Ns, "PhysicalFibreChannelPort", null,
                        P("LocationCode", fc.LocationCode, "ROR"),
                        Group("PhysicalVolumes", "CUD"),
                        P("PortName", fc.Name, "CUR"),
                        P("UniqueDeviceID", "1a" + fc.LocationCode, "ROR"),
                        P("WWPN", fc.Wwpn, "CUR"),
                        fc.Npiv ? P("AvailablePorts", fc.AvailablePorts, "ROR") : null,
                        fc.Npiv ? P("TotalPorts", fc.TotalPorts, "ROR") : null)))));
        }

        var device = adapter.Kind == Hardware.Power8.AdapterKind.Ethernet
            ? system.EthernetPorts(vios.Uuid).FirstOrDefault(e => e.LocationCode.StartsWith(prefix, StringComparison.Ordinal))?.Name
            : system.PhysicalVolumes(vios.Uuid).FirstOrDefault(d => d.LocationCode.StartsWith(prefix, StringComparison.Ordinal)) is null ? null : "sissas" + (adapterId % 16).ToString(CultureInfo.InvariantCulture);
        return new XElement(Ns + "RelatedIOAdapter", new XAttribute("kb", "CUD"), new XAttribute("kxe", "false"),
            Group(Ns, "IOAdapter", null,
                P("AdapterID", adapterId, "ROR"),
                P("Description", adapter.Description),
                P("DeviceName", device ?? string.Empty, "ROR"),
                P("DynamicReconfigurationConnectorName", slot.LocationCode),
                P("PhysicalLocation", slot.LocationCode, "ROR"),
                P("UniqueDeviceID", adapterId, "ROR")));
    }

    private static string LogicalSerial(PartitionView p)
    {
        var serial = p.System.Machine.Serial;
        return string.Concat(serial.AsSpan(0, Math.Min(6, serial.Length)), p.Definition.Id.ToString("X2", CultureInfo.InvariantCulture));
    }
}
