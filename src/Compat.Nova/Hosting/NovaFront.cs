using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using PowerDrivers.Compat.Nova.Compute;
using PowerDrivers.Compat.Nova.Identity;
using PowerDrivers.Compat.Nova.Image;
using PowerDrivers.Compat.Nova.Network;
using PowerDrivers.Compat.Nova.Volume;

namespace PowerDrivers.Compat.Nova.Hosting;

/// <summary>
/// The Nova-compatible REST front as its own web application (HTTP/1.1 on its own port): Nova v2.1 at <c>/</c> and
/// <c>/v2.1</c>, Keystone v3 at <c>/v3</c> and <c>/identity/v3</c>, Glance v2 at <c>/image</c>, Cinder v3 at
/// <c>/volume/v3/{project_id}</c> and Neutron v2.0 at <c>/network</c>. It reaches the driver
/// only through the generated gRPC client.
/// </summary>
public static class NovaFront
{
    /// <summary>Builds (does not start) the front.</summary>
    public static WebApplication Build(NovaOptions options, Uri driverAddress, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(driverAddress);
        if (!IPAddress.TryParse(options.Address, out var address))
        {
            throw new InvalidOperationException($"Driver:Nova:Address must be an IP address (got '{options.Address}')");
        }

        if (options.Port is < 0 or > 65535)
        {
            throw new InvalidOperationException($"Driver:Nova:Port must be 0-65535 (got {options.Port})");
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(NovaFront).Assembly.GetName().Name });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k => k.Listen(address, options.Port, l => l.Protocols = HttpProtocols.Http1));
        var services = builder.Services;
        var clock = time ?? TimeProvider.System;
        services.AddSingleton(options);
        services.AddSingleton(clock);
        services.AddSingleton(new IdentityDirectory(options));
        services.AddSingleton(new TokenStore(clock, TimeSpan.FromMinutes(Math.Max(1, options.TokenLifetimeMinutes))));
        services.AddSingleton(new ImageCatalog(options));
        services.AddSingleton(new FlavorStore(options));
        services.AddSingleton(new KeypairStore(options.DataDirectory));
        services.AddSingleton(new VolumeOverlay(options.DataDirectory));
        services.AddSingleton(new NeutronState(options.DataDirectory));
        services.AddSingleton<ActionLog>();
        services.AddSingleton<ServerBuilds>();
        services.AddSingleton<HostCache>();
        services.AddSingleton(new QuotaLimits(options.Quotas));
        services.AddSingleton(_ => new DriverClient(driverAddress));
        services.AddRouting();

        var app = builder.Build();
        app.UseMiddleware<FrontMiddleware>();
        app.UseRouting();
        VersionEndpoints.Map(app);
        KeystoneEndpoints.Map(app);
        GlanceEndpoints.Map(app);
        ServerEndpoints.Map(app);
        ServerActionEndpoints.Map(app);
        FlavorEndpoints.Map(app);
        HostEndpoints.Map(app);
        AccountEndpoints.Map(app);
        VolumeAttachmentEndpoints.Map(app);
        InterfaceEndpoints.Map(app);
        CinderEndpoints.Map(app);
        NeutronEndpoints.Map(app);
        return app;
    }

    /// <summary>
    /// Registers the front to start with the serving process once it listens (unless <c>Driver:Nova:Enabled</c> is
    /// false), calling the process's own first address over gRPC. When the gRPC port is OS-chosen (0) and no Nova
    /// port is configured, the Nova port is OS-chosen too, so throwaway servers never fight over 8774.
    /// </summary>
    public static IServiceCollection AddNovaFront(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(NovaOptions.Section);
        var options = section.Get<NovaOptions>() ?? new NovaOptions();
        if (section["Port"] is null && configuration["Driver:Grpc:Port"] == "0")
        {
            options.Port = 0;
        }

        if (options.Enabled)
        {
            services.AddSingleton(sp => new NovaFrontService(options, () => OwnAddress(sp), sp.GetRequiredService<IHostApplicationLifetime>(), sp.GetRequiredService<ILogger<NovaFrontService>>()));
            services.AddHostedService(sp => sp.GetRequiredService<NovaFrontService>());
        }

        return services;
    }

    private static Uri OwnAddress(IServiceProvider services)
    {
        var address = services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("the serving process has no address for the Nova front to call");
        return new Uri(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
    }
}
