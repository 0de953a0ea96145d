using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.Model;
using PowerDrivers.Driver.Core.Placement;
using Xunit;

namespace PowerDrivers.Driver.Core.Tests.Placement;

public sealed class PlacementPolicyTests
{
    private static readonly Capabilities PowerVmLike = new()
    {
        SharedProcessors = true,
        DedicatedProcessors = true,
        MicroPartitioning = true,
        SharedMemory = true,
        MemoryExpansion = true,
        GuestOsTypes = [OsType.Linux, OsType.Aix, OsType.IbmI],
    };

    private static readonly Capabilities KvmLike = new()
    {
        SharedProcessors = true,
        DedicatedProcessors = false,
        MicroPartitioning = false,
        GuestOsTypes = [OsType.Linux],
    };

    private static HostInfo Host(string name, long freeMb = 16384, decimal freeUnits = 8m, int freeCores = 8, int freeVcpus = 64,
        bool operating = true, Capabilities? caps = null) => new()
    {
        Name = name,
        Profile = "S822L",
        MachineType = "8247",
        Model = "22L",
        Serial = "SN-" + name,
        Firmware = FirmwareKind.Phyp,
        Backend = "powervm",
        Operating = operating,
        StatusReason = operating ? "" : "HMC unreachable",
        Processors = new HostProcessorCapacity(2, 20, 20, freeCores, 20m, freeUnits, 8, 3.42m, freeVcpus),
        Memory = new HostMemoryCapacity(262144, 262144, 4096, freeMb, 256, 262144),
        Capabilities = caps ?? PowerVmLike,
    };

    private static InstanceSpec Shared(decimal units = 0.5m, int vcpus = 1, long memoryMb = 2048) => new(
        "vm-1", "",
        new ProcessorSpec(ProcessorMode.Shared, new CountRange(1, vcpus, Math.Max(vcpus, 2)), new UnitsRange(0.1m, units, Math.Max(units, 2m))),
        new MemorySpec(1024, memoryMb, Math.Max(memoryMb, 4096)),
        GuestSpec.Default,
        new Dictionary<string, string>());

    private static InstanceSpec DedicatedCores(int cores) => Shared() with
    {
        Processors = new ProcessorSpec(ProcessorMode.Dedicated, new CountRange(1, cores, cores), null),
    };

    [Fact]
    public void Choose_SeveralFitting_PicksMostFreeMemory()
    {
        var chosen = PlacementPolicy.Choose(Shared(), [Host("a", freeMb: 8192), Host("b", freeMb: 65536), Host("c", freeMb: 32768)]);
        Assert.Equal("b", chosen.Name);
    }

    [Fact]
    public void Choose_EqualFreeMemory_TieBreaksByNameWhateverTheInputOrder()
    {
        HostInfo[] hosts = [Host("host-c"), Host("host-a"), Host("host-b")];
        Assert.Equal("host-a", PlacementPolicy.Choose(Shared(), hosts).Name);
        Assert.Equal("host-a", PlacementPolicy.Choose(Shared(), hosts.Reverse()).Name);
    }

    [Fact]
    public void Choose_NotOperatingHostWithMostMemory_IsSkipped()
    {
        var chosen = PlacementPolicy.Choose(Shared(), [Host("a", freeMb: 999_999, operating: false), Host("b", freeMb: 4096)]);
        Assert.Equal("b", chosen.Name);
        Assert.Equal("not operating (HMC unreachable)", PlacementPolicy.Rejection(Shared(), Host("a", operating: false)));
    }

    [Fact]
    public void Choose_OsTypeNotSupported_SkipsHost()
    {
        var aix = Shared() with { Guest = new GuestSpec(OsType.Aix, Endianness.Big) };
        var chosen = PlacementPolicy.Choose(aix, [Host("a", freeMb: 999_999, caps: KvmLike), Host("b")]);
        Assert.Equal("b", chosen.Name);
        Assert.Contains("Aix", PlacementPolicy.Rejection(aix, Host("a", caps: KvmLike)), StringComparison.Ordinal);
    }

    [Fact]
    public void Choose_DedicatedNotSupported_SkipsHost()
    {
        var chosen = PlacementPolicy.Choose(DedicatedCores(2), [Host("a", freeMb: 999_999, caps: KvmLike), Host("b")]);
        Assert.Equal("b", chosen.Name);
        Assert.Contains("dedicated", PlacementPolicy.Rejection(DedicatedCores(2), Host("a", caps: KvmLike)), StringComparison.Ordinal);
    }

