using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using PowerDrivers.Driver.Grpc.Hosting;
using Api = PowerDrivers.V1;

namespace PowerDrivers.Parity.Support;

/// <summary>
/// The real driver (default hosts: powervm-1/2 on the embedded emulated HMC, powerkvm-1/2 on libvirt's test driver) on a
/// loopback port chosen by the OS, over a data directory of its own. HMC jobs are instant so the suite stays fast; the
/// Nova front is off (the parity suite speaks gRPC only).
/// </summary>
internal sealed class ParityServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ParityServer(WebApplication app, string dataDirectory, Uri address)
    {
        _app = app;
        DataDirectory = dataDirectory;
        Channel = GrpcChannel.ForAddress(address);
        Compute = new Api.ComputeService.ComputeServiceClient(Channel);
        Hosts = new Api.HostService.HostServiceClient(Channel);
        Volumes = new Api.VolumeService.VolumeServiceClient(Channel);
        Networks = new Api.NetworkService.NetworkServiceClient(Channel);
    }

    public string DataDirectory { get; }

    public GrpcChannel Channel { get; }

    public Api.ComputeService.ComputeServiceClient Compute { get; }

    public Api.HostService.HostServiceClient Hosts { get; }

    public Api.VolumeService.VolumeServiceClient Volumes { get; }

    public Api.NetworkService.NetworkServiceClient Networks { get; }

    /// <summary>Starts a driver over <paramref name="dataDirectory"/> (a restart when it already holds a driver's state).</summary>
    public static async Task<ParityServer> StartAsync(string dataDirectory)
    {
        string[] args =
        [
            "--Driver:DataDirectory=" + dataDirectory,
            "--Driver:Grpc:Port=0",
            "--Driver:Nova:Enabled=false",
            "--Driver:Backends:powervm:Embedded:InstantJobs=true",
            "--Logging:LogLevel:Default=Warning",
        ];
        var app = DriverHost.Build(args);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new ParityServer(app, dataDirectory, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)));
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
