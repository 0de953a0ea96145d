using System.Xml.Linq;
using PowerDrivers.Backend.PowerVM.Tests.Support;
using PowerDrivers.Backend.PowerVM.Wire;
using PowerDrivers.Driver.Core.Model;


namespace PowerDrivers.Backend.PowerVM.Tests;

/// <summary>The XML mapping against responses recorded from real HMCs (Reference/, pypowervm test data).</summary>
public sealed class WireGoldenTests
{
    private static InstanceSpec Spec(ProcessorMode mode = ProcessorMode.Shared) => new(
        "golden", "powervm-1",
        mode == ProcessorMode.Shared
            ? new ProcessorSpec(ProcessorMode.Shared, new CountRange(1, 2, 4), new UnitsRange(0.1m, 0.5m, 2m), SharingMode.Capped, 0, "")
            : new ProcessorSpec(ProcessorMode.Dedicated, new CountRange(1, 2, 4), null, DedicatedSharingMode: DedicatedSharingMode.ShareIdleProcs),
        new MemorySpec(1024, 4096, 8192), GuestSpec.Default, new Dictionary<string, string>());

    [Fact]
    public void ManagedSystem_RecordedFeed_ReadsCapacityLmbAndCapabilities()
    {
        var systems = ManagedSystemView.ReadAll(Recorded.Body("managedsystem.txt"));
        var ms = systems[0];
        Assert.Equal("HV4", ms.Name);
        Assert.Equal(("8203", "E4A", "ACE0001"), (ms.MachineType, ms.Model, ms.Serial));
        Assert.Equal(64, ms.LmbSize);
        Assert.Equal(5242752, ms.AvailableMemory);
        Assert.Equal(5767168, ms.InstalledMemory);
        Assert.Equal(500m, ms.AvailableUnits);
        Assert.Equal(0.05m, ms.MinimumUnitsPerVirtualProcessor);
        Assert.True(ms.SuspendCapable);
        Assert.Equal("operating", ms.State);
        Assert.NotEmpty(ms.Uuid);
    }

    [Fact]
    public void LogicalPartition_RecordedFeed_ReadsConfigurationStateAndNoAllocationWhenNotActivated()
    {
        var all = PartitionView.ReadAll(Recorded.Body("lpar.txt"), "959374938");
        var lpar = all[0];
        Assert.Equal("089FFB20-5D19-4A8C-BB80-13650627D985", lpar.Uuid);
        Assert.Equal("z3-9-5-126-127-00000001", lpar.Name);
        Assert.Equal(9, lpar.Id);
        Assert.Equal("not activated", lpar.State);
        Assert.False(lpar.Dedicated);
        Assert.Equal((0.5m, 1.5m, 2.5m), (lpar.MinimumUnits, lpar.DesiredUnits, lpar.MaximumUnits));
        Assert.Equal((1, 2, 3), (lpar.MinimumProcessors, lpar.DesiredProcessors, lpar.MaximumProcessors));
        Assert.Equal((512L, 512L, 512L), (lpar.MinimumMemory, lpar.DesiredMemory, lpar.MaximumMemory));
        Assert.Equal(9, lpar.PoolId);
        Assert.Equal("959374938", lpar.ETag);
        Assert.Equal(Allocation.None, lpar.Allocation);
        Assert.All(all, p => Assert.Contains(p.State, Mapping.PartitionStateTable.NativeStates));
    }

    [Fact]
    public void LogicalPartition_CreateBody_HasTheRecordedElementOrder()
    {
        var recorded = XElement.Parse(Recorded.Body("lpar.txt")).Descendants().First(e => e.Name.LocalName == "LogicalPartition");
        foreach (var mode in new[] { ProcessorMode.Shared, ProcessorMode.Dedicated })
        {
            var ours = LogicalPartitionXml.Create(Spec(mode), 0);
            Assert.Equal(recorded.Name, ours.Name);
            AssertSameOrder(recorded, ours);
            AssertSameOrder(recorded.Element(recorded.Name.Namespace + "PartitionMemoryConfiguration")!, ours.Element(ours.Name.Namespace + "PartitionMemoryConfiguration")!);
            var proc = ours.Element(ours.Name.Namespace + "PartitionProcessorConfiguration")!;
            var recordedProc = recorded.Element(recorded.Name.Namespace + "PartitionProcessorConfiguration")!;
            AssertSameOrder(recordedProc, proc);
            if (mode == ProcessorMode.Shared)
            {
                AssertSameOrder(recordedProc.Element(recorded.Name.Namespace + "SharedProcessorConfiguration")!, proc.Element(ours.Name.Namespace + "SharedProcessorConfiguration")!);
            }
        }
    }

