using PowerDrivers.Emulator.Hmc.Jobs;
using PowerDrivers.Emulator.Hmc.Model;

namespace PowerDrivers.Emulator.Hmc.Tests;

public sealed class PartitionLifecycleTests : IDisposable
{
    private readonly TestHmc hmc = new();

    public void Dispose() => hmc.Dispose();

    [Fact]
    public async Task PowerOn_WithFreeCapacity_GrantsDesiredAndReservesOnManagedSystem()
    {
        var p = hmc.System.Create(TestHmc.Shared("web", minCenti: 10, desiredCenti: 150, maxCenti: 200, minVp: 1, desiredVp: 2, maxVp: 4, desiredMb: 8192, maxMb: 16384));
        var before = hmc.System.Machine.Snapshot();
        var job = await hmc.PowerOnAsync(p.Uuid);
        Assert.Equal(JobStatus.CompletedOk, job.Status);
        var running = hmc.System.Find(p.Uuid)!;
        Assert.Equal(PartitionState.Running, running.State);
        Assert.True(running.RmcActive);
        Assert.Equal(new Allocation(0, 150, 2, 8192), running.Current);
        var after = hmc.System.Machine.Snapshot();
        Assert.Equal(before.FreeProcessingUnitsCenti - 150, after.FreeProcessingUnitsCenti);
        Assert.Equal(before.FreeMemoryMb - 8192 - hmc.System.Machine.HardwarePageTableMb(16384), after.FreeMemoryMb);
        Assert.True(hmc.System.Machine.TryGetReservation(p.Uuid, out _));
    }

    [Fact]
    public async Task PowerOn_WhenCapacityShort_GrantsBetweenMinimumAndDesired()
    {
        var filler = hmc.System.Create(TestHmc.Shared("filler", minCenti: 1700, desiredCenti: 1700, maxCenti: 1700, minVp: 17, desiredVp: 17, maxVp: 17));
        await hmc.PowerOnAsync(filler.Uuid);
        var p = hmc.System.Create(TestHmc.Shared("squeezed", minCenti: 50, desiredCenti: 200, maxCenti: 200, minVp: 1, desiredVp: 2, maxVp: 2));
        await hmc.PowerOnAsync(p.Uuid);
        var running = hmc.System.Find(p.Uuid)!;
        Assert.Equal(PartitionState.Running, running.State);
        Assert.Equal(100, running.Current.UnitsCenti);
    }

    [Fact]
    public async Task PowerOn_WhenEvenMinimumDoesNotFit_FailsWithHsclAndStaysNotActivated()
    {
        var p = hmc.System.Create(TestHmc.Dedicated("greedy", 19, 19, 20));
        var job = await hmc.PowerOnAsync(p.Uuid);
        Assert.Equal(JobStatus.CompletedWithError, job.Status);
        Assert.StartsWith(Hscl.InsufficientResources, job.Results.Single(r => r.Key == "result").Value, StringComparison.Ordinal);
        Assert.Equal(PartitionState.NotActivated, hmc.System.Find(p.Uuid)!.State);
        Assert.False(hmc.System.Machine.TryGetReservation(p.Uuid, out _));
    }

