namespace PowerDrivers.Hardware.Power8.Tests;

public sealed class ManagedSystemOpalTests
{
    private readonly ManagedSystem system = Profiles.System("S822L", Firmware.Opal);

    [Fact]
    public void Snapshot_Fresh_OffersThreadsTimesOvercommitAndNoUnits()
    {
        var s = system.Snapshot();
        Assert.Equal(20 * 8 * 4, s.TotalVirtualCpus);
        Assert.Equal(s.TotalVirtualCpus, s.FreeVirtualCpus);
        Assert.Equal(0m, s.TotalProcessingUnits);
        Assert.Equal(0m, s.FreeProcessingUnits);
        Assert.Equal(4096, s.HypervisorReservedMemoryMb);
        Assert.Equal(524288 - 4096, s.FreeMemoryMb);
    }

    [Fact]
    public void Reserve_ProcessingUnits_IsRefusedWithClearReason()
    {
        var ex = Assert.Throws<InvalidCapacityRequestException>(() =>
            system.Reserve(new CapacityRequest { ProcessingUnitsCenti = 50 }, "guest"));
        Assert.Equal(nameof(CapacityRequest.ProcessingUnitsCenti), ex.Field);
        Assert.Contains("only under PHYP", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reserve_VirtualCpus_DrawFromThreadPoolWithoutPageTable()
    {
        var r = system.Reserve(new CapacityRequest { VirtualCpus = 16, MemoryMb = 8192, MaxMemoryMb = 65536 }, "guest");
        var s = system.Snapshot();
        Assert.Equal(640 - 16, s.FreeVirtualCpus);
        Assert.Equal(0, r.HardwarePageTableMb);
        Assert.Equal(524288 - 4096 - 8192, s.FreeMemoryMb);
    }

    [Fact]
    public void Reserve_VirtualCpusBeyondOvercommit_ShortfallCarriesNumbers()
    {
        var strict = Profiles.System("S822L", Firmware.Opal, new ManagedSystemOptions { CpuOvercommitRatio = 1.0 });
        strict.Reserve(new CapacityRequest { VirtualCpus = 150 }, "a");

        var ex = Assert.Throws<InsufficientCapacityException>(() => strict.Reserve(new CapacityRequest { VirtualCpus = 11 }, "b"));

        Assert.Equal(CapacityResource.VirtualCpus, ex.Shortfall.Resource);
        Assert.Equal(11m, ex.Shortfall.Requested);
        Assert.Equal(10m, ex.Shortfall.Available);
        Assert.Equal("vCPUs", ex.Shortfall.Unit);
    }

    [Fact]
    public void Reserve_DedicatedCores_ShrinkSharedThreadPool()
    {
        var strict = Profiles.System("S822L", Firmware.Opal, new ManagedSystemOptions { CpuOvercommitRatio = 1.0 });
        strict.Reserve(new CapacityRequest { DedicatedCores = 2, VirtualCpus = 16 }, "pinned");
        strict.Reserve(new CapacityRequest { VirtualCpus = 100 }, "floating");

        var s = strict.Snapshot();
        Assert.Equal(18 * 8, s.TotalVirtualCpus);
        Assert.Equal(44, s.FreeVirtualCpus);
        Assert.Equal(18 - 13, s.FreeCores); // 100 vCPUs need 13 cores of 8 threads
        Assert.False(strict.TryReserve(new CapacityRequest { DedicatedCores = 6 }, "more", out _, out var shortfall));
        Assert.Equal(CapacityResource.DedicatedCores, shortfall.Resource);
        Assert.Equal(5m, shortfall.Available);
    }

    [Fact]
    public void Reserve_VcpusBeyondDedicatedThreads_IsInvalid()
    {
        Assert.Throws<InvalidCapacityRequestException>(() => system.Reserve(new CapacityRequest { DedicatedCores = 1, VirtualCpus = 9 }, "g"));
    }

    [Fact]
    public void Reserve_MemoryWithOvercommit_OffersMoreThanPhysical()
    {
        var loose = Profiles.System("S822L", Firmware.Opal, new ManagedSystemOptions { MemoryOvercommitRatio = 1.5 });
        Assert.Equal((524288 - 4096) * 3 / 2, loose.Snapshot().FreeMemoryMb);
        loose.Reserve(new CapacityRequest { MemoryMb = 600 * 1024 }, "big");
        Assert.Equal(((524288 - 4096) * 3 / 2) - (600 * 1024), loose.Snapshot().FreeMemoryMb);
    }

    [Fact]
    public void Options_Invalid_AreRejectedAtConstruction()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Profiles.System("S822L", Firmware.Opal, new ManagedSystemOptions { CpuOvercommitRatio = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Profiles.System("S822L", Firmware.Opal, new ManagedSystemOptions { MemoryOvercommitRatio = double.NaN }));
    }
}
