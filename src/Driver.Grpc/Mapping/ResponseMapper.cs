using Google.Protobuf.WellKnownTypes;
using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Events;
using PowerDrivers.Driver.Core.Model;
using PowerDrivers.Driver.Core.Operations;
using PowerDrivers.Driver.Core.States;
using Api = PowerDrivers.V1;

namespace PowerDrivers.Driver.Grpc.Mapping;

/// <summary>Core values → response messages.</summary>
internal static class ResponseMapper
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<InstanceRecord, Api.Instance> Mapped = new();

    /// <summary>
    /// The message for a record, mapped once per record object: the store hands out the same immutable record
    /// while its version is unchanged, so hot reads skip the mapping. Callers must not modify the result.
    /// </summary>
    public static Api.Instance ToProtoShared(InstanceRecord r) => Mapped.GetValue(r, ToProto);

    public static Api.Instance ToProto(InstanceRecord r)
    {
        var pb = new Api.Instance
        {
            Id = r.Id.ToString(),
            Name = r.Name,
            Host = r.Host,
            Backend = r.Backend,
            State = (Api.InstanceState)(int)r.State,
            NativeState = r.NativeState,
            Spec = ToProto(r.Spec),
            Allocation = new Api.Allocation
            {
                VirtualProcessors = (uint)r.Allocation.VirtualProcessors,
                ProcessingUnits = (double)r.Allocation.ProcessingUnits,
                DedicatedCores = (uint)r.Allocation.DedicatedCores,
                MemoryMb = (ulong)r.Allocation.MemoryMb,
            },
            NativeId = r.NativeId,
            CreateTime = Timestamp.FromDateTimeOffset(r.CreatedAt),
            UpdateTime = Timestamp.FromDateTimeOffset(r.UpdatedAt),
            Version = r.Version,
            ActiveOperationId = r.ActiveOperationId?.ToString() ?? "",
        };
        if (r.Fault is { } f)
        {
            pb.Fault = new Api.InstanceFault { Reason = f.Reason, Message = f.Message, Time = Timestamp.FromDateTimeOffset(f.Time) };
        }

        if (r.PreviousSpec is { } prev)
        {
            pb.PreviousSpec = ToProto(prev);
        }

        pb.Volumes.Add(r.Volumes.Select(VirtualIoMapper.ToProto));
        pb.Interfaces.Add(r.Interfaces.Select(VirtualIoMapper.ToProto));
        return pb;
    }

    public static Api.InstanceSpec ToProto(InstanceSpec s)
    {
        var p = s.Processors;
        var processors = new Api.ProcessorSpec
        {
            Mode = p.Mode == ProcessorMode.Dedicated ? Api.ProcessorMode.Dedicated : Api.ProcessorMode.Shared,
            VirtualProcessors = new Api.CountRange { Min = (uint)p.VirtualProcessors.Min, Desired = (uint)p.VirtualProcessors.Desired, Max = (uint)p.VirtualProcessors.Max },
            SharingMode = p.SharingMode == SharingMode.Capped ? Api.SharingMode.Capped : Api.SharingMode.Uncapped,
            UncappedWeight = (uint)p.UncappedWeight,
            SharedPool = p.SharedPool,
            DedicatedSharingMode = (Api.DedicatedSharingMode)((int)p.DedicatedSharingMode + 1),
            CompatibilityMode = p.CompatibilityMode,
        };
        if (p.ProcessingUnits is { } u)
        {
            processors.ProcessingUnits = new Api.UnitsRange { Min = (double)u.Min, Desired = (double)u.Desired, Max = (double)u.Max };
        }

        if (p.Topology is { } t)
        {
            processors.Topology = new Api.CpuTopology { Sockets = (uint)t.Sockets, Cores = (uint)t.Cores, Threads = (uint)t.Threads };
        }

        var m = s.Memory;
        var spec = new Api.InstanceSpec
        {
            Name = s.Name,
            Host = s.Host,
            Processors = processors,
            Memory = new Api.MemorySpec
            {
                MinMb = (ulong)m.MinMb,
                DesiredMb = (ulong)m.DesiredMb,
                MaxMb = (ulong)m.MaxMb,
                Mode = m.Mode == MemoryMode.Shared ? Api.MemoryMode.Shared : Api.MemoryMode.Dedicated,
                SharedWeight = (uint)m.SharedWeight,
                ExpansionFactor = (double)m.ExpansionFactor,
            },
            Guest = new Api.GuestSpec
            {
                OsType = (Api.OsType)((int)s.Guest.OsType + 1),
                Endianness = s.Guest.Endianness == Endianness.Big ? Api.Endianness.Big : Api.Endianness.Little,
                BootImage = s.Guest.BootImage,
            },
            AvailabilityPriority = (uint)s.AvailabilityPriority,
        };
        spec.Metadata.AddAll(s.Metadata);
        return spec;
    }

    public static Api.Operation ToProto(OperationRecord o)
    {
        var pb = new Api.Operation
        {
            Id = o.Id.ToString(),
            Kind = (Api.OperationKind)(int)o.Kind,
            InstanceId = o.InstanceId == Guid.Empty ? "" : o.InstanceId.ToString(),
            VolumeId = o.VolumeId?.ToString() ?? "",
            Host = o.Host,
            State = (Api.OperationState)(int)o.State,
            Progress = (uint)o.Progress,
            Step = o.Step,
            CreateTime = Timestamp.FromDateTimeOffset(o.CreatedAt),
            UpdateTime = Timestamp.FromDateTimeOffset(o.UpdatedAt),
            RequestId = o.RequestId,
        };
        if (o.EndedAt is { } end)
        {
            pb.EndTime = Timestamp.FromDateTimeOffset(end);
        }

        if (o.Error is { } e)
        {
            pb.Error = ErrorMapper.ToStatus(e.Kind, e.Reason, e.Message, e.Metadata, e.Violations);
        }

        return pb;
    }

    public static Api.Event ToProto(DriverEvent e)
    {
        var pb = new Api.Event
        {
            Sequence = e.Sequence,
            Time = Timestamp.FromDateTimeOffset(e.Time),
            Kind = (Api.EventKind)(int)e.Kind,
            Host = e.Host,
            InstanceId = e.InstanceId?.ToString() ?? "",
            OperationId = e.OperationId?.ToString() ?? "",
            State = e.State is { } s ? (Api.InstanceState)(int)s : Api.InstanceState.Unspecified,
            PreviousState = e.PreviousState is { } p ? (Api.InstanceState)(int)p : Api.InstanceState.Unspecified,
            OperationState = e.OperationState is { } os ? (Api.OperationState)(int)os : Api.OperationState.Unspecified,
            Message = e.Message,
        };
        pb.Attributes.AddAll(e.Attributes);
        return pb;
    }

    public static Api.Host ToProto(HostInfo h, int instanceCount)
    {
        var host = ToProtoCore(h, instanceCount);
        if (h.PageSharing is { } k)
        {
            host.Memory.PageSharing = new Api.PageSharing
            {
                Running = k.Running,
                PagesShared = (ulong)k.PagesShared,
                PagesSharing = (ulong)k.PagesSharing,
                PagesUnshared = (ulong)k.PagesUnshared,
                FullScans = (ulong)k.FullScans,
                SavedMb = (ulong)k.SavedMb,
            };
        }

        return host;
    }

    private static Api.Host ToProtoCore(HostInfo h, int instanceCount) => new()
    {
        Name = h.Name,
        Profile = h.Profile,
        Mtms = h.Mtms,
        MachineType = h.MachineType,
        Model = h.Model,
        Serial = h.Serial,
        Firmware = h.Firmware == FirmwareKind.Phyp ? Api.Firmware.Phyp : Api.Firmware.Opal,
        Backend = BackendKind(h.Backend),
        Status = h.Operating ? Api.HostStatus.Operating : Api.HostStatus.Unavailable,
        StatusReason = h.StatusReason,
        AvailabilityZone = h.AvailabilityZone,
        InstanceCount = (uint)instanceCount,
        PcieSlots = (uint)h.PcieSlots,
        FreePcieSlots = (uint)h.FreePcieSlots,
        Capabilities = ToProto(h.Capabilities),
        Processors = new Api.HostProcessors
        {
            Sockets = (uint)h.Processors.Sockets,
            InstalledCores = (uint)h.Processors.InstalledCores,
            ActiveCores = (uint)h.Processors.ActiveCores,
            FreeCores = (uint)h.Processors.FreeCores,
            TotalProcessingUnits = (double)h.Processors.TotalProcessingUnits,
            FreeProcessingUnits = (double)h.Processors.FreeProcessingUnits,
            SmtThreads = (uint)h.Processors.SmtThreads,
            FrequencyGhz = (double)h.Processors.FrequencyGhz,
            FreeVirtualCpus = (uint)h.Processors.FreeVirtualCpus,
        },
        Memory = new Api.HostMemory
        {
            InstalledMb = (ulong)h.Memory.InstalledMb,
            ActiveMb = (ulong)h.Memory.ActiveMb,
            HypervisorReservedMb = (ulong)h.Memory.HypervisorReservedMb,
            FreeMb = (ulong)h.Memory.FreeMb,
            LmbSizeMb = (ulong)h.Memory.LmbSizeMb,
            MaxMb = (ulong)h.Memory.MaxMb,
        },
    };

    public static Api.BackendKind BackendKind(string kind) => kind switch
    {
        "powervm" => Api.BackendKind.Powervm,
        "powerkvm" => Api.BackendKind.Powerkvm,
        _ => Api.BackendKind.Unspecified,
    };

    public static Api.Capabilities ToProto(Capabilities c)
    {
        var pb = new Api.Capabilities
        {
            SharedProcessors = c.SharedProcessors,
            DedicatedProcessors = c.DedicatedProcessors,
            MicroPartitioning = c.MicroPartitioning,
            LiveProcessorResize = c.LiveProcessorResize,
            LiveMemoryResize = c.LiveMemoryResize,
            OfflineResize = c.OfflineResize,
            Pause = c.Pause,
            Suspend = c.Suspend,
            SoftStop = c.SoftStop,
            SoftReboot = c.SoftReboot,
            SharedMemory = c.SharedMemory,
            MemoryExpansion = c.MemoryExpansion,
            PageSharing = c.PageSharing,
            MixedEndianness = c.MixedEndianness,
            MaxVirtualProcessors = (uint)c.MaxVirtualProcessors,
            MaxMemoryMb = (ulong)c.MaxMemoryMb,
            GuestsPerCore = (uint)c.GuestsPerCore,
            Volumes = c.Volumes,
            ThinProvisioning = c.ThinProvisioning,
            LiveVolumeAttach = c.LiveVolumeAttach,
            Interfaces = c.Interfaces,
            LiveInterfaceAttach = c.LiveInterfaceAttach,
            Npiv = c.Npiv,
            SrIov = c.SrIov,
            SharedStoragePools = c.SharedStoragePools,
            PciPassthrough = c.PciPassthrough,
            LiveMigration = c.LiveMigration,
            RedundantIoServers = c.RedundantIoServers,
        };
        pb.VolumeAttachmentKinds.Add(c.VolumeAttachmentKinds.Select(k => (Api.AttachmentKind)(int)k));
        pb.GuestOsTypes.Add(c.GuestOsTypes.Select(o => (Api.OsType)((int)o + 1)));
        pb.ConsoleTypes.Add(c.ConsoleTypes.Select(t => (Api.ConsoleType)((int)t + 1)));
        pb.Unsupported.Add(c.Unsupported.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => new Api.UnsupportedFeature { Feature = kv.Key, Reason = kv.Value }));
        return pb;
    }

    public static InstanceState? StateFromProto(Api.InstanceState s) =>
        s == Api.InstanceState.Unspecified || !System.Enum.IsDefined((InstanceState)(int)s) ? null : (InstanceState)(int)s;
}
