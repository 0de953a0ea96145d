using PowerDrivers.Emulator.Hmc.Jobs;
using PowerDrivers.Emulator.Hmc.Model;

namespace PowerDrivers.Emulator.Hmc.Tests;

/// <summary>An in-process HMC model on a temporary data directory, with instant jobs.</summary>
internal sealed class TestHmc : IDisposable
{
    public TestHmc(Func<HmcOptions, HmcOptions>? configure = null, string? dataDirectory = null)
    {
        DataDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "hmc-tests-" + Guid.NewGuid().ToString("N"));
        OwnsDirectory = dataDirectory is null;
        var options = new HmcOptions { DataDirectory = DataDirectory, Jobs = JobTimings.Instant };
        Options = configure?.Invoke(options) ?? options;
        Model = new HmcModel(Options);
    }

    public string DataDirectory { get; }

    public bool OwnsDirectory { get; }

    public HmcOptions Options { get; }

    public HmcModel Model { get; }

    public EmulatedSystem System => Model.Systems[0];

    public static PartitionDefinition Shared(string name, int minCenti = 10, int desiredCenti = 50, int maxCenti = 100, int minVp = 1, int desiredVp = 1, int maxVp = 1,
        long minMb = 1024, long desiredMb = 2048, long maxMb = 4096, int pool = 0) => new()
    {
        Uuid = string.Empty,
        Id = 0,
        Name = name,
        Processors = ProcessorSettings.Shared(minCenti, desiredCenti, maxCenti, minVp, desiredVp, maxVp, pool: pool),
        Memory = new MemorySettings(minMb, desiredMb, maxMb),
    };

    public static PartitionDefinition Dedicated(string name, int min, int desired, int max, long minMb = 1024, long desiredMb = 2048, long maxMb = 4096) => new()
    {
        Uuid = string.Empty,
        Id = 0,
        Name = name,
        Processors = ProcessorSettings.DedicatedCores(min, desired, max),
        Memory = new MemorySettings(minMb, desiredMb, maxMb),
    };

    /// <summary>Powers on through a job and waits (bounded) for it to end.</summary>
    public async Task<Job> PowerOnAsync(string uuid, string bootMode = "norm") =>
        await WaitAsync(Model.SubmitJob("LogicalPartition", uuid, "PowerOn", [new("bootmode", bootMode)], $"LogicalPartition/{uuid}/do/PowerOn"));

    public async Task<Job> PowerOffAsync(string uuid, string operation = "shutdown", bool immediate = false, bool restart = false) =>
        await WaitAsync(Model.SubmitJob("LogicalPartition", uuid, "PowerOff",
            [new("operation", operation), new("immediate", immediate ? "true" : "false"), new("restart", restart ? "true" : "false")], $"LogicalPartition/{uuid}/do/PowerOff"));

    public static async Task<Job> WaitAsync(Job job)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!job.Status.IsFinal())
        {
            await Task.Delay(2, timeout.Token);
        }

        return job;
    }

    public void Dispose()
    {
        Model.Dispose();
        if (OwnsDirectory && Directory.Exists(DataDirectory))
        {
            TestDirectories.Delete(DataDirectory);
        }
    }
}
