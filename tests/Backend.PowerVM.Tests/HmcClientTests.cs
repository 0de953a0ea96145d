using System.Net;
using System.Text;
using PowerDrivers.Backend.PowerVM.Hmc;
using PowerDrivers.Backend.PowerVM.Tests.Support;
using PowerDrivers.Backend.PowerVM.Wire;

namespace PowerDrivers.Backend.PowerVM.Tests;

/// <summary>The HMC client's session, ETag, job and trust behaviour: against Emulator.Hmc where it can show it, else a fake handler serving recorded bodies (named so).</summary>
public sealed class HmcClientTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Request_AfterTheSessionExpired_LogsOnAgainAndSucceeds()
    {
        await using var hmc = await EmulatedHmc.StartAsync(o => o with { SessionIdleTimeout = TimeSpan.FromMilliseconds(100) });
        using var client = hmc.Client();
        Assert.Single(await client.ListSystemsAsync(None), s => s.Name == "powervm-1");
        Assert.Equal(1, client.Logons);

        await Task.Delay(300);
        Assert.Single(await client.ListSystemsAsync(None), s => s.Name == "powervm-1");
        Assert.Equal(2, client.Logons);
    }

    [Fact]
    public async Task Trust_WithAnotherPinnedCertificate_IsUnreachableNotTrusted()
    {
        await using var hmc = await EmulatedHmc.StartAsync();
        using var client = new HmcClient(hmc.ClientOptions() with { TrustPin = new string('0', 64) });
        var error = await Assert.ThrowsAsync<HmcUnreachableException>(() => client.ListSystemsAsync(None));
        Assert.Contains(hmc.Server.BaseAddress.Host, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Trust_InsecureForANonLoopbackHmc_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => new HmcClient(new HmcClientOptions
        {
            Url = new Uri("https://hmc.example.com:12443"), User = "hscroot", Password = "x", Trust = HmcTrustMode.Insecure,
        }));
        Assert.Contains("loopback", error.Message, StringComparison.Ordinal);
        using var loopback = new HmcClient(new HmcClientOptions { Url = new Uri("https://127.0.0.1:12443"), User = "hscroot", Password = "x", Trust = HmcTrustMode.Insecure });
    }

    [Fact]
    public async Task Job_WhenTheHmcFailsIt_ThrowsWithTheHsclCodeAndWords()
    {
        await using var hmc = await EmulatedHmc.StartAsync();
        using var client = hmc.Client();
        var system = (await client.ListSystemsAsync(None)).Single(s => s.Name == "powervm-1");
        var created = await client.CreatePartitionAsync(system.Uuid, LogicalPartitionXml.Create(new(
            "job-fails", "powervm-1",
            new(Driver.Core.Model.ProcessorMode.Shared, new(1, 1, 1), new(0.1m, 0.1m, 0.1m)),
            new(1024, 1024, 1024), Driver.Core.Model.GuestSpec.Default, new Dictionary<string, string>()), 0), None);

        // Powering off a partition that is not activated: the HMC's job ends COMPLETED_WITH_ERROR (HSCL05DF on a real HMC).
        var error = await Assert.ThrowsAsync<HmcException>(() => client.RunJobAsync(created.Uuid, "PowerOff", [new("operation", "shutdown")], null, None));
        Assert.Equal(0, error.Status);
        Assert.NotNull(error.Code);
        Assert.StartsWith(error.Code, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_WhenTheETagIsStale_RereadsAndRetriesWithTheNewETag_FakeHmcHandler()
    {
        var lpar = Recorded.Body("lpar.txt");
        var ifMatch = new List<string>();
        var etag = 1;
        var handler = new FakeHmc(request =>
        {
            var path = request.RequestUri!.AbsolutePath;
            if (path.EndsWith("/web/Logon", StringComparison.Ordinal))
            {
                return FakeHmc.Xml(HttpStatusCode.OK, Recorded.Body("logon.xml"));
            }

            if (request.Method == HttpMethod.Get)
            {
                var response = FakeHmc.Xml(HttpStatusCode.OK, lpar);
                response.Headers.TryAddWithoutValidation("ETag", (etag++).ToString(System.Globalization.CultureInfo.InvariantCulture));
                return response;
            }

            ifMatch.Add(request.Headers.GetValues("If-Match").Single());
            return ifMatch.Count == 1
                ? FakeHmc.Xml(HttpStatusCode.PreconditionFailed, Recorded.Body("fake_httperror.txt").Replace("<HTTPStatus kb=\"ROR\" kxe=\"false\">500", "<HTTPStatus kb=\"ROR\" kxe=\"false\">412", StringComparison.Ordinal))
                : FakeHmc.Xml(HttpStatusCode.OK, lpar);
        });
        using var client = new HmcClient(new HmcClientOptions { Url = new Uri("https://127.0.0.1:12443"), User = "hscroot", Password = "abc123" }, handler);

        var updated = await client.UpdatePartitionAsync("089FFB20-5D19-4A8C-BB80-13650627D985", v => LogicalPartitionXml.Rename(v.Element, "renamed"), None);

        Assert.Equal(["1", "2"], ifMatch);
        Assert.Equal("089FFB20-5D19-4A8C-BB80-13650627D985", updated.Uuid);
        Assert.All(handler.Requests.Where(r => !r.Path.EndsWith("/Logon", StringComparison.Ordinal)), r =>
        {
            Assert.StartsWith("PUIoR6x0kP6fQqA7", r.Session, StringComparison.Ordinal);
            Assert.Equal("powerdrivers", r.Memento);
        });
        Assert.Equal("application/vnd.ibm.powervm.uom+xml; type=LogicalPartition", handler.Requests.Last(r => r.Method == "POST").ContentType);
    }

    [Fact]
    public async Task Request_On401_LogsOnOnceAndRepeatsTheSameBody_FakeHmcHandler()
    {
        var sessions = 0;
        var bodies = new List<string>();
        var handler = new FakeHmc(request =>
        {
            if (request.RequestUri!.AbsolutePath.EndsWith("/web/Logon", StringComparison.Ordinal))
            {
                sessions++;
                return FakeHmc.Xml(HttpStatusCode.OK, Recorded.Body("logon.xml").Replace("PUIoR6x0", $"S{sessions}", StringComparison.Ordinal));
            }

            bodies.Add(request.Content!.ReadAsStringAsync().GetAwaiter().GetResult());
            return request.Headers.GetValues("X-API-Session").Single().StartsWith("S1", StringComparison.Ordinal)
                ? new HttpResponseMessage(HttpStatusCode.Unauthorized)
                : FakeHmc.Xml(HttpStatusCode.OK, Recorded.Body("lpar.txt"));
        });
        using var client = new HmcClient(new HmcClientOptions { Url = new Uri("https://127.0.0.1:12443"), User = "hscroot", Password = "abc123" }, handler);

        var created = await client.CreatePartitionAsync("ms", LogicalPartitionXml.Rename(PartitionView.ReadAll(Recorded.Body("lpar.txt"))[0].Element, "again"), None);

        Assert.Equal(2, client.Logons);
        Assert.Equal(2, bodies.Count);
        Assert.Equal(bodies[0], bodies[1]);
        Assert.Contains("again", bodies[1], StringComparison.Ordinal);
        Assert.NotEmpty(created.Uuid);
    }

    /// <summary>A fake HMC transport: answers from a function and records what it was sent.</summary>
    private sealed class FakeHmc(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        public List<(string Method, string Path, string? Session, string? Memento, string? ContentType)> Requests { get; } = [];

        public static HttpResponseMessage Xml(HttpStatusCode status, string body) =>
            new(status) { Content = new StringContent(body, Encoding.UTF8, "application/atom+xml") };

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add((request.Method.Method, request.RequestUri!.AbsolutePath,
                request.Headers.TryGetValues("X-API-Session", out var s) ? s.Single() : null,
                request.Headers.TryGetValues("X-Audit-Memento", out var m) ? m.Single() : null,
                request.Content?.Headers.ContentType?.ToString()));
            return Task.FromResult(answer(request));
        }
    }
}