    [Fact]
    public void Choose_SharedMemoryOrExpansionNotSupported_SkipsHost()
    {
        var ams = Shared() with { Memory = new MemorySpec(1024, 2048, 4096, MemoryMode.Shared) };
        var ame = Shared() with { Memory = new MemorySpec(1024, 2048, 4096, ExpansionFactor: 1.5m) };
        Assert.NotNull(PlacementPolicy.Rejection(ams, Host("kvm", caps: KvmLike)));
        Assert.NotNull(PlacementPolicy.Rejection(ame, Host("kvm", caps: KvmLike)));
        Assert.Null(PlacementPolicy.Rejection(ams, Host("pvm")));
        Assert.Null(PlacementPolicy.Rejection(ame, Host("pvm")));
    }

    [Fact]
    public void Choose_NotEnoughProcessingUnits_SkipsHost()
    {
        var spec = Shared(units: 1.5m);
        var chosen = PlacementPolicy.Choose(spec, [Host("a", freeMb: 999_999, freeUnits: 1.49m), Host("b", freeUnits: 1.5m)]);
        Assert.Equal("b", chosen.Name);
        Assert.Equal("1.49 processing units free, 1.5 wanted", PlacementPolicy.Rejection(spec, Host("a", freeUnits: 1.49m)));
    }

    [Fact]
    public void Choose_NotEnoughCores_SkipsHost()
    {
        var spec = DedicatedCores(4);
        var chosen = PlacementPolicy.Choose(spec, [Host("a", freeMb: 999_999, freeCores: 3), Host("b", freeCores: 4)]);
        Assert.Equal("b", chosen.Name);
        Assert.Equal("3 cores free, 4 wanted", PlacementPolicy.Rejection(spec, Host("a", freeCores: 3)));
    }

    [Fact]
    public void Choose_NotEnoughVirtualCpusWithoutMicroPartitioning_SkipsHost()
    {
        var spec = Shared(vcpus: 4);
        var chosen = PlacementPolicy.Choose(spec, [Host("a", freeMb: 999_999, freeVcpus: 3, caps: KvmLike), Host("b", freeVcpus: 4, caps: KvmLike)]);
        Assert.Equal("b", chosen.Name);
        Assert.Equal("3 vCPUs free, 4 wanted", PlacementPolicy.Rejection(spec, Host("a", freeVcpus: 3, caps: KvmLike)));
        // Micro-partitioned hosts count processing units, not vCPUs.
        Assert.Null(PlacementPolicy.Rejection(spec, Host("pvm", freeVcpus: 0)));
    }

    [Fact]
    public void Choose_NotEnoughMemory_SkipsHost()
    {
        var spec = Shared(memoryMb: 8192);
        var chosen = PlacementPolicy.Choose(spec, [Host("a", freeMb: 8191), Host("b", freeMb: 8192)]);
        Assert.Equal("b", chosen.Name);
        Assert.Equal("8191 MB free, 8192 MB wanted", PlacementPolicy.Rejection(spec, Host("a", freeMb: 8191)));
    }

    [Fact]
    public void Choose_NoHostFits_ThrowsNoValidHostListingEachHostsReason()
    {
        var spec = DedicatedCores(4) with { Memory = new MemorySpec(1024, 8192, 8192) };
        HostInfo[] hosts =
        [
            Host("d-down", operating: false),
            Host("c-kvm", caps: KvmLike),
            Host("b-small", freeMb: 4096),
            Host("a-busy", freeCores: 1),
        ];

        var error = Assert.Throws<InsufficientCapacityError>(() => PlacementPolicy.Choose(spec, hosts));
        Assert.Equal(ErrorReasons.NoValidHost, error.Reason);
        Assert.Equal(DriverErrorKind.InsufficientCapacity, error.Kind);
        Assert.Equal("", error.Host);
        Assert.Equal(8192m, error.Requested);
        Assert.Equal("MB", error.Unit);
        Assert.Equal(
            "no valid host was found: a-busy: 1 cores free, 4 wanted; b-small: 4096 MB free, 8192 MB wanted; "
            + "c-kvm: powervm has no dedicated processors; d-down: not operating (HMC unreachable)",
            error.Message);
    }

    [Fact]
    public void Choose_NoHosts_ThrowsNoValidHostSayingNoneAreConfigured()
    {
        var error = Assert.Throws<InsufficientCapacityError>(() => PlacementPolicy.Choose(Shared(), []));
        Assert.Equal(ErrorReasons.NoValidHost, error.Reason);
        Assert.Contains("no hosts are configured", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejection_HostThatFits_IsNull() => Assert.Null(PlacementPolicy.Rejection(Shared(), Host("a")));
}
