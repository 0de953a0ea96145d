namespace PowerDrivers.Hardware.Power8.Tests;

public sealed class ManagedSystemPhypTests
{
    private readonly ManagedSystem system = Profiles.System("S822L", Firmware.Phyp);

    [Fact]
    public void Construct_S824WithOpal_ThrowsFirmwareNotSupported()
    {
        var ex = Assert.Throws<FirmwareNotSupportedException>(() => Profiles.System("S824", Firmware.Opal));
        Assert.Equal("profile S824 (8286-42A) supports phyp only; opal (PowerKVM) runs only on the Linux-only scale-out models (S812L, S822L)", ex.Message);
        Assert.Equal(Firmware.Opal, ex.Firmware);
    }

    [Theory]
    [InlineData("S812L", Firmware.Opal)]
    [InlineData("S822L", Firmware.Opal)]
    [InlineData("S822L", Firmware.Phyp)]
    [InlineData("E880", Firmware.Phyp)]
    public void Construct_SupportedFirmware_Succeeds(string model, Firmware firmware)
    {
        Assert.Equal(firmware, Profiles.System(model, firmware).Firmware);
    }

    [Fact]
    public void Construct_WithoutSerial_DerivesStableSerialFromName()
    {
        var again = Profiles.System("S822L", Firmware.Phyp);
        Assert.Equal(system.Serial, again.Serial);
        Assert.Matches("^[0-9A-Z]{7}$", system.Serial);
        Assert.Equal($"8247-22L*{system.Serial}", system.MachineTypeModelSerial);
        Assert.NotEqual(system.Serial, new ManagedSystem(system.Profile, Firmware.Phyp, "other").Serial);
    }

    [Fact]
    public void Construct_BadSerial_Throws()
    {
        Assert.Throws<ArgumentException>(() => new ManagedSystem(system.Profile, Firmware.Phyp, "x", "../etc"));
    }

    [Fact]
    public void Snapshot_Fresh_ShowsWholeMachineLessHypervisorReserve()
    {
        var s = system.Snapshot();
        Assert.Equal(20, s.ActivatedCores);
        Assert.Equal(20, s.FreeCores);
        Assert.Equal(20m, s.TotalProcessingUnits);
        Assert.Equal(2000, s.FreeProcessingUnitsCenti);
        Assert.Equal(0, s.TotalVirtualCpus);
        Assert.Equal(1024 + (524288 / 256), s.HypervisorReservedMemoryMb);
        Assert.Equal(524288 - s.HypervisorReservedMemoryMb, s.FreeMemoryMb);
        Assert.Equal(9, s.TotalSlots);
        Assert.Equal(9, s.FreeSlots);
        Assert.Equal(0, s.ReservationCount);
        Assert.Equal(8, s.SmtThreads);
        Assert.Equal(256, s.LmbSizeMb);
    }

    [Fact]
    public void Reserve_DedicatedCores_TakesWholeCoresAndTheirUnits()
    {
        system.Reserve(new CapacityRequest { DedicatedCores = 3 }, "lpar1");
        var s = system.Snapshot();
        Assert.Equal(3, s.DedicatedCores);
        Assert.Equal(17, s.FreeCores);
        Assert.Equal(17m, s.FreeProcessingUnits);
    }

    [Fact]
    public void Reserve_SharedUnitsInHundredths_AreAccountedExactly()
    {
        system.Reserve(new CapacityRequest { ProcessingUnitsCenti = CapacityRequest.ToCenti(0.05m), VirtualCpus = 1 }, "a");
        system.Reserve(new CapacityRequest { ProcessingUnitsCenti = 137 }, "b");
        var s = system.Snapshot();
        Assert.Equal(20m - 0.05m - 1.37m, s.FreeProcessingUnits);
        Assert.Equal(18, s.FreeCores);
    }

