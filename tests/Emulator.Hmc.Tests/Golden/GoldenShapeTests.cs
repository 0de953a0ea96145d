using System.Xml.Linq;
using PowerDrivers.Emulator.Hmc.Jobs;
using PowerDrivers.Emulator.Hmc.Model;
using PowerDrivers.Emulator.Hmc.Wire;

namespace PowerDrivers.Emulator.Hmc.Tests.Golden;

/// <summary>Each resource we write has the elements of the recorded real-HMC response, in the same order and namespaces.</summary>
public sealed class GoldenShapeTests : IDisposable
{
    private static readonly LinkBuilder Links = new("https://127.0.0.1:12443");
    private readonly TestHmc hmc = new(o => o with { Systems = [new() { Name = "golden", Pools = [new PoolSetup(1, 2.5m, 0.5m)] }] });

    public void Dispose() => hmc.Dispose();

    [Fact]
    public async Task LogicalPartition_SharedRunningAndDedicatedOff_MatchLparTxt()
    {
        var index = ShapeIndex.Of(ReferenceFiles.Contents("lpar.txt", "LogicalPartition"));
        var shared = hmc.System.Create(TestHmc.Shared("shared", pool: 1));
        await hmc.PowerOnAsync(shared.Uuid);
        var dedicated = hmc.System.Create(TestHmc.Dedicated("dedicated", 1, 2, 4));
        index.AssertConforms(PartitionXml.Body(hmc.System.Find(shared.Uuid)!, Links));
        index.AssertConforms(PartitionXml.Body(dedicated, Links));
    }

    [Fact]
    public void VirtualIOServer_MatchesViosTxt()
    {
        var index = ShapeIndex.Of(ReferenceFiles.Contents("fake_vios_ssp_npiv.txt", "VirtualIOServer"));
        foreach (var vios in hmc.System.Partitions(vios: true))
        {
            index.AssertConforms(PartitionXml.Body(vios, Links));
        }
    }

    [Fact]
    public void ManagedSystem_MatchesManagedSystemTxt() =>
        ShapeIndex.Of(ReferenceFiles.Contents("managedsystem.txt", "ManagedSystem")).AssertConforms(ManagedSystemXml.Body(hmc.System, Links));

    [Fact]
    public void SharedProcessorPools_MatchShrProcPoolTxt()
    {
        var index = ShapeIndex.Of(ReferenceFiles.Contents("shrprocpool.txt", "SharedProcessorPool"));
        foreach (var pool in hmc.System.Pools().Take(3))
        {
            index.AssertConforms(Content(SharedProcessorPoolXml.Entry(hmc.System, pool, Links, inFeed: true)));
        }
    }

    [Fact]
    public void ManagementConsole_MatchesManagementConsoleTxt() =>
        ShapeIndex.Of(ReferenceFiles.Contents("managementconsole.txt", "ManagementConsole")).AssertConforms(Content(ManagementConsoleXml.Entry(hmc.Model, Links, inFeed: false)));

    [Fact]
    public async Task JobResponses_OkFailedAndException_MatchJobResponseTxt()
    {
        var index = ShapeIndex.Of(new[] { "job_response_completed_ok.txt", "job_response_completed_failed.txt", "job_response_exception.txt" }
            .SelectMany(f => ReferenceFiles.Contents(f, "JobResponse")));
        var p = hmc.System.Create(TestHmc.Shared("jobs"));
        var ok = await hmc.PowerOnAsync(p.Uuid);
        var failed = await hmc.PowerOnAsync(p.Uuid);
        hmc.Model.Faults.Add(new Faults.FaultRule { Kind = Faults.FaultKind.JobFailure, Operation = "PowerOff" });
        var exception = await hmc.PowerOffAsync(p.Uuid);
        Assert.Equal([JobStatus.CompletedOk, JobStatus.CompletedWithError, JobStatus.FailedBeforeCompletion], new[] { ok.Status, failed.Status, exception.Status });
        foreach (var job in new[] { ok, failed, exception })
        {
            index.AssertConforms(Content(JobXml.Response(job, Links)));
        }
    }

    [Fact]
    public void JobRequestTemplate_MatchesJobRequestTxt() =>
        ShapeIndex.Of(ReferenceFiles.Contents("job_request_power_off.txt", "JobRequest")).AssertConforms(Content(JobXml.Template("LogicalPartition", "PowerOff")));

    [Fact]
    public void EventFeed_MatchesEventFeedTxt_IncludingAtomWrapping()
    {
        hmc.System.Create(TestHmc.Shared("evented"));
        var ours = EventXml.Feed([new HmcEvent(1, "ADD_URI", "ManagedSystem/x/LogicalPartition/y", string.Empty), new HmcEvent(2, "MODIFY_URI", "ManagedSystem/x", "PartitionState,Other")], Links);
        ShapeIndex.Of(ReferenceFiles.Bodies("event_feed.txt")).AssertConforms(ours);
    }

    [Fact]
    public void SharedProcessorPoolFeed_AtomWrapping_MatchesShrProcPoolTxt()
    {
        var entries = hmc.System.Pools().Take(2).Select(p => SharedProcessorPoolXml.Entry(hmc.System, p, Links, inFeed: true));
        var feed = Uom.Feed("id", DateTimeOffset.UtcNow, Links.Uom("ManagedSystem/x/SharedProcessorPool"), Links.Uom("ManagementConsole/y"), entries);
        ShapeIndex.Of(ReferenceFiles.Bodies("shrprocpool.txt")).AssertConforms(feed);
    }

    [Fact]
    public void HttpErrorResponse_MatchesHttpErrorTxt_IncludingAtomWrapping() =>
        ShapeIndex.Of(ReferenceFiles.Bodies("fake_httperror.txt")).AssertConforms(ErrorXml.Entry(400, "/rest/api/uom/x", "Bad Request", "HSCL1504 test"));

    [Fact]
    public void LogonResponse_MatchesLogonXml() =>
        ShapeIndex.Of(ReferenceFiles.Bodies("logon.xml")).AssertConforms(LogonXml.Response("token"));

    [Fact]
    public void Resources_UseTheUomNamespaceAndMediaTypes()
    {
        var entry = PartitionXml.Entry(hmc.System.Partitions(vios: true)[0], Links, inFeed: false);
        Assert.Equal("application/vnd.ibm.powervm.uom+xml; type=VirtualIOServer", entry.Element(Uom.Atom + "content")!.Attribute("type")!.Value);
        Assert.Equal("http://www.ibm.com/xmlns/systems/power/firmware/uom/mc/2012_10/", Content(entry).Name.NamespaceName);
        Assert.Equal("V1_0", Content(entry).Attribute("schemaVersion")!.Value);
    }

    private static XElement Content(XElement entry) => entry.Element(Uom.Atom + "content")!.Elements().First();
}
