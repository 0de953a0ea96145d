using PowerDrivers.Emulator.Hmc.Model;

namespace PowerDrivers.Emulator.Hmc.Tests.VirtualIo;

/// <summary>Helpers over a <see cref="TestHmc"/>: the two VIOS, running clients, VIOS power jobs.</summary>
internal static class VirtualIoFixture
{
    public static PartitionView Vios(this TestHmc hmc, int index) => hmc.System.Partitions(vios: true)[index];

    public static async Task<PartitionView> RunningClientAsync(this TestHmc hmc, string name)
    {
        var p = hmc.System.Create(TestHmc.Shared(name));
        await hmc.PowerOnAsync(p.Uuid);
        return hmc.System.Find(p.Uuid)!;
    }

    public static async Task PowerOffViosAsync(this TestHmc hmc, string uuid, bool immediate = true) =>
        Assert.Equal(Jobs.JobStatus.CompletedOk, (await TestHmc.WaitAsync(hmc.Model.SubmitJob("VirtualIOServer", uuid, "PowerOff",
            [new("operation", "shutdown"), new("immediate", immediate ? "true" : "false")], $"VirtualIOServer/{uuid}/do/PowerOff"))).Status);

    public static async Task PowerOnViosAsync(this TestHmc hmc, string uuid) =>
        Assert.Equal(Jobs.JobStatus.CompletedOk, (await TestHmc.WaitAsync(hmc.Model.SubmitJob("VirtualIOServer", uuid, "PowerOn",
            [new("bootmode", "norm")], $"VirtualIOServer/{uuid}/do/PowerOn"))).Status);

    public static string NpivPort(this TestHmc hmc, string viosUuid) => hmc.System.FibreChannelPorts(viosUuid).First(p => p.Npiv).Name;
}