    [Fact]
    public void ToCenti_NotAHundredth_IsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CapacityRequest.ToCenti(0.055m));
        Assert.Throws<ArgumentOutOfRangeException>(() => CapacityRequest.ToCenti(-1m));
        Assert.Equal(35, CapacityRequest.ToCenti(0.35m));
    }

    [Fact]
    public void Reserve_SharedUnitsBeyondFree_ShortfallCarriesNumbers()
    {
        system.Reserve(new CapacityRequest { DedicatedCores = 19 }, "big");
        system.Reserve(new CapacityRequest { ProcessingUnitsCenti = 50 }, "half");

        var ex = Assert.Throws<InsufficientCapacityException>(() => system.Reserve(new CapacityRequest { ProcessingUnitsCenti = 51 }, "c"));

        Assert.Equal(CapacityResource.ProcessingUnits, ex.Shortfall.Resource);
        Assert.Equal(0.51m, ex.Shortfall.Requested);
        Assert.Equal(0.50m, ex.Shortfall.Available);
        Assert.Equal("processing units", ex.Shortfall.Unit);
        Assert.Contains("requested 0.51 processing units, available 0.50 processing units", ex.Message, StringComparison.Ordinal);
        Assert.False(system.TryGetReservation("c", out _));
        Assert.True(system.TryReserve(new CapacityRequest { ProcessingUnitsCenti = 50 }, "c", out _, out _));
    }

    [Fact]
    public void Reserve_DedicatedBeyondUnitsLeftByShared_IsRefused()
    {
        system.Reserve(new CapacityRequest { ProcessingUnitsCenti = 1950 }, "shared");
        Assert.False(system.TryReserve(new CapacityRequest { DedicatedCores = 1 }, "ded", out var r, out var shortfall));
        Assert.Null(r);
        Assert.Equal(CapacityResource.DedicatedCores, shortfall.Resource);
        Assert.Equal(1m, shortfall.Requested);
        Assert.Equal(0m, shortfall.Available);
    }

    [Fact]
    public void Reserve_DedicatedAndShared_IsInvalid()
    {
        var ex = Assert.Throws<InvalidCapacityRequestException>(() =>
            system.Reserve(new CapacityRequest { DedicatedCores = 1, ProcessingUnitsCenti = 10 }, "x"));
        Assert.Equal(nameof(CapacityRequest.ProcessingUnitsCenti), ex.Field);
    }

    [Theory]
    [InlineData(1000, 0)]
    [InlineData(1024, 1000)]
    [InlineData(-256, 0)]
    public void Reserve_MemoryNotLmbMultiple_IsRefusedNotRounded(long memory, long max)
    {
        var ex = Assert.Throws<InvalidCapacityRequestException>(() =>
            system.Reserve(new CapacityRequest { MemoryMb = memory, MaxMemoryMb = max }, "x"));
        Assert.Contains("256 MB logical memory block", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, system.Snapshot().ReservationCount);
    }

    [Fact]
    public void Reserve_Memory_ChargesHardwarePageTableToHypervisor()
    {
        var before = system.Snapshot();
        var r = system.Reserve(new CapacityRequest { ProcessingUnitsCenti = 10, MemoryMb = 4096, MaxMemoryMb = 32768 }, "lpar");
        var after = system.Snapshot();

        Assert.Equal(512, r.HardwarePageTableMb); // 32768 / 64
        Assert.Equal(before.HypervisorReservedMemoryMb + 512, after.HypervisorReservedMemoryMb);
        Assert.Equal(before.FreeMemoryMb - 4096 - 512, after.FreeMemoryMb);
        Assert.Equal(4096, after.AssignedMemoryMb);
        Assert.Equal(256, system.HardwarePageTableMb(4096)); // 64 MB rounded up to one LMB
    }

    [Fact]
    public void Reserve_MemoryBeyondFree_ShortfallCountsPageTable()
    {
        var free = system.Snapshot().FreeMemoryMb;
        var ex = Assert.Throws<InsufficientCapacityException>(() => system.Reserve(new CapacityRequest { MemoryMb = free }, "x"));
        Assert.Equal(CapacityResource.Memory, ex.Shortfall.Resource);
        Assert.Equal(free + system.HardwarePageTableMb(free), ex.Shortfall.Requested);
        Assert.Equal(free, ex.Shortfall.Available);
        Assert.Equal("MB", ex.Shortfall.Unit);
        Assert.Contains("hardware page table", ex.Shortfall.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Release_Twice_RestoresCapacityExactlyOnce()
    {
        var before = system.Snapshot();
        var slot = system.Profile.PcieSlots[0].LocationCode;
        var r = system.Reserve(new CapacityRequest { DedicatedCores = 2, MemoryMb = 8192, MaxMemoryMb = 16384, Slots = [slot] }, "vios1");
        Assert.Equal("vios1", system.SlotOwner(slot));

        r.Release();
        r.Release();

        Assert.True(r.IsReleased);
        Assert.Equal(before, system.Snapshot());
        Assert.Null(system.SlotOwner(slot));
        Assert.Throws<InvalidOperationException>(() => r.Resize(new CapacityRequest()));
    }

    [Fact]
    public void Resize_WhenFits_ReplacesHoldingAtomically()
    {
        var r = system.Reserve(new CapacityRequest { ProcessingUnitsCenti = 100, MemoryMb = 4096 }, "lpar");
        r.Resize(new CapacityRequest { ProcessingUnitsCenti = 250, MemoryMb = 8192, MaxMemoryMb = 16384 });

        var s = system.Snapshot();
        Assert.Equal(17.5m, s.FreeProcessingUnits);
        Assert.Equal(8192, s.AssignedMemoryMb);
        Assert.Equal(256, r.HardwarePageTableMb);
        Assert.Equal(250, r.Request.ProcessingUnitsCenti);
    }

    [Fact]
    public void Resize_WhenOnePartDoesNotFit_ChangesNothing()
    {
        system.Reserve(new CapacityRequest { DedicatedCores = 18 }, "other");
        var r = system.Reserve(new CapacityRequest { ProcessingUnitsCenti = 100, MemoryMb = 4096 }, "lpar");
        var before = system.Snapshot();

        // Memory would fit, processing units (3.00 > 2.00 available to it) would not.
        Assert.False(r.TryResize(new CapacityRequest { ProcessingUnitsCenti = 300, MemoryMb = 8192 }, out var shortfall));

        Assert.Equal(CapacityResource.ProcessingUnits, shortfall.Resource);
        Assert.Equal(3m, shortfall.Requested);
        Assert.Equal(2m, shortfall.Available);
        Assert.Equal(before, system.Snapshot());
        Assert.Equal(100, r.Request.ProcessingUnitsCenti);
        Assert.Equal(4096, r.Request.MemoryMb);
    }

    [Fact]
    public void Reserve_SlotOwnedByAnother_IsRefused()
    {
        var slot = system.Profile.PcieSlots[0].LocationCode;
        system.Reserve(new CapacityRequest { Slots = [slot] }, "vios1");

        var ex = Assert.Throws<InsufficientCapacityException>(() =>
            system.Reserve(new CapacityRequest { Slots = [slot.ToLowerInvariant()] }, "vios2"));

        Assert.Equal(CapacityResource.Slot, ex.Shortfall.Resource);
        Assert.Contains("assigned to vios1", ex.Shortfall.Detail, StringComparison.Ordinal);
        Assert.Equal(1, system.Snapshot().UsedSlots);
    }

    [Fact]
    public void Resize_DroppingSlot_FreesItForOthers()
    {
        var slots = system.Profile.PcieSlots.Take(2).Select(s => s.LocationCode).ToList();
        var vios1 = system.Reserve(new CapacityRequest { Slots = slots }, "vios1");
        vios1.Resize(new CapacityRequest { Slots = [slots[0]] });

        system.Reserve(new CapacityRequest { Slots = [slots[1]] }, "vios2");

        Assert.Equal("vios1", system.SlotOwner(slots[0]));
        Assert.Equal("vios2", system.SlotOwner(slots[1]));
    }

    [Fact]
    public void Reserve_UnknownOrRepeatedSlot_IsInvalid()
    {
        var slot = system.Profile.PcieSlots[0].LocationCode;
        Assert.Throws<InvalidCapacityRequestException>(() => system.Reserve(new CapacityRequest { Slots = ["U0000.001.NOPE-P1-C1"] }, "x"));
        Assert.Throws<InvalidCapacityRequestException>(() => system.Reserve(new CapacityRequest { Slots = [slot, slot] }, "x"));
    }

    [Fact]
    public void Reserve_SameOwnerTwice_IsRefused()
    {
        system.Reserve(new CapacityRequest { ProcessingUnitsCenti = 10 }, "lpar");
        Assert.Throws<InvalidOperationException>(() => system.Reserve(new CapacityRequest { ProcessingUnitsCenti = 10 }, "lpar"));
    }

    [Fact]
    public void Reserve_BeyondMaxPartitions_IsRefused()
    {
        var profile = Profiles.BuiltIn.Get("S812L");
        var small = new ManagedSystem(profile, Firmware.Phyp, "small");
        for (var i = 0; i < profile.MaxPartitions; i++)
        {
            small.Reserve(new CapacityRequest { ProcessingUnitsCenti = 5 }, $"p{i}");
        }

        Assert.False(small.TryReserve(new CapacityRequest { ProcessingUnitsCenti = 5 }, "one-more", out _, out var shortfall));
        Assert.Equal(CapacityResource.Partitions, shortfall.Resource);
        Assert.Equal(profile.MaxPartitions, shortfall.Available);
    }

    [Fact]
    public void Reserve_SystemKind_UsesCapacityButNoPartitionSlot()
    {
        var profile = Profiles.BuiltIn.Get("E880");
        var small = new ManagedSystem(profile, Firmware.Phyp, "large");
        var pool = small.Reserve(new CapacityRequest { ProcessingUnitsCenti = 50 }, "pool:1", ReservationKind.System);
        for (var i = 0; i < profile.MaxPartitions; i++)
        {
            small.Reserve(new CapacityRequest { ProcessingUnitsCenti = 5 }, $"p{i}");
        }

        var snapshot = small.Snapshot();
        Assert.Equal(profile.MaxPartitions, snapshot.PartitionCount);
        Assert.Equal(profile.MaxPartitions + 1, snapshot.ReservationCount);
        Assert.Equal(ReservationKind.System, pool.Kind);
        Assert.False(small.TryReserve(new CapacityRequest { ProcessingUnitsCenti = 5 }, "one-more", out _, out var shortfall));
        Assert.Equal(CapacityResource.Partitions, shortfall.Resource);

        // Another system hold still fits (capacity allowing), and releasing a partition frees its slot.
        Assert.True(small.TryReserve(new CapacityRequest { ProcessingUnitsCenti = 5 }, "pool:2", ReservationKind.System, out _, out _));
        Assert.True(small.TryGetReservation("p0", out var p0));
        p0.Release();
        Assert.True(small.TryReserve(new CapacityRequest { ProcessingUnitsCenti = 5 }, "one-more", out var added, out _));
        Assert.Equal(ReservationKind.Partition, added.Kind);
    }

    [Fact]
    public void Reserve_E880_HoldsAThousandSmallPartitions()
    {
        var e880 = Profiles.System("E880", Firmware.Phyp);
        for (var i = 0; i < 1000; i++)
        {
            e880.Reserve(new CapacityRequest { ProcessingUnitsCenti = 10, VirtualCpus = 1, MemoryMb = 2048, MaxMemoryMb = 4096 }, $"lpar{i}");
        }

        var s = e880.Snapshot();
        Assert.Equal(1000, s.ReservationCount);
        Assert.Equal(192m - 100m, s.FreeProcessingUnits);
        Assert.True(s.FreeMemoryMb > 0);
    }
}
