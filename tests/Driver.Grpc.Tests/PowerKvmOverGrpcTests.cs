using System.Diagnostics;
using System.Globalization;
using System.Xml.Linq;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using PowerDrivers.Backend.PowerKVM;
using PowerDrivers.Backend.PowerKVM.Diagnostics;
using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Grpc.Tests.Support;
using PowerDrivers.Hardware.Power8;
using Xunit.Abstractions;
using Api = PowerDrivers.V1;

namespace PowerDrivers.Driver.Grpc.Tests;

/// <summary>The PowerKVM backend (real libvirt, embedded test:/// connection) through the real gRPC server.</summary>
public sealed class PowerKvmOverGrpcTests(ITestOutputHelper output)
{
    private static Api.InstanceSpec Guest(string name, int vcpus, int maxVcpus, ulong memoryMb, ulong maxMemoryMb, Api.Endianness endianness = Api.Endianness.Little) => new()
    {
        Name = name,
        Host = "powerkvm-1",
        Processors = new Api.ProcessorSpec
        {
            Mode = Api.ProcessorMode.Shared,
            VirtualProcessors = new Api.CountRange { Min = 1, Desired = (uint)vcpus, Max = (uint)maxVcpus },
            ProcessingUnits = new Api.UnitsRange { Min = 0.1, Desired = 1, Max = maxVcpus },
        },
        Memory = new Api.MemorySpec { MinMb = 1024, DesiredMb = memoryMb, MaxMb = maxMemoryMb },
        Guest = new Api.GuestSpec { OsType = Api.OsType.Linux, Endianness = endianness },
    };

