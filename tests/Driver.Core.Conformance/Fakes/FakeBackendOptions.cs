using PowerDrivers.Driver.Core.Model;

namespace PowerDrivers.Driver.Core.Conformance.Fakes;

/// <summary>How a <see cref="FakeComputeBackend"/> behaves: its hosts, the size of each, and what it can do.</summary>
public sealed record FakeBackendOptions
{
    /// <summary>Hosts served; each gets its own capacity of the size below.</summary>
    public IReadOnlyList<string> Hosts { get; init; } = ["fake-host-1"];
    /// <summary>Reported backend kind.</summary>
    public string Kind { get; init; } = "fake";
    /// <summary>Active cores per host (1.00 processing unit each).</summary>
    public int Cores { get; init; } = 8;
    /// <summary>Hardware threads per core.</summary>
    public int SmtThreads { get; init; } = 8;
    /// <summary>Memory per host, MB.</summary>
    public long MemoryMb { get; init; } = 32768;
    /// <summary>Memory the hypervisor keeps, MB.</summary>
    public long HypervisorReservedMb { get; init; } = 1024;
    /// <summary>Logical memory block: allocations are rounded up to it and specs must be multiples of it.</summary>
    public long LmbSizeMb { get; init; } = 256;
    /// <summary>vCPUs per core that may be given out when micro-partitioning is off.</summary>
    public int VirtualCpusPerCore { get; init; } = 8;
    /// <summary>Shared-processor instances.</summary>
    public bool SharedProcessors { get; init; } = true;
    /// <summary>Dedicated-core instances.</summary>
    public bool DedicatedProcessors { get; init; } = true;
    /// <summary>Fractional processing units (when false, shared instances are counted in vCPUs).</summary>
    public bool MicroPartitioning { get; init; } = true;
    /// <summary>Pause/unpause.</summary>
    public bool Pause { get; init; } = true;
    /// <summary>Suspend/resume.</summary>
    public bool Suspend { get; init; } = true;
    /// <summary>OS-level shutdown.</summary>
    public bool SoftStop { get; init; } = true;
    /// <summary>OS-level reboot.</summary>
    public bool SoftReboot { get; init; } = true;
    /// <summary>Processor changes while running.</summary>
    public bool LiveProcessorResize { get; init; } = true;
    /// <summary>Memory changes while running.</summary>
    public bool LiveMemoryResize { get; init; } = true;
    /// <summary>Changes while stopped.</summary>
    public bool OfflineResize { get; init; } = true;
    /// <summary>Guest OS families accepted.</summary>
    public IReadOnlyList<OsType> GuestOsTypes { get; init; } = [OsType.Linux, OsType.Aix];

    /// <summary>How volumes attach (the first is the default).</summary>
    public IReadOnlyList<AttachmentKind> VolumeKinds { get; init; } = [AttachmentKind.VirtioBlk, AttachmentKind.Vscsi];

    /// <summary>Volumes and interfaces attach to running instances.</summary>
    public bool LiveDeviceAttach { get; init; } = true;

    /// <summary>Storage per host for volumes, GiB (thick volumes count in full, thin ones not).</summary>
    public long VolumeCapacityGb { get; init; } = 1000;

    /// <summary>A backend that can do everything it models.</summary>
    public static FakeBackendOptions Full { get; } = new();

    /// <summary>A backend like a minimal platform: no pause, suspend, soft power actions or live resize.</summary>
    public static FakeBackendOptions Minimal { get; } = new()
    {
        Pause = false,
        Suspend = false,
        SoftStop = false,
        SoftReboot = false,
        LiveProcessorResize = false,
        LiveMemoryResize = false,
    };
}
