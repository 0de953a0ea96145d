using PowerDrivers.Emulator.Hmc.Model;

namespace PowerDrivers.Emulator.Hmc.Tests;

public sealed class PersistenceTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "hmc-restart-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            TestDirectories.Delete(directory);
        }
    }

    [Fact]
    public async Task Restart_ReloadsPartitionsFromFspNvram_AndRunningPartitionsKeepRunning()
    {
        string running, stopped;
        int freeCenti;
        long freeMemory;
        using (var first = new TestHmc(dataDirectory: directory))
        {
            running = first.System.Create(TestHmc.Shared("keeps-running", desiredCenti: 70, desiredMb: 3072)).Uuid;
            stopped = first.System.Create(TestHmc.Dedicated("stays-off", 1, 2, 4)).Uuid;
            await first.PowerOnAsync(running);
            first.System.UpdatePool(2, "silver", 300, 100);
            freeCenti = first.System.Machine.Snapshot().FreeProcessingUnitsCenti;
            freeMemory = first.System.Machine.Snapshot().FreeMemoryMb;
        }

        using var second = new TestHmc(dataDirectory: directory);
        var r = second.System.Find(running)!;
        Assert.Equal(PartitionState.Running, r.State);
        Assert.Equal(new Allocation(0, 70, 1, 3072), r.Current);
        Assert.Equal("keeps-running", r.Definition.Name);
        Assert.Equal(PartitionState.NotActivated, second.System.Find(stopped)!.State);
        Assert.True(second.System.Find(stopped)!.Definition.Processors.Dedicated);
        Assert.Equal(2, second.System.Partitions(vios: true).Count);
        Assert.Equal("silver", second.System.Pools()[2].Pool.Name);
        Assert.Equal(freeCenti, second.System.Machine.Snapshot().FreeProcessingUnitsCenti);
        Assert.Equal(freeMemory, second.System.Machine.Snapshot().FreeMemoryMb);
        using (var other = new TestHmc(dataDirectory: directory + "-other"))
        {
            Assert.Equal(second.System.Uuid, other.System.Uuid);
        }

        TestDirectories.Delete(directory + "-other");
    }

    [Fact]
    public void Restart_AfterDelete_DoesNotBringThePartitionBack()
    {
        string uuid;
        using (var first = new TestHmc(dataDirectory: directory))
        {
            uuid = first.System.Create(TestHmc.Shared("gone")).Uuid;
            first.System.Delete(uuid);
        }

        using var second = new TestHmc(dataDirectory: directory);
        Assert.Null(second.System.Find(uuid));
        Assert.Equal("gone", second.System.Create(TestHmc.Shared("gone")).Definition.Name);
    }

    [Fact]
    public void Nvram_HoldsOnePartitionRecordPerPartition()
    {
        using var hmc = new TestHmc(dataDirectory: directory);
        var p = hmc.System.Create(TestHmc.Shared("recorded"));
        Assert.Contains("lpar/" + p.Uuid, hmc.System.Fsp.Nvram.Keys);
        Assert.Equal(2 + 1, hmc.System.Fsp.Nvram.Keys.Count(k => k.StartsWith("lpar/", StringComparison.Ordinal)));
    }
}
