using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using PowerDrivers.Compat.Nova.Hosting;
using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Conformance.Fakes;
using PowerDrivers.Driver.Grpc.Hosting;

namespace PowerDrivers.Compat.Nova.Tests.Support;

/// <summary>
/// The real driver (gRPC on a loopback port, its powervm hosts served by the in-memory fake backend — a test double
/// until the real PowerVM backend exists) and the Nova front on another loopback port, calling the driver over gRPC.
/// </summary>
public sealed class NovaStack : IAsyncDisposable
{
    private readonly WebApplication _driver;
    private readonly WebApplication _front;

    private NovaStack(WebApplication driver, WebApplication front, string dataDirectory, Uri url, FakeComputeBackend? backend)
    {
        _driver = driver;
        _front = front;
        DataDirectory = dataDirectory;
        Url = url;
        Backend = backend;
        Http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri Url { get; }

    public string DataDirectory { get; }

    public HttpClient Http { get; }

    /// <summary>The fake serving the powervm hosts, or null when the real PowerVM backend serves them.</summary>
    public FakeComputeBackend? Backend { get; }

    /// <summary>Starts both; the fake powervm backend has no pause by default (as PowerVM).</summary>
    public static Task<NovaStack> StartAsync(FakeBackendOptions? options = null) =>
        StartAsync(new FakeComputeBackend((options ?? FakeBackendOptions.Full with { Pause = false }) with { Kind = "powervm", Hosts = ["powervm-1", "powervm-2"] }));

    /// <summary>Starts both with the driver's own backends only: PowerVM on the embedded emulated HMC, PowerKVM on libvirt's test driver.</summary>
    public static Task<NovaStack> StartWithRealBackendsAsync() => StartAsync((FakeComputeBackend?)null);

    private static async Task<NovaStack> StartAsync(FakeComputeBackend? backend)
    {
        var data = Path.Combine(Path.GetTempPath(), "pd-nova-" + Guid.NewGuid().ToString("N"));
        string[] args = ["--Driver:DataDirectory=" + data, "--Driver:Grpc:Port=0", "--Driver:Nova:Enabled=false", "--Logging:LogLevel:Default=Warning"];
        var driver = DriverHost.Build(args, services =>
        {
            if (backend is not null)
            {
                services.AddSingleton<IBackendProvider>(new FakeProvider(backend));
            }
        });
        await driver.StartAsync();
        var grpc = new Uri(Address(driver));
        var front = NovaFront.Build(new NovaOptions { Port = 0, DataDirectory = data }, grpc);
        await front.StartAsync();
        return new NovaStack(driver, front, data, new Uri(Address(front)), backend);
    }

    internal static string Address(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal);

    /// <summary>Issues a token for a configured user (admin/admin or demo/demo).</summary>
    public async Task<string> TokenAsync(string user = "admin", string password = "admin", string project = "admin")
    {
        var body = new JsonObject
        {
            ["auth"] = new JsonObject
            {
                ["identity"] = new JsonObject
                {
                    ["methods"] = new JsonArray("password"),
                    ["password"] = new JsonObject { ["user"] = new JsonObject { ["name"] = user, ["domain"] = new JsonObject { ["id"] = "default" }, ["password"] = password } },
                },
                ["scope"] = new JsonObject { ["project"] = new JsonObject { ["name"] = project, ["domain"] = new JsonObject { ["id"] = "default" } } },
            },
        }.ToJsonString();
        using var response = await Http.PostAsync("/v3/auth/tokens", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(201, (int)response.StatusCode);
        return response.Headers.GetValues("X-Subject-Token").Single();
    }

    /// <summary>Sends a request with a token and an optional microversion; returns the status, the JSON body and the response.</summary>
    public async Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> SendAsync(HttpMethod method, string path, string? token, object? body = null, string? version = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Add("X-Auth-Token", token);
        }

        if (version is not null)
        {
            request.Headers.Add("OpenStack-API-Version", "compute " + version);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body is string s ? s : System.Text.Json.JsonSerializer.Serialize(body), Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null, response);
    }

    /// <summary>Polls a server until its status is <paramref name="status"/> and its task_state is null (bounded).</summary>
    public async Task<JsonNode> WaitForStatusAsync(string token, string id, string status)
    {
        JsonNode? server = null;
        for (var i = 0; i < 200; i++)
        {
            var (_, body, _) = await SendAsync(HttpMethod.Get, $"/v2.1/servers/{id}", token);
            server = body!["server"]!;
            if ((string?)server["status"] == status && server["OS-EXT-STS:task_state"] is null)
            {
                return server;
            }

            await Task.Delay(50);
        }

        throw new Xunit.Sdk.XunitException($"server {id} never reached {status}: {server?.ToJsonString()}");
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _front.StopAsync();
        await _front.DisposeAsync();
        await _driver.StopAsync();
        await _driver.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
