using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using static PowerDrivers.Emulator.Hmc.Tests.Rest.HmcClient;

namespace PowerDrivers.Emulator.Hmc.Tests.Rest;

public sealed class ServerTests
{
    [Fact]
    public async Task Https_UsesSelfSignedCertificateKeptInDataDirectory_AcrossRestarts()
    {
        var directory = Path.Combine(Path.GetTempPath(), "hmc-tls-" + Guid.NewGuid().ToString("N"));
        try
        {
            string thumbprint;
            await using (var fixture = await ServerFixture.StartAsync(o => o with { UseHttps = true }, directory))
            {
                Assert.Equal("https", fixture.Server.BaseAddress.Scheme);
                Assert.Equal("127.0.0.1", fixture.Server.BaseAddress.Host);
                thumbprint = fixture.Server.Certificate!.Thumbprint;
                using var client = new HmcClient(fixture.Server.BaseAddress, Pinned(fixture.Server.Certificate));
                using var logon = await client.LogonAsync();
                Assert.Equal(HttpStatusCode.OK, logon.StatusCode);
                Assert.Equal("ManagementConsole", (await client.GetXmlAsync("rest/api/uom/ManagementConsole")).Element(Atom + "entry")!.Element(Atom + "title")!.Value);
            }

            Assert.True(File.Exists(Path.Combine(directory, "hmc-tls.pfx")));
            await using var again = await ServerFixture.StartAsync(o => o with { UseHttps = true }, directory);
            Assert.Equal(thumbprint, again.Server.Certificate!.Thumbprint);
        }
        finally
        {
            TestDirectories.Delete(directory);
        }
    }

    [Fact]
    public async Task Restart_OnSameDataDirectory_ServesTheSamePartitionsStillRunning()
    {
        var directory = Path.Combine(Path.GetTempPath(), "hmc-restart-rest-" + Guid.NewGuid().ToString("N"));
        try
        {
            string uuid;
            await using (var fixture = await ServerFixture.StartAsync(directory: directory))
            {
                using var client = await fixture.LoggedOnClientAsync();
                using var created = await client.SendAsync(HttpMethod.Put, $"{fixture.SystemPath()}/LogicalPartition", LparXml("survivor"), "application/vnd.ibm.powervm.uom+xml; type=LogicalPartition");
                uuid = Content(XElement.Parse(await created.Content.ReadAsStringAsync()), "PartitionUUID");
                await client.RunJobAsync($"rest/api/uom/LogicalPartition/{uuid}", "PowerOn");
            }

            await using var restarted = await ServerFixture.StartAsync(directory: directory);
            using var again = await restarted.LoggedOnClientAsync();
            var entry = await again.GetXmlAsync($"rest/api/uom/LogicalPartition/{uuid}");
            Assert.Equal("running", Content(entry, "PartitionState"));
            Assert.Equal("survivor", Content(entry, "PartitionName"));
        }
        finally
        {
            TestDirectories.Delete(directory);
        }
    }

    [Fact]
    public async Task Users_FromConfiguration_ReplaceTheFactoryDefault()
    {
        await using var fixture = await ServerFixture.StartAsync(o => o with { Users = new Dictionary<string, string> { ["ops"] = "s3cret" } });
        using var client = new HmcClient(fixture.Server.BaseAddress);
        using (var factory = await client.LogonAsync())
        {
            Assert.Equal(HttpStatusCode.Unauthorized, factory.StatusCode);
        }

        using var ops = await client.LogonAsync("ops", "s3cret");
        Assert.Equal(HttpStatusCode.OK, ops.StatusCode);
    }

    [Fact]
    public void CommandLine_ParsesPortDataDirSystemsUsersAndHttp()
    {
        var options = CommandLine.Parse(["--port", "0", "--data-dir", "/tmp/x", "--http", "--system", "big=E880", "--system", "small=S812L", "--user", "a:b", "--job-ms", "10"])!;
        Assert.Equal(0, options.Port);
        Assert.False(options.UseHttps);
        Assert.Equal("/tmp/x", options.DataDirectory);
        Assert.Equal(["big", "small"], options.Systems.Select(s => s.Name));
        Assert.Equal("E880", options.Systems[0].Profile);
        Assert.Equal("b", options.Users["a"]);
        Assert.Equal(TimeSpan.FromMilliseconds(10), options.Jobs.PowerOn);
        var defaults = CommandLine.Parse([])!;
        Assert.Equal(12443, defaults.Port);
        Assert.True(defaults.UseHttps);
        Assert.Equal("abc123", defaults.Users["hscroot"]);
        Assert.Throws<ArgumentException>(() => CommandLine.Parse(["--bogus"]));
        Assert.Null(CommandLine.Parse(["--help"]));
    }

    private static HttpClientHandler Pinned(X509Certificate2 expected) => new()
    {
        ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == expected.Thumbprint,
    };
}
