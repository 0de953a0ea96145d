using System.Net;
using System.Net.Http.Json;
using System.Xml.Linq;
using PowerDrivers.Emulator.Hmc.Faults;
using static PowerDrivers.Emulator.Hmc.Tests.Rest.HmcClient;

namespace PowerDrivers.Emulator.Hmc.Tests.Rest;

public sealed class FaultInjectionTests : IAsyncLifetime
{
    private ServerFixture fixture = null!;
    private HmcClient client = null!;

    private string Lpars => $"{fixture.SystemPath()}/LogicalPartition";

    public async Task InitializeAsync()
    {
        fixture = await ServerFixture.StartAsync();
        client = await fixture.LoggedOnClientAsync();
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await fixture.DisposeAsync();
    }

    [Fact]
    public async Task ErrorFault_FailsTheNextMatchingRequestOnly_WithTheHsclCodeAndStatus()
    {
        fixture.Server.Model.Faults.Add(new FaultRule { Method = "PUT", PathContains = "/LogicalPartition", Code = "HSCL1234", Message = "Injected refusal.", Status = 409 });
        using (var failed = await Create("first"))
        {
            Assert.Equal(HttpStatusCode.Conflict, failed.StatusCode);
            Assert.Equal("HSCL1234 Injected refusal.", Body(XElement.Parse(await failed.Content.ReadAsStringAsync())).Element(Web + "Message")!.Value);
        }

        using var next = await Create("second");
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal(1, fixture.Server.Model.Faults.Fired);
    }

    [Fact]
    public async Task ServiceUnavailableFault_Answers503()
    {
        fixture.Server.Model.Faults.Add(new FaultRule { Kind = FaultKind.ServiceUnavailable, PathContains = "ManagedSystem", Count = 2 });
        using (var a = await client.GetAsync("rest/api/uom/ManagedSystem"))
        using (var b = await client.GetAsync("rest/api/uom/ManagedSystem"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, a.StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, b.StatusCode);
        }

        using var c = await client.GetAsync("rest/api/uom/ManagedSystem");
        Assert.Equal(HttpStatusCode.OK, c.StatusCode);
    }

    [Fact]
    public async Task DropConnectionFault_ResetsTheConnectionWithoutAnswer()
    {
        fixture.Server.Model.Faults.Add(new FaultRule { Kind = FaultKind.DropConnection, PathContains = "ManagementConsole" });
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("rest/api/uom/ManagementConsole"));
        using var after = await client.GetAsync("rest/api/uom/ManagementConsole");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task DelayFault_StillServesTheRequest()
    {
        fixture.Server.Model.Faults.Add(new FaultRule { Kind = FaultKind.Delay, DelayMs = 30, PathContains = "ManagementConsole" });
        using var response = await client.GetAsync("rest/api/uom/ManagementConsole");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, fixture.Server.Model.Faults.Fired);
    }

    [Fact]
    public async Task JobErrorFault_ThroughAdminEndpoint_FailsThePowerOnAndChangesNothing()
    {
        using var created = await Create("rollback");
        var uuid = Content(XElement.Parse(await created.Content.ReadAsStringAsync()), "PartitionUUID");
        using (var armed = await client.Http.PostAsJsonAsync("admin/faults", new { kind = "JobError", operation = "PowerOn", code = "HSCL1575", message = "Not enough memory (injected).", count = 1 }))
        {
            Assert.Equal(HttpStatusCode.Created, armed.StatusCode);
        }

        var job = await client.RunJobAsync($"{Lpars}/{uuid}", "PowerOn");
        Assert.Equal("COMPLETED_WITH_ERROR", JobStatus(job));
        Assert.Equal("HSCL1575 Not enough memory (injected).", JobResult(job, "result"));
        Assert.Equal("not activated", Content(await client.GetXmlAsync($"{Lpars}/{uuid}"), "PartitionState"));
        Assert.Equal("COMPLETED_OK", JobStatus(await client.RunJobAsync($"{Lpars}/{uuid}", "PowerOn")));
    }

    [Fact]
    public async Task JobFailureFault_EndsFailedBeforeCompletion()
    {
        using var created = await Create("broken");
        var uuid = Content(XElement.Parse(await created.Content.ReadAsStringAsync()), "PartitionUUID");
        fixture.Server.Model.Faults.Add(new FaultRule { Kind = FaultKind.JobFailure, Operation = "PowerOn", Target = uuid });
        var job = await client.RunJobAsync($"{Lpars}/{uuid}", "PowerOn");
        Assert.Equal("FAILED_BEFORE_COMPLETION", JobStatus(job));
        Assert.NotNull(Body(job).Element(Web + "ResponseException"));
    }

    [Fact]
    public async Task AdminEndpoint_ListsAndClearsFaults()
    {
        using (await client.Http.PostAsJsonAsync("admin/faults", new { kind = "Error", pathContains = "never", count = 0 }))
        {
        }

        var listed = await client.Http.GetStringAsync("admin/faults");
        Assert.Contains("never", listed, StringComparison.Ordinal);
        using (var cleared = await client.Http.DeleteAsync("admin/faults"))
        {
            Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        }

        Assert.Empty(fixture.Server.Model.Faults.List());
        using var bad = await client.Http.PostAsJsonAsync("admin/faults", new { kind = "Error", status = 200 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    private Task<HttpResponseMessage> Create(string name) =>
        client.SendAsync(HttpMethod.Put, Lpars, LparXml(name), "application/vnd.ibm.powervm.uom+xml; type=LogicalPartition");
}
