using System.Xml.Linq;
using PowerDrivers.Backend.PowerKVM.Tests.Support;
using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.Model;
using PowerDrivers.Driver.Core.States;
using static PowerDrivers.Backend.PowerKVM.Tests.DomainXmlTests;

namespace PowerDrivers.Backend.PowerKVM.Tests;

/// <summary>Backend calls checked against what libvirt itself holds (the domain XML, as virsh dumpxml prints it).</summary>
public sealed class LifecycleTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly Backends.NoProgress Progress = Backends.NoProgress.Instance;
    private readonly KvmHosts _hosts = new();
    private readonly PowerKvmBackend _backend;

    public LifecycleTests() => _backend = _hosts.Backend();

    public void Dispose()
    {
        _backend.Dispose();
        _hosts.Dispose();
    }

    [Fact]
    public async Task Resize_LiveWithinMaxima_HotPlugsAndRedefinesTheConfig()
    {
        var record = await Backends.CreateAsync(_backend, Spec("hot", vcpus: 4, maxVcpus: 8, memoryMb: 4096, maxMemoryMb: 8192), start: true);
        var grown = record.Spec with { Processors = record.Spec.Processors with { VirtualProcessors = new CountRange(1, 8, 8) }, Memory = new MemorySpec(1024, 6144, 8192) };
        await _backend.ValidateResizeAsync(record, grown, None);
        var observed = await _backend.ResizeAsync(record, grown, Progress, None);

        Assert.Equal(new Allocation(8, 0m, 0, 6144), observed.Allocation);
        var live = XDocument.Parse(_backend.DumpXml(record)).Root!;
        Assert.Equal("8", (string)live.Element("vcpu")!);
        Assert.Equal(6144L * 1024, (long)live.Element("currentMemory")!);
        var config = XDocument.Parse(_backend.DumpXml(record, inactive: true)).Root!;
        Assert.Equal("8", (string?)config.Element("vcpu")!.Attribute("current") ?? (string)config.Element("vcpu")!);
        Assert.Equal(6144L * 1024, (long)config.Element("currentMemory")!);
    }

    [Fact]
    public async Task Resize_MaximaWhileRunning_RequiresStopped()
    {
        var record = await Backends.CreateAsync(_backend, Spec("fixed", vcpus: 2, maxVcpus: 4), start: true);
        record = record with { State = InstanceState.Running };
        var moreVcpus = record.Spec with { Processors = record.Spec.Processors with { VirtualProcessors = new CountRange(1, 2, 8) } };
        var error = await Assert.ThrowsAsync<InvalidStateError>(() => _backend.ValidateResizeAsync(record, moreVcpus, None));
        Assert.Equal(ErrorReasons.RequiresStopped, error.Reason);
        var moreMemory = record.Spec with { Memory = new MemorySpec(1024, 4096, 16384) };
        Assert.Equal(ErrorReasons.RequiresStopped, (await Assert.ThrowsAsync<InvalidStateError>(() => _backend.ValidateResizeAsync(record, moreMemory, None))).Reason);

        await _backend.StopAsync(record, StopMode.Hard, TimeSpan.Zero, Progress, None);
        await _backend.ValidateResizeAsync(record, moreVcpus, None);
        await _backend.ResizeAsync(record, moreVcpus, Progress, None);
        Assert.Equal("8", (string)XDocument.Parse(_backend.DumpXml(record)).Root!.Element("vcpu")!);
    }

    [Fact]
    public async Task SuspendAndResume_UseManagedSaveAndReleaseCapacityMeanwhile()
    {
        var free = (await _backend.GetHostAsync("powerkvm-1", None)).Memory.FreeMb;
        var record = await Backends.CreateAsync(_backend, Spec("saver"), start: true);
        var saved = await _backend.SuspendAsync(record, Progress, None);
        Assert.Equal((InstanceState.Suspended, "shutoff (managed save)"), (saved.State, saved.NativeState));
        Assert.Equal(free, (await _backend.GetHostAsync("powerkvm-1", None)).Memory.FreeMb);
        var resumed = await _backend.ResumeAsync(record, Progress, None);
        Assert.Equal((InstanceState.Running, "running"), (resumed.State, resumed.NativeState));
        Assert.Equal(free - 4096, (await _backend.GetHostAsync("powerkvm-1", None)).Memory.FreeMb);
    }

    [Fact]
    public async Task Reboot_SoftAndHard_KeepTheDomainRunning()
    {
        var record = await Backends.CreateAsync(_backend, Spec("rebooter"), start: true);
        Assert.Equal(InstanceState.Running, (await _backend.RebootAsync(record, RebootMode.Soft, Progress, None)).State);
        Assert.Equal(InstanceState.Running, (await _backend.RebootAsync(record, RebootMode.Hard, Progress, None)).State);
    }

    [Fact]
    public async Task Rename_WhenStopped_RenamesTheDomain_WhenRunning_RequiresStopped()
    {
        var record = await Backends.CreateAsync(_backend, Spec("before"));
        await _backend.RenameAsync(record, "after", None);
        Assert.Equal("after", (string)XDocument.Parse(_backend.DumpXml(record)).Root!.Element("name")!);

        await _backend.StartAsync(record, Progress, None);
        var error = await Assert.ThrowsAsync<InvalidStateError>(() => _backend.RenameAsync(record, "again", None));
        Assert.Equal(ErrorReasons.RequiresStopped, error.Reason);
    }

    [Fact]
    public async Task GetConsole_Serial_NamesTheConnectionAndDomain_Vterm_IsUnsupported()
    {
        var record = await Backends.CreateAsync(_backend, Spec("console"), start: true);
        var console = await _backend.GetConsoleAsync(record, null, None);
        Assert.Equal(ConsoleType.Serial, console.Type);
        Assert.Contains("#console=console", console.Url, StringComparison.Ordinal);
        Assert.Equal("console_vterm", (await Assert.ThrowsAsync<UnsupportedError>(() => _backend.GetConsoleAsync(record, ConsoleType.VTerm, None))).Feature);
    }

    [Fact]
    public async Task GetConsole_VncOnTheTestDriver_IsUnsupportedNamingTheConnectionLimit()
    {
        var record = await Backends.CreateAsync(_backend, Spec("vnc"), start: true);
        var error = await Assert.ThrowsAsync<UnsupportedError>(() => _backend.GetConsoleAsync(record, ConsoleType.Vnc, None));
        Assert.Equal("console_vnc", error.Feature);
        Assert.Contains("test driver never does", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_WhenRunning_DestroysUndefinesAndForgetsTheRecord()
    {
        var record = await Backends.CreateAsync(_backend, Spec("doomed"), start: true);
        await _backend.DeleteAsync(record, Progress, None);
        Assert.Null(await _backend.ObserveAsync(record, None));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_hosts.Root, "hosts", "powerkvm-1", "powerkvm", "guests")));
        Assert.Equal(520_192, (await _backend.GetHostAsync("powerkvm-1", None)).Memory.FreeMb);
    }
}
