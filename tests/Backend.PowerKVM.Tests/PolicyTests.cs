using PowerDrivers.Backend.PowerKVM.Tests.Support;
using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.Model;
using static PowerDrivers.Backend.PowerKVM.Tests.DomainXmlTests;

namespace PowerDrivers.Backend.PowerKVM.Tests;

/// <summary>PowerKVM rules the test driver does not enforce, refused as typed errors with reasons.</summary>
public sealed class PolicyTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly KvmHosts _hosts = new();
    private readonly PowerKvmBackend _backend;

    public PolicyTests() => _backend = _hosts.Backend();

    public void Dispose()
    {
        _backend.Dispose();
        _hosts.Dispose();
    }

    [Theory]
    [InlineData(OsType.Aix, "AIX")]
    [InlineData(OsType.IbmI, "IBM i")]
    public async Task ValidateCreate_NonLinuxGuest_IsUnsupportedNamingPowerKvmsLimit(OsType os, string words)
    {
        var error = await Assert.ThrowsAsync<UnsupportedError>(() => _backend.ValidateCreateAsync(Spec(os: os), None));
        Assert.Equal("guest_os_types", error.Feature);
        Assert.Contains(words, error.Explanation, StringComparison.Ordinal);
        Assert.Contains("Linux guests only", error.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateCreate_BigEndianBesideLittleEndian_IsUnsupportedMixedEndianness()
    {
        await Backends.CreateAsync(_backend, Spec("le-1"));
        var error = await Assert.ThrowsAsync<UnsupportedError>(() => _backend.ValidateCreateAsync(Spec("be-1", endianness: Endianness.Big), None));
        Assert.Equal("mixed_endianness", error.Feature);
        Assert.Contains("little-endian (ppc64le) guests (1 defined)", error.Explanation, StringComparison.Ordinal);

        // The rule is per host: a second host takes either byte order.
        using var other = new KvmHosts();
        using var two = other.Backend(null, "powerkvm-1", "powerkvm-2");
        await Backends.CreateAsync(two, Spec("le-1"));
        await two.ValidateCreateAsync(Spec("be-1", endianness: Endianness.Big, host: "powerkvm-2"), None);
    }

    [Fact]
    public async Task Create_ConcurrentOppositeByteOrders_LeaveTheHostInOneOrder()
    {
        var attempts = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            var spec = Spec($"race-{i}", endianness: i % 2 == 0 ? Endianness.Little : Endianness.Big);
            try
            {
                await _backend.CreateAsync(Backends.Record(spec), Backends.NoProgress.Instance, None);
                return (Endianness?)spec.Guest.Endianness;
            }
            catch (UnsupportedError e) when (e.Feature == "mixed_endianness")
            {
                return null;
            }
        }));
        var created = (await Task.WhenAll(attempts)).Where(e => e is not null).ToList();
        Assert.Equal(4, created.Count);
        Assert.Single(created.Distinct());
    }

    [Fact]
    public async Task ValidateCreate_BigEndianAfterTheLastLittleEndianIsDeleted_IsAccepted()
    {
        var le = await Backends.CreateAsync(_backend, Spec("le-1"));
        await _backend.DeleteAsync(le, Backends.NoProgress.Instance, None);
        await _backend.ValidateCreateAsync(Spec("be-1", endianness: Endianness.Big), None);
    }

    [Fact]
    public async Task ValidateCreate_AmsOrAme_IsUnsupportedWithTheAlternative()
    {
        var ams = Spec() with { Memory = new MemorySpec(1024, 2048, 4096, MemoryMode.Shared) };
        Assert.Equal("shared_memory", (await Assert.ThrowsAsync<UnsupportedError>(() => _backend.ValidateCreateAsync(ams, None))).Feature);
        var ame = Spec() with { Memory = new MemorySpec(1024, 2048, 4096, ExpansionFactor: 1.5m) };
        var error = await Assert.ThrowsAsync<UnsupportedError>(() => _backend.ValidateCreateAsync(ame, None));
        Assert.Equal("memory_expansion", error.Feature);
        Assert.Contains("zswap", error.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateCreate_BeyondTheHostMaxima_IsInvalidSpecWithTheLimits()
    {
        var error = await Assert.ThrowsAsync<InvalidSpecError>(() => _backend.ValidateCreateAsync(Spec(vcpus: 8, maxVcpus: 168, memoryMb: 4096, maxMemoryMb: 1_048_576), None));
        Assert.Contains(error.Violations, v => v.Field == "spec.processors.virtual_processors.max" && v.Description.Contains("at most 160", StringComparison.Ordinal));
        Assert.Contains(error.Violations, v => v.Field == "spec.memory.max_mb" && v.Description.Contains("at most 520192", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ValidateCreate_NameOfADomainDefinedOutsideTheDriver_IsConflictNameInUse()
    {
        using (var connection = TestConnection.Of(_backend, "powerkvm-1"))
        using (connection.Connection.Define(Domain.DomainXmlBuilder.Build(Guid.NewGuid(), Spec("by-hand"), Domain.DomainXmlOptions.Kvm)))
        {
        }

        var error = await Assert.ThrowsAsync<ConflictError>(() => _backend.ValidateCreateAsync(Spec("by-hand"), None));
        Assert.Equal(ErrorReasons.NameInUse, error.Reason);
        Assert.Contains("already has a domain named 'by-hand'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateCreate_NameWithSlash_IsInvalidSpec()
    {
        var error = await Assert.ThrowsAsync<InvalidSpecError>(() => _backend.ValidateCreateAsync(Spec("a/b"), None));
        Assert.Equal("spec.name", Assert.Single(error.Violations).Field);
    }

    [Fact]
    public async Task Start_MoreMemoryThanFree_IsInsufficientMemoryWithTheNumbersAndHoldsNothing()
    {
        var free = (await _backend.GetHostAsync("powerkvm-1", None)).Memory.FreeMb;
        Assert.Equal(520_192, free); // 512 GB activated − 4 GB host reserve
        var big1 = await Backends.CreateAsync(_backend, Spec("big-1", memoryMb: 300_032, maxMemoryMb: 300_032), start: true);

        var refused = await Assert.ThrowsAsync<InsufficientCapacityError>(() => _backend.ValidateCreateAsync(Spec("big-2", memoryMb: 300_032, maxMemoryMb: 300_032), None));
        Assert.Equal(ErrorReasons.InsufficientMemory, refused.Reason);
        Assert.Equal((300_032m, 220_160m, "MB"), (refused.Requested, refused.Available, refused.Unit));

        // Defined while the first is stopped, the second cannot start once the first runs again.
        await _backend.StopAsync(big1, StopMode.Hard, TimeSpan.Zero, Backends.NoProgress.Instance, None);
        var big2 = await Backends.CreateAsync(_backend, Spec("big-2", memoryMb: 300_032, maxMemoryMb: 300_032));
        await _backend.StartAsync(big1, Backends.NoProgress.Instance, None);
        var atStart = await Assert.ThrowsAsync<InsufficientCapacityError>(() => _backend.StartAsync(big2, Backends.NoProgress.Instance, None));
        Assert.Equal(ErrorReasons.InsufficientMemory, atStart.Reason);
        Assert.Equal(220_160, (await _backend.GetHostAsync("powerkvm-1", None)).Memory.FreeMb);
        Assert.Equal(Driver.Core.States.InstanceState.Stopped, (await _backend.ObserveAsync(big2, None))!.State);
    }

    [Fact]
    public async Task StartAndStop_HoldCapacityOnlyWhileRunning()
    {
        var before = (await _backend.GetHostAsync("powerkvm-1", None)).Memory.FreeMb;
        var record = await Backends.CreateAsync(_backend, Spec("cap", vcpus: 4, memoryMb: 4000));
        Assert.Equal(before, (await _backend.GetHostAsync("powerkvm-1", None)).Memory.FreeMb);

        await _backend.StartAsync(record, Backends.NoProgress.Instance, None);
        var running = await _backend.GetHostAsync("powerkvm-1", None);
        Assert.Equal(before - 4096, running.Memory.FreeMb); // rounded up to the 256 MB LMB
        Assert.Equal(640 - 4, running.Processors.FreeVirtualCpus); // 20 cores × SMT8 × overcommit 4.0

        await _backend.StopAsync(record, StopMode.Hard, TimeSpan.Zero, Backends.NoProgress.Instance, None);
        Assert.Equal(before, (await _backend.GetHostAsync("powerkvm-1", None)).Memory.FreeMb);
    }

    [Fact]
    public async Task Start_DedicatedGuest_HoldsWholeCores()
    {
        var record = await Backends.CreateAsync(_backend, Spec("ded", vcpus: 12, maxVcpus: 16, mode: ProcessorMode.Dedicated), start: true);
        Assert.Equal(2, record.Allocation.DedicatedCores);
        Assert.Equal(18, (await _backend.GetHostAsync("powerkvm-1", None)).Processors.FreeCores);
    }

    [Fact]
    public async Task Provider_OvercommitRatiosFromSettings_RebuildTheManagedSystem()
    {
        var provider = new PowerKvmBackendProvider();
        using var backend = (PowerKvmBackend)provider.Create(_hosts.Build("powerkvm-9"),
            new Dictionary<string, string> { ["CpuOvercommitRatio"] = "1.0", ["MemoryOvercommitRatio"] = "1.5" });
        var host = await backend.GetHostAsync("powerkvm-9", None);
        Assert.Equal(160, host.Processors.FreeVirtualCpus);
        Assert.Equal(780_288, host.Memory.FreeMb);
    }

    [Fact]
    public async Task SplitCore_FourSubcoresPerCore_AllowsFourGuestsPerCoreAndCapsGuestSmtAtTwo()
    {
        using var hosts = new KvmHosts();
        using var backend = hosts.Backend(new PowerKvmSettings { SubcoresPerCore = 4 });
        Assert.Equal(4, backend.GetCapabilities("powerkvm-1").GuestsPerCore);
        var smt8 = Spec(vcpus: 8, maxVcpus: 8) with { Processors = Spec(vcpus: 8, maxVcpus: 8).Processors with { Topology = new CpuTopology(1, 1, 8) } };
        var error = await Assert.ThrowsAsync<InvalidSpecError>(() => backend.ValidateCreateAsync(smt8, None));
        Assert.Contains("4 sub-core(s) per core", Assert.Single(error.Violations).Description, StringComparison.Ordinal);

        // Without a topology the guest gets 2-thread cores.
        var record = await Backends.CreateAsync(backend, Spec(vcpus: 8, maxVcpus: 8));
        var topology = System.Xml.Linq.XDocument.Parse(backend.DumpXml(record)).Root!.Element("cpu")!.Element("topology")!;
        Assert.Equal(("4", "2"), ((string)topology.Attribute("cores")!, (string)topology.Attribute("threads")!));

        // Whole-core mode (the default) takes SMT8 guests and says why micro-threading is off.
        await _backend.ValidateCreateAsync(smt8, None);
        Assert.Equal(1, _backend.GetCapabilities("powerkvm-1").GuestsPerCore);
        Assert.Contains("split-core is off", _backend.GetCapabilities("powerkvm-1").Unsupported["micro_threading"], StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_UnknownKey_IsRefusedNamingTheKnownOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => PowerKvmSettings.From(new Dictionary<string, string> { ["Url"] = "x" }));
        Assert.Contains("Driver:Backends:powerkvm:Url", error.Message, StringComparison.Ordinal);
        var parsed = PowerKvmSettings.From(new Dictionary<string, string> { ["Uri"] = "qemu:///system", ["Hosts:powerkvm-2:Uri"] = "test:///default", ["DomainType"] = "qemu" });
        Assert.Equal("qemu:///system", parsed.UriFor("powerkvm-1"));
        Assert.Equal("test:///default", parsed.UriFor("powerkvm-2"));
        Assert.Equal("qemu", parsed.DomainType);
    }
}
