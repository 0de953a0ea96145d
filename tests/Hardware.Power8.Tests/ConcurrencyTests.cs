namespace PowerDrivers.Hardware.Power8.Tests;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Reserve_ManyThreadsAtOnce_NeverOverAllocates()
    {
        var system = Profiles.System("S822L", Firmware.Phyp);
        var slots = system.Profile.PcieSlots.Select(s => s.LocationCode).ToArray();
        var freeMemory = system.Snapshot().FreeMemoryMb;
        const int Workers = 8;
        const int PerWorker = 200;
        using var start = new Barrier(Workers);

        var tasks = Enumerable.Range(0, Workers).Select(w => Task.Factory.StartNew(() =>
        {
            var mine = new List<Reservation>();
            start.SignalAndWait();
            for (var i = 0; i < PerWorker; i++)
            {
                var request = new CapacityRequest
                {
                    DedicatedCores = i % 7 == 0 ? 1 : 0,
                    ProcessingUnitsCenti = i % 7 == 0 ? 0 : 5 + (i % 40),
                    MemoryMb = 256 * (1 + (i % 64)),
                    Slots = i % 11 == 0 ? [slots[i % slots.Length]] : [],
                };
                if (system.TryReserve(request, $"w{w}-{i}", out var r, out _))
                {
                    mine.Add(r);
                }

                if (i % 3 == 0 && mine.Count > 0)
                {
                    var victim = mine[i % mine.Count];
                    if (i % 2 == 0)
                    {
                        victim.Release();
                        mine.Remove(victim);
                    }
                    else
                    {
                        victim.TryResize(request with { Slots = victim.Request.Slots }, out _);
                    }
                }
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        await Task.WhenAll(tasks);

        var live = system.Reservations();
        var s = system.Snapshot();
        var dedicated = live.Sum(r => r.Request.DedicatedCores);
        var centi = live.Sum(r => r.Request.ProcessingUnitsCenti);
        var memory = live.Sum(r => r.Request.MemoryMb);
        var hpt = live.Sum(r => r.HardwarePageTableMb);
        var usedSlots = live.SelectMany(r => r.Request.Slots).ToList();

        Assert.True((dedicated * 100) + centi <= s.ActivatedCores * 100);
        Assert.Equal((s.ActivatedCores * 100) - (dedicated * 100) - centi, s.FreeProcessingUnitsCenti);
        Assert.True(memory + hpt <= freeMemory);
        Assert.Equal(freeMemory - memory - hpt, s.FreeMemoryMb);
        Assert.Equal(usedSlots.Count, usedSlots.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(usedSlots.Count, s.UsedSlots);
        Assert.Equal(live.Count, s.ReservationCount);
        Assert.True(s.FreeProcessingUnitsCenti >= 0 && s.FreeMemoryMb >= 0);
    }
}
