using PowerDrivers.Backend.PowerVM.Wire;
using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Model;
using PowerDrivers.Driver.Core.Storage;
using PowerDrivers.Emulator.Hmc.Model;

namespace PowerDrivers.Backend.PowerVM.Tests.Support;

/// <summary>
/// The emulated HMC, a PowerVM backend and a ComputeManager over it (to define partitions), plus builders for the
/// volume and interface records the driver hands the backend.
/// </summary>
internal sealed class VirtualIoHarness : IAsyncDisposable
{
    public const string Host = "powervm-1";

    private VirtualIoHarness(EmulatedHmc hmc, PowerVmBackend backend, ManagerOver driver)
    {
        Hmc = hmc;
        Backend = backend;
        Driver = driver;
    }

    public EmulatedHmc Hmc { get; }

    public PowerVmBackend Backend { get; }

    public ManagerOver Driver { get; }

    public EmulatedSystem System => Hmc.Model.Systems[0];

    public static IOperationContext Progress { get; } = new NoProgress();

    public static async Task<VirtualIoHarness> StartAsync()
    {
        var hmc = await EmulatedHmc.StartAsync();
        var backend = hmc.Backend(Host);
        return new VirtualIoHarness(hmc, backend, new ManagerOver(backend));
    }

    /// <summary>A partition defined through the driver (1/4/16 GB, 0.5 PU), running or stopped.</summary>
    public Task<InstanceRecord> PartitionAsync(string name, bool running) =>
        Driver.SucceedAsync(Driver.Manager.CreateAsync(new InstanceSpec(
            name, Host,
            new ProcessorSpec(ProcessorMode.Shared, new CountRange(1, 2, 4), new UnitsRange(0.05m, 0.5m, 2.0m)),
            new MemorySpec(1024, 4096, 16384), GuestSpec.Default, new Dictionary<string, string>()), running, "", CancellationToken.None));

    public static VolumeRecord Volume(string name, long sizeGb, Provisioning provisioning = Provisioning.Thin) => new()
    {
        Id = Guid.NewGuid(),
        Name = name,
        SizeGb = sizeGb,
        Provisioning = provisioning,
        Host = Host,
        Backend = PowerVmBackend.BackendKind,
        Status = VolumeStatus.Creating,
        CreatedAt = DateTimeOffset.UtcNow,
        UpdatedAt = DateTimeOffset.UtcNow,
    };

    /// <summary>A volume created on the host's shared storage pool, as the driver records it afterwards.</summary>
    public async Task<VolumeRecord> CreatedVolumeAsync(string name, long sizeGb = 10, Provisioning provisioning = Provisioning.Thin)
    {
        var volume = Volume(name, sizeGb, provisioning);
        var udid = await Backend.CreateVolumeAsync(volume, CancellationToken.None);
        return volume with { NativeId = udid, Status = VolumeStatus.Available };
    }

    /// <summary>The VIOS partitions with their mappings as the HMC REST API reports them (a fresh client, over HTTPS).</summary>
    public async Task<IReadOnlyList<VirtualIoServerView>> ViosOverRestAsync()
    {
        using var client = Hmc.Client();
        var ms = await client.SystemUuidAsync(Host, CancellationToken.None);
        return await client.ListViosAsync(ms, CancellationToken.None);
    }

    public ValueTask DisposeAsync() => DisposeCoreAsync();

    private async ValueTask DisposeCoreAsync()
    {
        await Driver.DisposeAsync();
        await Hmc.DisposeAsync();
    }

    private sealed class NoProgress : IOperationContext
    {
        public Guid OperationId { get; } = Guid.NewGuid();

        public void Report(string step, int percent)
        {
        }
    }
}
