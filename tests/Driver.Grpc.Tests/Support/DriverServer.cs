using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Grpc.Hosting;
using Api = PowerDrivers.V1;

namespace PowerDrivers.Driver.Grpc.Tests.Support;

/// <summary>
/// The real driver application on a real loopback socket (port chosen by the OS), with a data directory of its own.
/// Backend providers can be added (the backends of later issues, or the fake). Dispose stops the server.
/// </summary>
internal sealed class DriverServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DriverServer(WebApplication app, string dataDirectory, Uri address)
    {
        _app = app;
        DataDirectory = dataDirectory;
        Address = address;
        Channel = GrpcChannel.ForAddress(address);
        Compute = new Api.ComputeService.ComputeServiceClient(Channel);
        Hosts = new Api.HostService.HostServiceClient(Channel);
        Events = new Api.EventService.EventServiceClient(Channel);
    }

    public string DataDirectory { get; }

    public Uri Address { get; }

    public GrpcChannel Channel { get; }

    public Api.ComputeService.ComputeServiceClient Compute { get; }

    public Api.HostService.HostServiceClient Hosts { get; }

    public Api.EventService.EventServiceClient Events { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<DriverServer> StartAsync(string? dataDirectory = null, IEnumerable<IBackendProvider>? providers = null, params string[] extraArgs)
    {
        dataDirectory ??= Path.Combine(Path.GetTempPath(), "pd-test-" + Guid.NewGuid().ToString("N"));
        string[] args = ["--Driver:DataDirectory=" + dataDirectory, "--Driver:Grpc:Port=0", "--Logging:LogLevel:Default=Warning", .. extraArgs];
        var app = DriverHost.Build(args, services =>
        {
            foreach (var p in providers ?? [])
            {
                services.AddSingleton(p);
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new DriverServer(app, dataDirectory, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)));
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>Removes the data directory (call after the last server over it is disposed).</summary>
    public static void DeleteData(string dataDirectory)
    {
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
