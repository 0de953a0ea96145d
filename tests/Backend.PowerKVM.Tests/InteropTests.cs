using PowerDrivers.Backend.PowerKVM.Hosting;
using PowerDrivers.Backend.PowerKVM.Interop;
using PowerDrivers.Backend.PowerKVM.Libvirt;
using PowerDrivers.Backend.PowerKVM.Tests.Support;
using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Hardware.Power8;

namespace PowerDrivers.Backend.PowerKVM.Tests;

/// <summary>The P/Invoke layer against the real libvirt.so.0 (embedded test hypervisor).</summary>
public sealed class InteropTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "pd-interop-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public void NodeGetInfo_NodeFileFromS822L_ReportsTheEmulatedPower8()
    {
        var profile = ProfileCatalog.LoadBuiltIn().Get("S822L");
        using var connection = LibvirtConnection.Open("test://" + NodeXml.Write(profile, _dir));
        var node = connection.GetNodeInfo();
        Assert.True(connection.IsTestDriver);
        Assert.Equal("POWER8", node.Model);
        Assert.Equal((2, 1, 10, 8), (node.Nodes, node.Sockets, node.Cores, node.Threads));
        Assert.Equal(160, node.Cpus);
        Assert.Equal(3420, node.Mhz);
        Assert.Equal(profile.ActivatedMemoryMb * 1024, node.MemoryKib);
    }

    [Fact]
    public void Open_MissingNodeFile_IsRefusedBeforeLibvirtReadsIt()
    {
        var error = Assert.Throws<LibvirtException>(() => LibvirtConnection.Open("test://" + Path.Combine(_dir, "absent.xml")));
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Define_BrokenXml_ThrowsLibvirtsOwnCodeAndMessageAndClearsTheThreadError()
    {
        using var connection = LibvirtConnection.Open("test:///default");
        var error = Assert.Throws<LibvirtException>(() => connection.Define("<domain type='kvm'><name>x</name>"));
        Assert.True(error.Code > 0);
        Assert.NotEmpty(error.Message);
        Assert.Equal(nint.Zero, LibvirtNative.virGetLastError());
    }

    [Fact]
    public void LastError_IsPerThread_AnotherThreadSeesNone()
    {
        using var connection = LibvirtConnection.Open("test:///default");
        LibvirtNative.virDomainDefineXML(connection.Handle, "<broken").Dispose();
        Assert.NotEqual(nint.Zero, LibvirtNative.virGetLastError());
        var other = nint.MaxValue;
        var thread = new Thread(() => other = LibvirtNative.virGetLastError());
        thread.Start();
        Assert.True(thread.Join(TimeSpan.FromSeconds(10)));
        Assert.Equal(nint.Zero, other);
        _ = LibvirtRuntime.TakeLastError("virDomainDefineXML");
    }

    [Fact]
    public void TryLookup_UnknownUuid_IsNullAndNotAnError()
    {
        using var connection = LibvirtConnection.Open("test:///default");
        Assert.Null(connection.TryLookup(Guid.NewGuid().ToString()));
    }

    [Fact]
    public void ListDomainUuids_FreesEveryDomainAndTheArray()
    {
        var profile = ProfileCatalog.LoadBuiltIn().Get("S812L");
        using var connection = LibvirtConnection.Open("test://" + NodeXml.Write(profile, _dir));
        var ids = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid()).ToList();
        foreach (var id in ids)
        {
            using var _ = connection.Define(Domain.DomainXmlBuilder.Build(id, DomainXmlTests.Spec("g-" + id.ToString("N")[..6]), Domain.DomainXmlOptions.Kvm));
        }

        for (var round = 0; round < 50; round++)
        {
            Assert.Equal(ids.Select(i => i.ToString()).Order(), connection.ListDomainUuids().Order());
        }
    }

    [Fact]
    public async Task Backend_UriOverrideToMissingNodeFile_MakesTheHostUnavailableWithTheReason()
    {
        using var hosts = new KvmHosts();
        using var backend = hosts.Backend(new PowerKvmSettings { Uri = "test://" + Path.Combine(_dir, "nowhere.xml") });
        var why = backend.GetUnavailableReason("powerkvm-1");
        Assert.NotNull(why);
        Assert.Contains("nowhere.xml", why, StringComparison.Ordinal);
        var error = await Assert.ThrowsAsync<UnavailableError>(() => backend.ValidateCreateAsync(DomainXmlTests.Spec(), CancellationToken.None));
        Assert.Equal("powerkvm", error.Backend);
        Assert.False((await backend.GetHostAsync("powerkvm-1", CancellationToken.None)).Operating);
    }

    [Fact]
    public void LibvirtErrors_NoDomainAndUnsupported_MapToTypedErrors()
    {
        Assert.IsType<NotFoundError>(LibvirtErrors.ToDriverError(new LibvirtException(LibvirtErrors.NoDomain, 10, "no domain"), "x", "f", "test:///default", "id"));
        var unsupported = Assert.IsType<UnsupportedError>(LibvirtErrors.ToDriverError(new LibvirtException(LibvirtErrors.NoSupport, 10, "this function is not supported"), "attach a disk", "device_hot_plug", "test:///default", "id"));
        Assert.Contains("test:///default cannot attach a disk", unsupported.Explanation, StringComparison.Ordinal);
        var failure = Assert.IsType<BackendFailureError>(LibvirtErrors.ToDriverError(new LibvirtException(LibvirtErrors.OperationInvalid, 10, "domain is not running"), "pause", "pause", "u", "id"));
        Assert.Equal("libvirt:55", failure.NativeCode);
        Assert.Contains("domain is not running", failure.Message, StringComparison.Ordinal);
    }
}