    [Fact]
    public async Task PowerOn_WhenRunning_FailsWithAlreadyPoweredOn()
    {
        var p = hmc.System.Create(TestHmc.Shared("twice"));
        await hmc.PowerOnAsync(p.Uuid);
        var job = await hmc.PowerOnAsync(p.Uuid);
        Assert.Equal(JobStatus.CompletedWithError, job.Status);
        Assert.StartsWith(Hscl.AlreadyPoweredOn, job.Results.Single(r => r.Key == "result").Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PowerOn_WithOpenFirmwareBootMode_StopsAtOpenFirmwareWithoutRmc()
    {
        var p = hmc.System.Create(TestHmc.Shared("of"));
        await hmc.PowerOnAsync(p.Uuid, "of");
        var view = hmc.System.Find(p.Uuid)!;
        Assert.Equal(PartitionState.OpenFirmware, view.State);
        Assert.False(view.RmcActive);
        var osShutdown = await hmc.PowerOffAsync(p.Uuid, "osshutdown");
        Assert.Equal(JobStatus.CompletedWithError, osShutdown.Status);
        Assert.StartsWith(Hscl.RmcInactive, osShutdown.Results.Single(r => r.Key == "result").Value, StringComparison.Ordinal);
        Assert.Equal(JobStatus.CompletedOk, (await hmc.PowerOffAsync(p.Uuid, "vsp", immediate: true)).Status);
        Assert.Equal(PartitionState.NotActivated, hmc.System.Find(p.Uuid)!.State);
    }

    [Theory]
    [InlineData("osshutdown", false)]
    [InlineData("osshutdown", true)]
    [InlineData("shutdown", false)]
    [InlineData("vsp", false)]
    [InlineData("vsp", true)]
    public async Task PowerOff_EachOperation_ReleasesCapacity(string operation, bool immediate)
    {
        var free = hmc.System.Machine.Snapshot();
        var p = hmc.System.Create(TestHmc.Shared("off"));
        await hmc.PowerOnAsync(p.Uuid);
        Assert.Equal(JobStatus.CompletedOk, (await hmc.PowerOffAsync(p.Uuid, operation, immediate)).Status);
        var view = hmc.System.Find(p.Uuid)!;
        Assert.Equal(PartitionState.NotActivated, view.State);
        Assert.Equal(Allocation.None, view.Current);
        Assert.Equal(free.FreeProcessingUnitsCenti, hmc.System.Machine.Snapshot().FreeProcessingUnitsCenti);
        Assert.Equal(free.FreeMemoryMb, hmc.System.Machine.Snapshot().FreeMemoryMb);
    }

    [Fact]
    public async Task PowerOff_WithRestart_EndsRunningAgain()
    {
        var p = hmc.System.Create(TestHmc.Shared("reboot"));
        await hmc.PowerOnAsync(p.Uuid);
        Assert.Equal(JobStatus.CompletedOk, (await hmc.PowerOffAsync(p.Uuid, "osshutdown", restart: true)).Status);
        Assert.Equal(PartitionState.Running, hmc.System.Find(p.Uuid)!.State);
    }

    [Fact]
    public async Task PowerOff_WhenNotActivated_FailsWithAlreadyPoweredOff()
    {
        var p = hmc.System.Create(TestHmc.Shared("cold"));
        var job = await hmc.PowerOffAsync(p.Uuid);
        Assert.Equal(JobStatus.CompletedWithError, job.Status);
        Assert.StartsWith(Hscl.AlreadyPoweredOff, job.Results.Single(r => r.Key == "result").Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_WhenRunning_IsRefused_AndAllowedOnceOff()
    {
        var p = hmc.System.Create(TestHmc.Shared("doomed"));
        await hmc.PowerOnAsync(p.Uuid);
        Refusals.Expect(Hscl.InvalidState, () => hmc.System.Delete(p.Uuid));
        await hmc.PowerOffAsync(p.Uuid);
        hmc.System.Delete(p.Uuid);
        Assert.Null(hmc.System.Find(p.Uuid));
    }

    [Fact]
    public async Task Dlpar_WhenRunning_MovesDesiredWithinRangeAndResizesReservation()
    {
        var p = hmc.System.Create(TestHmc.Shared("grow", minCenti: 10, desiredCenti: 50, maxCenti: 200, minVp: 1, desiredVp: 1, maxVp: 4, desiredMb: 2048, maxMb: 8192));
        await hmc.PowerOnAsync(p.Uuid);
        var free = hmc.System.Machine.Snapshot();
        var grown = hmc.System.Update(p.Uuid, p.Definition with
        {
            Processors = p.Definition.Processors with { DesiredUnitsCenti = 150, DesiredVirtualProcessors = 2 },
            Memory = p.Definition.Memory with { DesiredMb = 6144 },
        });
        Assert.Equal(new Allocation(0, 150, 2, 6144), grown.Current);
        Assert.Equal(free.FreeProcessingUnitsCenti - 100, hmc.System.Machine.Snapshot().FreeProcessingUnitsCenti);
        Assert.Equal(free.FreeMemoryMb - 4096, hmc.System.Machine.Snapshot().FreeMemoryMb);
    }

    [Fact]
    public async Task Dlpar_BeyondMaximum_IsRefused()
    {
        var p = hmc.System.Create(TestHmc.Shared("capped", maxMb: 4096));
        await hmc.PowerOnAsync(p.Uuid);
        Refusals.Expect(Hscl.InvalidValue, () => hmc.System.Update(p.Uuid, p.Definition with { Memory = p.Definition.Memory with { DesiredMb = 8192 } }));
    }

    [Fact]
    public async Task Dlpar_ChangingMinMaxOrModeWhileRunning_IsRefused_AndAllowedWhenOff()
    {
        var p = hmc.System.Create(TestHmc.Shared("fixed"));
        await hmc.PowerOnAsync(p.Uuid);
        Refusals.Expect(Hscl.MustBeOff, () => hmc.System.Update(p.Uuid, p.Definition with { Memory = p.Definition.Memory with { MaximumMb = 8192 } }));
        Refusals.Expect(Hscl.MustBeOff, () => hmc.System.Update(p.Uuid, p.Definition with { Processors = p.Definition.Processors with { MaximumUnitsCenti = 100, MaximumVirtualProcessors = 2 } }));
        Refusals.Expect(Hscl.MustBeOff, () => hmc.System.Update(p.Uuid, TestHmc.Dedicated("fixed", 1, 1, 2)));
        await hmc.PowerOffAsync(p.Uuid);
        var changed = hmc.System.Update(p.Uuid, TestHmc.Dedicated("fixed", 1, 1, 2));
        Assert.True(changed.Definition.Processors.Dedicated);
    }

    [Fact]
    public async Task Dlpar_GrowthBeyondFreeCapacity_IsRefusedAndKeepsAllocation()
    {
        var p = hmc.System.Create(TestHmc.Shared("hungry", minCenti: 100, desiredCenti: 100, maxCenti: 2000, minVp: 1, desiredVp: 1, maxVp: 20));
        await hmc.PowerOnAsync(p.Uuid);
        Refusals.Expect(Hscl.InsufficientResources, () => hmc.System.Update(p.Uuid, p.Definition with { Processors = p.Definition.Processors with { DesiredUnitsCenti = 2000, DesiredVirtualProcessors = 20 } }));
        Assert.Equal(100, hmc.System.Find(p.Uuid)!.Current.UnitsCenti);
    }

    [Fact]
    public async Task Pool_ActivationBeyondPoolMaximum_IsRefused_AndReservedUnitsAreHeld()
    {
        var free = hmc.System.Machine.Snapshot().FreeProcessingUnitsCenti;
        hmc.System.UpdatePool(1, "gold", maximumCenti: 200, reservedCenti: 50);
        Assert.Equal(free - 50, hmc.System.Machine.Snapshot().FreeProcessingUnitsCenti);
        var a = hmc.System.Create(TestHmc.Shared("in-pool-a", minCenti: 100, desiredCenti: 100, maxCenti: 100, pool: 1));
        var b = hmc.System.Create(TestHmc.Shared("in-pool-b", minCenti: 100, desiredCenti: 100, maxCenti: 100, pool: 1));
        Assert.Equal(JobStatus.CompletedOk, (await hmc.PowerOnAsync(a.Uuid)).Status);
        var refused = await hmc.PowerOnAsync(b.Uuid);
        Assert.Equal(JobStatus.CompletedWithError, refused.Status);
        Assert.Contains("gold", refused.Results.Single(r => r.Key == "result").Value, StringComparison.Ordinal);
        Refusals.Expect(Hscl.PoolCapacity, () => hmc.System.UpdatePool(1, "gold", maximumCenti: 120, reservedCenti: 50));
    }

    [Fact]
    public async Task Concurrent_CreatesAndPowerOns_NeverOverAllocate()
    {
        var tasks = Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
        {
            var p = hmc.System.Create(TestHmc.Shared($"c{i}", minCenti: 100, desiredCenti: 100, maxCenti: 100));
            return await hmc.PowerOnAsync(p.Uuid);
        }));
        var jobs = await Task.WhenAll(tasks);
        Assert.Equal(18, jobs.Count(j => j.Status == JobStatus.CompletedOk));
        Assert.Equal(0, hmc.System.Machine.Snapshot().FreeProcessingUnitsCenti);
        Assert.Equal(42, hmc.System.Partitions(false).Select(p => p.Definition.Id).Concat(hmc.System.Partitions(true).Select(p => p.Definition.Id)).Distinct().Count());
    }

    [Fact]
    public async Task PartitionErrorFault_LeavesPartitionInErrorHoldingCapacity_UntilPoweredOff()
    {
        var free = hmc.System.Machine.Snapshot().FreeProcessingUnitsCenti;
        var p = hmc.System.Create(TestHmc.Shared("broken-boot"));
        hmc.Model.Faults.Add(new Faults.FaultRule { Kind = Faults.FaultKind.PartitionError, Operation = "PowerOn", Code = "HSCL0001", Message = "Boot failed (injected)." });
        var job = await hmc.PowerOnAsync(p.Uuid);
        Assert.Equal(JobStatus.CompletedWithError, job.Status);
        Assert.Equal(PartitionState.Error, hmc.System.Find(p.Uuid)!.State);
        Assert.Equal(free - 50, hmc.System.Machine.Snapshot().FreeProcessingUnitsCenti);
        Refusals.Expect(Hscl.InvalidState, () => hmc.System.Delete(p.Uuid));
        Assert.Equal(JobStatus.CompletedOk, (await hmc.PowerOffAsync(p.Uuid, "vsp", immediate: true)).Status);
        hmc.System.Delete(p.Uuid);
        Assert.Equal(free, hmc.System.Machine.Snapshot().FreeProcessingUnitsCenti);
    }
}