    [Fact]
    public async Task CreateStartStopDelete_OnPowerKvm1_RunsTheDomainThroughLibvirt()
    {
        await using var server = await DriverServer.StartAsync();
        try
        {
            var c = server.Compute;
            var created = await Specs.WaitAsync(c, await c.CreateInstanceAsync(new Api.CreateInstanceRequest { Spec = Specs.Small("kvm-1", "powerkvm-1"), Start = true }));
            Assert.Equal(Api.OperationState.Succeeded, created.State);
            var running = await c.GetInstanceAsync(new Api.GetInstanceRequest { Id = created.InstanceId });
            Assert.Equal(Api.InstanceState.Running, running.State);
            Assert.Equal("running", running.NativeState);
            Assert.Equal(created.InstanceId, running.NativeId);
            Assert.Equal(2048ul, running.Allocation.MemoryMb);
            Assert.Equal(1u, running.Allocation.VirtualProcessors);

            var stop = await Specs.WaitAsync(c, await c.StopInstanceAsync(new Api.StopInstanceRequest { Id = created.InstanceId, Mode = Api.StopMode.Soft, Timeout = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(5)) }));
            Assert.Equal(Api.OperationState.Succeeded, stop.State);
            Assert.Equal("shutoff", (await c.GetInstanceAsync(new Api.GetInstanceRequest { Id = created.InstanceId })).NativeState);

            var delete = await Specs.WaitAsync(c, await c.DeleteInstanceAsync(new Api.DeleteInstanceRequest { Id = created.InstanceId }));
            Assert.Equal(Api.OperationState.Succeeded, delete.State);
            Assert.Equal(Api.InstanceState.Deleted, (await c.GetInstanceAsync(new Api.GetInstanceRequest { Id = created.InstanceId })).State);
        }
        finally
        {
            DriverServer.DeleteData(server.DataDirectory);
        }
    }

    [Fact]
    public async Task IssueScenario_HotAddPauseEndiannessRefusalAndRestart_AgreeWithTheDomainXml()
    {
        var data = Path.Combine(Path.GetTempPath(), "pd-kvm-grpc-" + Guid.NewGuid().ToString("N"));
        try
        {
            string id;
            await using (var server = await DriverServer.StartAsync(data))
            {
                var c = server.Compute;
                var created = await Specs.WaitAsync(c, await c.CreateInstanceAsync(new Api.CreateInstanceRequest { Spec = Guest("le-guest", 4, 8, 4096, 8192), Start = true }));
                Assert.Equal(Api.OperationState.Succeeded, created.State);
                id = created.InstanceId;
                AssertDomain(server, id, vcpus: 4, maxVcpus: 8, memoryMb: 4096, maxMemoryMb: 8192, arch: "ppc64le");

                Assert.Equal(Api.OperationState.Succeeded, (await Specs.WaitAsync(c, await c.PauseInstanceAsync(new Api.PauseInstanceRequest { Id = id }))).State);
                Assert.Equal("paused", (await c.GetInstanceAsync(new Api.GetInstanceRequest { Id = id })).NativeState);
                Assert.Equal(Api.OperationState.Succeeded, (await Specs.WaitAsync(c, await c.UnpauseInstanceAsync(new Api.UnpauseInstanceRequest { Id = id }))).State);

                var grown = Guest("le-guest", 8, 8, 6144, 8192);
                var resize = await Specs.WaitAsync(c, await c.ResizeInstanceAsync(new Api.ResizeInstanceRequest { Id = id, Processors = grown.Processors, Memory = grown.Memory }));
                Assert.Equal(Api.OperationState.Succeeded, resize.State);
                Assert.Equal(Api.OperationState.Succeeded, (await Specs.WaitAsync(c, await c.ConfirmResizeAsync(new Api.ConfirmResizeRequest { Id = id }))).State);
                var resized = await c.GetInstanceAsync(new Api.GetInstanceRequest { Id = id });
                Assert.Equal(Api.InstanceState.Running, resized.State);
                Assert.Equal((8u, 6144ul), (resized.Allocation.VirtualProcessors, resized.Allocation.MemoryMb));
                AssertDomain(server, id, vcpus: 8, maxVcpus: 8, memoryMb: 6144, maxMemoryMb: 8192, arch: "ppc64le");

                var ex = await Assert.ThrowsAsync<RpcException>(() => c.CreateInstanceAsync(new Api.CreateInstanceRequest { Spec = Guest("be-guest", 2, 4, 2048, 4096, Api.Endianness.Big) }).ResponseAsync);
                Assert.Equal(StatusCode.Unimplemented, ex.StatusCode);
                Assert.Equal("mixed_endianness", RichStatus.Info(ex).Metadata["feature"]);
                Assert.Contains("little-endian", ex.Status.Detail, StringComparison.Ordinal);
            }

            // A restart: the test driver forgot the domain with its connection; the backend defines and starts it again.
            await using (var server = await DriverServer.StartAsync(data))
            {
                var c = server.Compute;
                var after = await c.GetInstanceAsync(new Api.GetInstanceRequest { Id = id });
                Assert.Equal(Api.InstanceState.Running, after.State);
                AssertDomain(server, id, vcpus: 8, maxVcpus: 8, memoryMb: 6144, maxMemoryMb: 8192, arch: "ppc64le");
                Assert.Equal(Api.OperationState.Succeeded, (await Specs.WaitAsync(c, await c.StopInstanceAsync(new Api.StopInstanceRequest { Id = id, Mode = Api.StopMode.Hard }))).State);
                Assert.Equal(Api.OperationState.Succeeded, (await Specs.WaitAsync(c, await c.DeleteInstanceAsync(new Api.DeleteInstanceRequest { Id = id }))).State);
                Assert.Null(Backend(server).DumpXmlOrNull(id));
            }
        }
        finally
        {
            DriverServer.DeleteData(data);
        }
    }

    /// <summary>
    /// Benchmark (opt-in, prints numbers, asserts no timing): gRPC create(start)→stop→delete cycles per second on the
    /// embedded powerkvm-1, beside the raw P/Invoke define→start→destroy→undefine rate with the same domain XML.
    /// </summary>
    [EnvFact("PD_POWERKVM_BENCH", "a benchmark that prints cycles per second; tests never assert wall-clock time")]
    public async Task Benchmark_GrpcCyclesBesideRawLibvirtCycles()
    {
        const int Cycles = 200;
        var spec = Specs.Small("bench", "powerkvm-1");
        var data = Path.Combine(Path.GetTempPath(), "pd-kvm-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            var raw = LibvirtCycleProbe.Run(ProfileCatalog.LoadBuiltIn().Get("S822L"), Path.Combine(data, "raw"),
                new Driver.Core.Model.InstanceSpec("bench", "powerkvm-1",
                    new Driver.Core.Model.ProcessorSpec(Driver.Core.Model.ProcessorMode.Shared, new Driver.Core.Model.CountRange(1, 1, 2), new Driver.Core.Model.UnitsRange(0.1m, 0.5m, 2m)),
                    new Driver.Core.Model.MemorySpec(1024, 2048, 4096), Driver.Core.Model.GuestSpec.Default, new Dictionary<string, string>()), Cycles);

            await using var server = await DriverServer.StartAsync(Path.Combine(data, "grpc"));
            var c = server.Compute;
            var callers = int.TryParse(Environment.GetEnvironmentVariable("PD_POWERKVM_BENCH_CALLERS"), CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 1;
            var stepTicks = new long[3];
            var watch = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
            {
                for (var i = caller; i < Cycles; i += callers)
                {
                    var mine = spec.Clone();
                    mine.Name = "bench-" + i.ToString(CultureInfo.InvariantCulture);
                    var step = Stopwatch.StartNew();
                    var created = await Specs.WaitAsync(c, await c.CreateInstanceAsync(new Api.CreateInstanceRequest { Spec = mine, Start = true }));
                    Interlocked.Add(ref stepTicks[0], step.Elapsed.Ticks);
                    step.Restart();
                    await Specs.WaitAsync(c, await c.StopInstanceAsync(new Api.StopInstanceRequest { Id = created.InstanceId, Mode = Api.StopMode.Hard }));
                    Interlocked.Add(ref stepTicks[1], step.Elapsed.Ticks);
                    step.Restart();
                    var deleted = await Specs.WaitAsync(c, await c.DeleteInstanceAsync(new Api.DeleteInstanceRequest { Id = created.InstanceId }));
                    Interlocked.Add(ref stepTicks[2], step.Elapsed.Ticks);
                    Assert.Equal(Api.OperationState.Succeeded, deleted.State);
                }
            })));

            var grpc = watch.Elapsed;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"raw libvirt P/Invoke: {Cycles / raw.TotalSeconds:0} cycles/s ({raw.TotalMilliseconds / Cycles:0.000} ms/cycle); "
                + $"gRPC create(start)->stop->delete, {callers} caller(s): {Cycles / grpc.TotalSeconds:0.0} cycles/s ({grpc.TotalMilliseconds / Cycles:0.0} ms/cycle; "
                + $"create {TimeSpan.FromTicks(stepTicks[0] / Cycles).TotalMilliseconds:0.00} ms, stop {TimeSpan.FromTicks(stepTicks[1] / Cycles).TotalMilliseconds:0.00} ms, "
                + $"delete {TimeSpan.FromTicks(stepTicks[2] / Cycles).TotalMilliseconds:0.00} ms a call)"));
        }
        finally
        {
            DriverServer.DeleteData(data);
        }
    }

    private static PowerKvmBackend Backend(DriverServer server) =>
        (PowerKvmBackend)server.Services.GetRequiredService<BackendRegistry>().For("powerkvm-1");

    /// <summary>virsh-level truth: the live domain XML libvirt holds.</summary>
    private static void AssertDomain(DriverServer server, string id, int vcpus, int maxVcpus, long memoryMb, long maxMemoryMb, string arch)
    {
        var xml = XDocument.Parse(Backend(server).DumpXmlOrNull(id) ?? throw new Xunit.Sdk.XunitException($"libvirt has no domain {id}")).Root!;
        var vcpu = xml.Element("vcpu")!;
        Assert.Equal(maxVcpus, (int)vcpu);
        Assert.Equal(vcpus, (int?)vcpu.Attribute("current") ?? maxVcpus);
        Assert.Equal(memoryMb * 1024, (long)xml.Element("currentMemory")!);
        Assert.Equal(maxMemoryMb * 1024, (long)xml.Element("memory")!);
        Assert.Equal(arch, (string?)xml.Element("os")!.Element("type")!.Attribute("arch"));
        Assert.Equal("pseries", (string?)xml.Element("os")!.Element("type")!.Attribute("machine"));
    }
}
