using System.Xml.Linq;
using PowerDrivers.Backend.PowerKVM.Domain;
using PowerDrivers.Backend.PowerKVM.Hosting;
using PowerDrivers.Backend.PowerKVM.Tests.Support;
using PowerDrivers.Driver.Core.Model;
using PowerDrivers.Hardware.Power8;

namespace PowerDrivers.Backend.PowerKVM.Tests;

/// <summary>The domain and node XML, against golden files.</summary>
public sealed class DomainXmlTests
{
    private static readonly Guid Id = Guid.Parse("6f1c2f7e-1b1e-4d3a-9c55-0d1f7a9e2b11");

    internal static InstanceSpec Spec(string name = "web-le", int vcpus = 4, int maxVcpus = 8, long memoryMb = 4096, long maxMemoryMb = 8192,
        Endianness endianness = Endianness.Little, ProcessorMode mode = ProcessorMode.Shared, OsType os = OsType.Linux, string host = "powerkvm-1") => new(
        name, host,
        new ProcessorSpec(mode, new CountRange(1, vcpus, maxVcpus), mode == ProcessorMode.Shared ? new UnitsRange(0.1m, 1.5m, maxVcpus) : null),
        new MemorySpec(1024, memoryMb, maxMemoryMb),
        new GuestSpec(os, endianness),
        new Dictionary<string, string>());

    [Fact]
    public void Build_SharedLittleEndianWithImage_MatchesGolden()
    {
        var spec = Spec() with { Guest = new GuestSpec(OsType.Linux, Endianness.Little, "/var/lib/libvirt/images/web-le.qcow2") };
        Golden.AssertMatches("shared-le-4of8-vcpu-4of8-gb.xml", DomainXmlBuilder.Build(Id, spec, DomainXmlOptions.Kvm));
    }

    [Fact]
    public void Build_DedicatedBigEndianCappedPower7_MatchesGolden()
    {
        var spec = Spec("db-be", 16, 16, 16384, 32768, Endianness.Big, ProcessorMode.Dedicated);
        spec = spec with { Processors = spec.Processors with { CompatibilityMode = "POWER7", Topology = new CpuTopology(2, 2, 4) } };
        Golden.AssertMatches("dedicated-be-power7-2x2x4.xml", DomainXmlBuilder.Build(Id, spec, DomainXmlOptions.Kvm));
    }

    [Fact]
    public void Build_CappedSharedUnderTcg_HasQuotaAndOneThreadPerCore()
    {
        var spec = Spec(vcpus: 2, maxVcpus: 4);
        spec = spec with { Processors = spec.Processors with { SharingMode = SharingMode.Capped, ProcessingUnits = new UnitsRange(0.1m, 0.5m, 4m) } };
        Golden.AssertMatches("capped-shared-tcg.xml", DomainXmlBuilder.Build(Id, spec, new DomainXmlOptions("qemu", 8, SingleThreadPerCore: true)));
    }

    [Theory]
    [InlineData(8, 8, 1)]
    [InlineData(12, 4, 3)]
    [InlineData(6, 2, 3)]
    [InlineData(7, 1, 7)]
    public void TopologyFor_NoTopologyGiven_UsesTheMostThreadsThatDivideTheMaximum(int max, int threads, int cores)
    {
        var t = DomainXmlBuilder.TopologyFor(Spec(vcpus: 1, maxVcpus: max).Processors, DomainXmlOptions.Kvm);
        Assert.Equal(new CpuTopology(1, cores, threads), t);
        Assert.Equal(max, t.Total);
    }

    [Fact]
    public void Build_ArchFollowsEndianness()
    {
        string Arch(Endianness e) => (string)XDocument.Parse(DomainXmlBuilder.Build(Id, Spec(endianness: e), DomainXmlOptions.Kvm)).Root!.Element("os")!.Element("type")!.Attribute("arch")!;
        Assert.Equal("ppc64le", Arch(Endianness.Little));
        Assert.Equal("ppc64", Arch(Endianness.Big));
    }

    [Fact]
    public void NodeXml_ForS822L_MatchesGolden()
    {
        Golden.AssertMatches("node-S822L.xml", NodeXml.For(ProfileCatalog.LoadBuiltIn().Get("S822L")));
    }
}
