using PowerDrivers.Emulator.Hmc.Model;

namespace PowerDrivers.Emulator.Hmc.Tests;

public sealed class PartitionRuleTests : IDisposable
{
    private readonly TestHmc hmc = new();

    public void Dispose() => hmc.Dispose();

    [Fact]
    public void Create_WithUnitsBelowFivePercentPerVirtualProcessor_IsRefusedWithHscl1566()
    {
        var ex = Refusals.Expect(Hscl.ProcessorRatio, () => hmc.System.Create(TestHmc.Shared("ratio", minCenti: 10, desiredCenti: 10, maxCenti: 10, minVp: 1, desiredVp: 3, maxVp: 3)));
        Assert.Contains("ratio of assigned processing units to assigned virtual processors", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_WithFewerVirtualProcessorsThanUnits_IsRefusedWithHscl1566() =>
        Refusals.Expect(Hscl.ProcessorRatio, () => hmc.System.Create(TestHmc.Shared("vp", minCenti: 50, desiredCenti: 150, maxCenti: 200, minVp: 1, desiredVp: 1, maxVp: 2)));

    [Fact]
    public void Create_AtExactlyFivePercentPerVirtualProcessor_IsAccepted()
    {
        var p = hmc.System.Create(TestHmc.Shared("twenty", minCenti: 5, desiredCenti: 100, maxCenti: 100, minVp: 1, desiredVp: 20, maxVp: 20));
        Assert.Equal(20, p.Definition.Processors.DesiredVirtualProcessors);
    }

    [Theory]
    [InlineData(1000, 2048, 4096)]
    [InlineData(1024, 2000, 4096)]
    [InlineData(1024, 2048, 4100)]
    public void Create_WithMemoryNotMultipleOfLmb_IsRefusedNotRounded(long min, long desired, long max) =>
        Refusals.Expect(Hscl.MemoryNotLmbMultiple, () => hmc.System.Create(TestHmc.Shared("mem", minMb: min, desiredMb: desired, maxMb: max)));

    [Fact]
    public void Create_WithMinimumAboveDesired_IsRefused() =>
        Refusals.Expect(Hscl.InvalidValue, () => hmc.System.Create(TestHmc.Shared("order", minMb: 4096, desiredMb: 2048, maxMb: 4096)));

    [Fact]
    public void Create_WithMaximumMemoryAboveConfigurable_IsRefused() =>
        Refusals.Expect(Hscl.InvalidValue, () => hmc.System.Create(TestHmc.Shared("huge", maxMb: 1024L * 1024 * 4)));

    [Theory]
    [InlineData("bad(name")]
    [InlineData("bad*name")]
    [InlineData("bad'name")]
    [InlineData("bad`name")]
    [InlineData("tab\tname")]
    [InlineData("")]
    [InlineData("a-name-that-is-thirty-two-chars!")]
    public void Create_WithInvalidName_IsRefused(string name) =>
        Refusals.Expect(Hscl.InvalidName, () => hmc.System.Create(TestHmc.Shared(name)));

    [Fact]
    public void Create_WithThirtyOneCharacterName_IsAccepted() =>
        Assert.Equal(31, hmc.System.Create(TestHmc.Shared(new string('x', 31))).Definition.Name.Length);

    [Fact]
    public void Create_WithDuplicateName_IsRefused()
    {
        hmc.System.Create(TestHmc.Shared("twin"));
        Refusals.Expect(Hscl.DuplicateName, () => hmc.System.Create(TestHmc.Shared("twin")));
    }

    [Fact]
    public void Create_SameNameOnAnotherSystem_IsAccepted()
    {
        hmc.Model.Systems[0].Create(TestHmc.Shared("everywhere"));
        Assert.Equal("everywhere", hmc.Model.Systems[1].Create(TestHmc.Shared("everywhere")).Definition.Name);
    }

    [Fact]
    public void Create_WithIdInUseOrOutOfRange_IsRefused()
    {
        Refusals.Expect(Hscl.InvalidId, () => hmc.System.Create(TestHmc.Shared("vios-id") with { Id = 1 }));
        Refusals.Expect(Hscl.InvalidId, () => hmc.System.Create(TestHmc.Shared("too-high") with { Id = hmc.System.Machine.Profile.MaxPartitions + 1 }));
    }

    [Fact]
    public void Create_WithoutId_TakesLowestFreeIdAfterVioses() =>
        Assert.Equal(3, hmc.System.Create(TestHmc.Shared("first")).Definition.Id);

    [Theory]
    [InlineData(-1)]
    [InlineData(256)]
    public void Create_WithUncappedWeightOutOfRange_IsRefused(int weight) =>
        Refusals.Expect(Hscl.InvalidValue, () => hmc.System.Create(TestHmc.Shared("weight") with { Processors = ProcessorSettings.Shared(10, 50, 100, 1, 1, 1, weight: weight) }));

    [Fact]
    public void Create_WithUnitsBelowMinimumEntitlement_IsRefused() =>
        Refusals.Expect(Hscl.InvalidValue, () => hmc.System.Create(TestHmc.Shared("tiny", minCenti: 4, desiredCenti: 10, maxCenti: 10)));

    [Fact]
    public void Create_WithDedicatedMaximumAboveActivatedCores_IsRefused() =>
        Refusals.Expect(Hscl.InvalidValue, () => hmc.System.Create(TestHmc.Dedicated("big", 1, 2, 21)));

    [Fact]
    public void Create_InUnconfiguredPool_IsRefused() =>
        Refusals.Expect(Hscl.InvalidValue, () => hmc.System.Create(TestHmc.Shared("pooled", pool: 5)));

    [Fact]
    public void Create_LeavesPartitionNotActivatedHoldingNothing()
    {
        var before = hmc.System.Machine.Snapshot();
        var p = hmc.System.Create(TestHmc.Shared("idle"));
        Assert.Equal(PartitionState.NotActivated, p.State);
        Assert.Equal(Allocation.None, p.Current);
        Assert.Equal(before.FreeProcessingUnitsCenti, hmc.System.Machine.Snapshot().FreeProcessingUnitsCenti);
    }

    [Fact]
    public void Update_WithStaleEtag_IsRefusedWith412()
    {
        var p = hmc.System.Create(TestHmc.Shared("etag"));
        hmc.System.Update(p.Uuid, p.Definition with { AvailabilityPriority = 100 }, p.ETag);
        var ex = Refusals.Expect(Hscl.EtagMismatch, () => hmc.System.Update(p.Uuid, p.Definition with { AvailabilityPriority = 50 }, p.ETag));
        Assert.Equal(412, ex.HttpStatus);
    }

    [Fact]
    public void DefaultSystems_AreTwoS822LWithTwoRunningViosOwningTheAdapters()
    {
        Assert.Equal(["powervm-1", "powervm-2"], hmc.Model.Systems.Select(s => s.Name));
        var vioses = hmc.System.Partitions(vios: true);
        Assert.Equal(2, vioses.Count);
        Assert.All(vioses, v => Assert.Equal(PartitionState.Running, v.State));
        Assert.All(vioses, v => Assert.True(v.RmcActive));
        var adapters = hmc.System.Machine.Profile.PcieSlots.Count(s => s.Adapter is not null);
        Assert.Equal(adapters, vioses.Sum(v => v.Definition.Slots.Count));
        Assert.Equal(adapters, hmc.System.Machine.Snapshot().UsedSlots);
        Assert.Equal(1800, hmc.System.Machine.Snapshot().FreeProcessingUnitsCenti);
    }

    [Fact]
    public void SharedPools_AreDefaultPlusSixtyThree()
    {
        var pools = hmc.System.Pools();
        Assert.Equal(64, pools.Count);
        Assert.Equal("DefaultPool", pools[0].Pool.Name);
        Assert.Equal(63, pools[^1].Pool.Id);
    }
}
