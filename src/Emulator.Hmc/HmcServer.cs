using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PowerDrivers.Emulator.Hmc.Server;

namespace PowerDrivers.Emulator.Hmc;

/// <summary>
/// The emulated HMC served over its REST API on 127.0.0.1: embed it in-process (port 0 picks a free port, see
/// <see cref="BaseAddress"/>) or run it standalone. Dispose to stop.
/// </summary>
public sealed class HmcServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private HmcServer(WebApplication app, HmcModel model, Uri baseAddress, X509Certificate2? certificate)
    {
        this.app = app;
        Model = model;
        BaseAddress = baseAddress;
        Certificate = certificate;
    }

    /// <summary>The model behind the API (systems, partitions, jobs, events, faults).</summary>
    public HmcModel Model { get; }

    /// <summary>Where it listens, e.g. <c>https://127.0.0.1:12443/</c>; the API is under <c>rest/api/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The self-signed TLS certificate (null over plain HTTP); clients pin or trust it.</summary>
    public X509Certificate2? Certificate { get; }

    /// <summary>Builds the model from <paramref name="options"/> and starts listening. <paramref name="logging"/> configures logs (none by default).</summary>
    public static async Task<HmcServer> StartAsync(HmcOptions options, Action<ILoggingBuilder>? logging = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var model = new HmcModel(options);
        try
        {
            var certificate = options.UseHttps ? CertificateStore.LoadOrCreate(options.DataDirectory) : null;
            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
            builder.Logging.ClearProviders();
            logging?.Invoke(builder.Logging);
            builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
            {
                kestrel.AddServerHeader = false;
                kestrel.Listen(IPAddress.Loopback, options.Port, listen =>
                {
                    if (certificate is not null)
                    {
                        listen.UseHttps(certificate);
                    }
                });
            });
            var app = builder.Build();
            var api = new RestApi(model, new SessionStore(options.SessionIdleTimeout, model.Clock));
            app.Run(api.HandleAsync);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var port = new Uri(address).Port;
            var baseAddress = new Uri($"{(certificate is null ? "http" : "https")}://127.0.0.1:{port}/");
            return new HmcServer(app, model, baseAddress, certificate);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Stops listening and stops running jobs.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await app.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            await app.DisposeAsync().ConfigureAwait(false);
            Model.Dispose();
            Certificate?.Dispose();
        }
    }
}
