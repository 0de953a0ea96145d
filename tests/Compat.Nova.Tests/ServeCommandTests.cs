using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PowerDrivers.Compat.Nova.Hosting;
using PowerDrivers.Driver.Grpc.Hosting;

namespace PowerDrivers.Compat.Nova.Tests;

/// <summary>The serve command (DriverHost) serves the Nova front on its own port, calling itself over gRPC.</summary>
public sealed class ServeCommandTests
{
    [Fact]
    public async Task DriverHost_WithNovaEnabled_ServesTheFrontOnItsOwnPort()
    {
        var data = Path.Combine(Path.GetTempPath(), "pd-nova-serve-" + Guid.NewGuid().ToString("N"));
        var app = DriverHost.Build(["--Driver:DataDirectory=" + data, "--Driver:Grpc:Port=0", "--Logging:LogLevel:Default=Warning"]);
        try
        {
            await app.StartAsync();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var url = await app.Services.GetRequiredService<NovaFrontService>().Started.WaitAsync(cts.Token);
            using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };

            var versions = JsonNode.Parse(await http.GetStringAsync("/"))!;
            Assert.Equal("v2.1", (string?)versions["versions"]![1]!["id"]);
            var login = """{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"admin","domain":{"id":"default"},"password":"admin"}}}}}""";
            using var token = await http.PostAsync("/v3/auth/tokens", new StringContent(login, System.Text.Encoding.UTF8, "application/json"));
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v2.1/os-hypervisors");
            request.Headers.Add("X-Auth-Token", token.Headers.GetValues("X-Subject-Token").Single());
            using var response = await http.SendAsync(request);
            var hypervisors = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["hypervisors"]!.AsArray();
            Assert.Equal(4, hypervisors.Count);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
