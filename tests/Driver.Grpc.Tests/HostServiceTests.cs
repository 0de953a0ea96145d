using Grpc.Core;
using PowerDrivers.Driver.Grpc.Tests.Support;
using PowerDrivers.Hardware.Power8;
using Api = PowerDrivers.V1;

namespace PowerDrivers.Driver.Grpc.Tests;

public sealed class HostServiceTests : IAsyncLifetime
{
    private DriverServer _server = null!;

    public async Task InitializeAsync() => _server = await DriverServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        DriverServer.DeleteData(_server.DataDirectory);
    }

    [Fact]
    public async Task ListHosts_WithDefaultConfiguration_ReturnsTwoPhypAndTwoOpalHostsWithProfileCapacity()
    {
        var hosts = (await _server.Hosts.ListHostsAsync(new Api.ListHostsRequest())).Hosts;
        var profile = ProfileCatalog.LoadBuiltIn().Get("S822L");

        Assert.Equal(["powerkvm-1", "powerkvm-2", "powervm-1", "powervm-2"], hosts.Select(h => h.Name));
        Assert.Equal(2, hosts.Count(h => h.Firmware == Api.Firmware.Phyp && h.Backend == Api.BackendKind.Powervm));
        Assert.Equal(2, hosts.Count(h => h.Firmware == Api.Firmware.Opal && h.Backend == Api.BackendKind.Powerkvm));
        foreach (var h in hosts)
        {
            Assert.Equal("S822L", h.Profile);
            Assert.Equal((uint)profile.InstalledCores, h.Processors.InstalledCores);
            Assert.Equal((uint)profile.ActivatedCores, h.Processors.ActiveCores);
            Assert.Equal((uint)profile.SmtThreads, h.Processors.SmtThreads);
            Assert.Equal((ulong)profile.InstalledMemoryMb, h.Memory.InstalledMb);
            Assert.Equal((ulong)profile.ActivatedMemoryMb, h.Memory.ActiveMb);
            Assert.Equal((ulong)profile.LmbSizeMb, h.Memory.LmbSizeMb);
            // PowerKVM: all but the host's reserve is free; PowerVM: the HMC's figures, where the VIOS partitions hold memory too.
            Assert.True(h.Memory.FreeMb > 0 && h.Memory.FreeMb + h.Memory.HypervisorReservedMb <= h.Memory.ActiveMb);
            if (h.Backend == Api.BackendKind.Powerkvm)
            {
                Assert.Equal(h.Memory.ActiveMb, h.Memory.FreeMb + h.Memory.HypervisorReservedMb);
            }

            Assert.Equal($"{profile.MachineType}-{profile.ModelCode}*{h.Serial}", h.Mtms);
        }

        // PowerKVM hosts operate on the embedded libvirt connection, PowerVM hosts on the embedded emulated HMC.
        Assert.All(hosts, h => Assert.Equal(Api.HostStatus.Operating, h.Status));

        Assert.Equal(20.0, hosts.Single(h => h.Name == "powervm-1").Processors.TotalProcessingUnits);
        Assert.Equal(0.0, hosts.Single(h => h.Name == "powerkvm-1").Processors.TotalProcessingUnits);
    }

    [Fact]
    public async Task ListHosts_FilteredByBackend_ReturnsOnlyThatBackend()
    {
        var hosts = (await _server.Hosts.ListHostsAsync(new Api.ListHostsRequest { Backend = Api.BackendKind.Powerkvm })).Hosts;
        Assert.Equal(["powerkvm-1", "powerkvm-2"], hosts.Select(h => h.Name));
    }

    [Fact]
    public async Task GetHost_Known_EqualsTheListedHost()
    {
        var listed = (await _server.Hosts.ListHostsAsync(new Api.ListHostsRequest())).Hosts.Single(h => h.Name == "powervm-2");
        var host = await _server.Hosts.GetHostAsync(new Api.GetHostRequest { Name = "powervm-2" });
        Assert.Equal(listed, host);
    }

    [Fact]
    public async Task GetHost_Unknown_IsNotFoundWithResourceInfo()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => _server.Hosts.GetHostAsync(new Api.GetHostRequest { Name = "nope" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        Assert.Equal("HOST_NOT_FOUND", RichStatus.Info(ex).Reason);
        Assert.Equal("powerdrivers.v1", RichStatus.Info(ex).Domain);
        var resource = RichStatus.Details(ex).Details.Single(d => d.Is(Google.Rpc.ResourceInfo.Descriptor)).Unpack<Google.Rpc.ResourceInfo>();
        Assert.Equal(("host", "nope"), (resource.ResourceType, resource.ResourceName));
    }

    [Fact]
    public async Task GetCapabilities_PowerVmHost_DeclaresMicroPartitioningAndNoPauseWithThePhypReason()
    {
        var caps = await _server.Hosts.GetCapabilitiesAsync(new Api.GetCapabilitiesRequest { Host = "powervm-1" });
        Assert.False(caps.Pause);
        Assert.True(caps.MicroPartitioning);
        Assert.True(caps.MixedEndianness);
        Assert.Contains(caps.Unsupported, u => u.Feature == "pause" && u.Reason.Contains("PowerVM has no pause", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetCapabilities_PowerKvmHost_DeclaresLibvirtFeaturesAndReasons()
    {
        var caps = await _server.Hosts.GetCapabilitiesAsync(new Api.GetCapabilitiesRequest { Host = "powerkvm-1" });
        Assert.True(caps.Pause);
        Assert.True(caps.Suspend);
        Assert.False(caps.MicroPartitioning);
        Assert.False(caps.MixedEndianness);
        Assert.Contains(caps.Unsupported, u => u.Feature == "mixed_endianness" && u.Reason.Contains("byte order", StringComparison.Ordinal));
        Assert.Contains(caps.Unsupported, u => u.Feature == "memory_expansion" && u.Reason.Contains("zswap", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetHost_PowerKvm_ReportsKsmPageSharingWhereTheHostPublishesIt_PowerVmDoesNot()
    {
        var kvm = await _server.Hosts.GetHostAsync(new Api.GetHostRequest { Name = "powerkvm-1" });
        var vm = await _server.Hosts.GetHostAsync(new Api.GetHostRequest { Name = "powervm-1" });

        Assert.Null(vm.Memory.PageSharing);
        if (!File.Exists("/sys/kernel/mm/ksm/run"))
        {
            Assert.Null(kvm.Memory.PageSharing);
            return;
        }

        Assert.NotNull(kvm.Memory.PageSharing);
        Assert.Equal(File.ReadAllText("/sys/kernel/mm/ksm/run").Trim() == "1", kvm.Memory.PageSharing.Running);
    }
}
