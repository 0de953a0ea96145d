using Api = PowerDrivers.V1;

namespace PowerDrivers.Parity.Scenarios;

/// <summary>Instance specs the scenarios send; the host is filled in by the probe. Memory values are 256 MB LMB multiples.</summary>
internal static class Specs
{
    public static Api.InstanceSpec Shared(string name, (uint Min, uint Desired, uint Max) vp, (double Min, double Desired, double Max) pu,
        (ulong Min, ulong Desired, ulong Max) memory, Api.Endianness endianness = Api.Endianness.Little, Api.OsType os = Api.OsType.Linux) => new()
    {
        Name = name,
        Processors = new Api.ProcessorSpec
        {
            Mode = Api.ProcessorMode.Shared,
            VirtualProcessors = new Api.CountRange { Min = vp.Min, Desired = vp.Desired, Max = vp.Max },
            ProcessingUnits = new Api.UnitsRange { Min = pu.Min, Desired = pu.Desired, Max = pu.Max },
        },
        Memory = new Api.MemorySpec { MinMb = memory.Min, DesiredMb = memory.Desired, MaxMb = memory.Max },
        Guest = new Api.GuestSpec { OsType = os, Endianness = endianness },
    };

    /// <summary>A small shared instance: 1-2-4 VP on 0.1-0.5-2.0 PU, 1-2-8 GB.</summary>
    public static Api.InstanceSpec Small(string name, Api.Endianness endianness = Api.Endianness.Little, Api.OsType os = Api.OsType.Linux) =>
        Shared(name, (1, 2, 4), (0.1, 0.5, 2.0), (1024, 2048, 8192), endianness, os);

    public static Api.InstanceSpec Dedicated(string name, (uint Min, uint Desired, uint Max) cores, (ulong Min, ulong Desired, ulong Max) memory) => new()
    {
        Name = name,
        Processors = new Api.ProcessorSpec
        {
            Mode = Api.ProcessorMode.Dedicated,
            VirtualProcessors = new Api.CountRange { Min = cores.Min, Desired = cores.Desired, Max = cores.Max },
        },
        Memory = new Api.MemorySpec { MinMb = memory.Min, DesiredMb = memory.Desired, MaxMb = memory.Max },
        Guest = new Api.GuestSpec { OsType = Api.OsType.Linux, Endianness = Api.Endianness.Little },
    };

    public static Api.ResizeInstanceRequest Resize(string id, Api.InstanceSpec shape) =>
        new() { Id = id, Processors = shape.Processors, Memory = shape.Memory };
}