    [Fact]
    public void LogicalPartition_CreateBody_ReadsBackAsTheSpec()
    {
        var view = PartitionView.Read(LogicalPartitionXml.Create(Spec(), 3), null);
        Assert.Equal(("golden", false, "capped", 3), (view.Name, view.Dedicated, view.SharingMode, view.PoolId));
        Assert.Equal((0.1m, 0.5m, 2m), (view.MinimumUnits, view.DesiredUnits, view.MaximumUnits));
        Assert.Equal((1024L, 4096L, 8192L), (view.MinimumMemory, view.DesiredMemory, view.MaximumMemory));
        var ded = PartitionView.Read(LogicalPartitionXml.Create(Spec(ProcessorMode.Dedicated), 0), null);
        Assert.True(ded.Dedicated);
        Assert.Equal((1, 2, 4), (ded.MinimumProcessors, ded.DesiredProcessors, ded.MaximumProcessors));
        Assert.Equal("sre idle proces", ded.SharingMode);
    }

    [Fact]
    public void LogicalPartition_Apply_KeepsUnknownElementsAndChangesDesiredValues()
    {
        var recorded = PartitionView.ReadAll(Recorded.Body("lpar.txt"))[0];
        var changed = LogicalPartitionXml.Apply(recorded.Element, Spec(), 0);
        var view = PartitionView.Read(changed, null);
        Assert.Equal(4096, view.DesiredMemory);
        Assert.Equal(0.5m, view.DesiredUnits);
        Assert.Equal(recorded.Uuid, view.Uuid);
        Assert.NotNull(changed.Elements().FirstOrDefault(e => e.Name.LocalName == "PendingSecureBoot"));
    }

    [Fact]
    public void Job_RecordedResponses_ReadStatusResultAndException()
    {
        var failed = JobXml.Read(Recorded.Body("job_response_completed_failed.txt"));
        Assert.Equal(("1376478617707", "COMPLETED_WITH_ERROR"), (failed.Id, failed.Status));
        Assert.True(failed.IsFinal);
        Assert.False(failed.Succeeded);
        Assert.StartsWith("HSCL05DF The partition is not in a state", failed.FailureText, StringComparison.Ordinal);
        Assert.Equal("HSCL05DF", HttpErrorXml.Code(failed.FailureText));

        var ok = JobXml.Read(Recorded.Body("job_response_completed_ok.txt"));
        Assert.True(ok.Succeeded);

        var exception = JobXml.Read(Recorded.Body("job_response_exception.txt"));
        Assert.Equal("FAILED_BEFORE_COMPLETION", exception.Status);
        Assert.Contains("Unsupported commmand lssyscfg", exception.FailureText, StringComparison.Ordinal);
    }

    [Fact]
    public void Job_RecordedTemplate_IsFilledWithParametersInItsNamespace()
    {
        var filled = JobXml.Fill(Recorded.Body("job_request_power_off.txt"), [new("operation", "osshutdown"), new("immediate", "true")]);
        Assert.Equal(Uom.Web + "JobRequest", filled.Name);
        var parameters = filled.Descendants(Uom.Web + "JobParameter").Select(p => (p.Element(Uom.Web + "ParameterName")!.Value, p.Element(Uom.Web + "ParameterValue")!.Value));
        Assert.Equal([("operation", "osshutdown"), ("immediate", "true")], parameters);
        Assert.Equal("PowerOff", filled.Descendants(Uom.Web + "OperationName").Single().Value);
    }

    [Fact]
    public void HttpError_RecordedResponses_KeepTheHmcMessage()
    {
        var (code, message, reason) = HttpErrorXml.Read(Recorded.Body("fake_httperror.txt"));
        Assert.Null(code);
        Assert.StartsWith("Unexpected error occurred while fetching Cluster/SSP information", message, StringComparison.Ordinal);
        Assert.Equal("Unknown internal error.", reason);
        Assert.Equal("HSCL1566", HttpErrorXml.Code("HSCL1566 The ratio of assigned processing units to assigned virtual processors is below the minimum."));
    }

    [Fact]
    public void Logon_RecordedResponse_GivesTheSessionToken()
    {
        Assert.StartsWith("PUIoR6x0kP6fQqA7qZ8sLZQJ8MLx9JHfLCYzT4oGFSE2W", LogonXml.Token(Recorded.Body("logon.xml")), StringComparison.Ordinal);
        var request = LogonXml.Request("hscroot", "abc123");
        Assert.Equal(Uom.Web + "LogonRequest", request.Name);
        Assert.Equal(["Metadata", "UserID", "Password"], request.Elements().Select(e => e.Name.LocalName));
    }

    [Fact]
    public void SharedProcessorPool_RecordedFeed_ReadsIdsAndNames()
    {
        var pools = SharedProcessorPoolXml.ReadAll(Recorded.Body("shrprocpool.txt"));
        Assert.Contains((0, "DefaultPool"), pools);
        Assert.Contains((1, "SharedPool01"), pools);
    }

    /// <summary>Every element of <paramref name="ours"/> that the recorded one has appears in the recorded relative order.</summary>
    private static void AssertSameOrder(XElement recorded, XElement ours)
    {
        var order = recorded.Elements().Select(e => e.Name.LocalName).Distinct().ToList();
        var positions = ours.Elements().Select(e => order.IndexOf(e.Name.LocalName)).Where(i => i >= 0).ToList();
        Assert.Equal(positions.Order(), positions);
        Assert.Equal("Metadata", ours.Elements().First().Name.LocalName);
    }
}
