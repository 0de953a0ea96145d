using PowerDrivers.Backend.PowerVM.Wire;
using PowerDrivers.Driver.Core.Model;

namespace PowerDrivers.Backend.PowerVM.Hmc;

public sealed partial class HmcClient
{
    /// <summary>The UUID of the managed system named <paramref name="name"/>.</summary>
    public async Task<string> SystemUuidAsync(string name, CancellationToken ct) =>
        (await ListSystemsAsync(ct).ConfigureAwait(false)).Single(s => s.Name == name).Uuid;

    /// <summary>
    /// One create → PowerOn → PowerOff (immediate) → delete cycle of a small shared LPAR straight over the HMC REST API,
    /// with no driver around it: the baseline of the lifecycle benchmark (bench/PowerVmCycles).
    /// </summary>
    public async Task BenchCycleAsync(string systemUuid, string name, CancellationToken ct)
    {
        var spec = new InstanceSpec(name, "", new ProcessorSpec(ProcessorMode.Shared, new CountRange(1, 1, 2), new UnitsRange(0.1m, 0.5m, 1m)),
            new MemorySpec(1024, 2048, 4096), GuestSpec.Default, new Dictionary<string, string>());
        var created = await CreatePartitionAsync(systemUuid, LogicalPartitionXml.Create(spec, 0), ct).ConfigureAwait(false);
        await RunJobAsync(created.Uuid, "PowerOn", [], null, ct).ConfigureAwait(false);
        await RunJobAsync(created.Uuid, "PowerOff", [new("operation", "shutdown"), new("immediate", "true")], null, ct).ConfigureAwait(false);
        await DeletePartitionAsync(created.Uuid, ct).ConfigureAwait(false);
    }
}
