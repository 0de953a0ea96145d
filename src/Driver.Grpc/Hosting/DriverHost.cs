using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Events;
using PowerDrivers.Driver.Core.Operations;
using PowerDrivers.Driver.Core.Store;
using PowerDrivers.Driver.Grpc.Backends;
using PowerDrivers.Driver.Grpc.Mapping;
using PowerDrivers.Driver.Grpc.Services;
using PowerDrivers.Driver.Grpc.Store;
using PowerDrivers.Hardware.Power8;

namespace PowerDrivers.Driver.Grpc.Hosting;

/// <summary>Builds the driver's web application: configuration, hosts, store, manager, gRPC services.</summary>
public static class DriverHost
{
    /// <summary>
    /// Builds the application from command-line arguments. <paramref name="configure"/> lets a caller add
    /// services before the build (tests register <see cref="IBackendProvider"/>s this way).
    /// </summary>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configure = null)
    {
        // SQLite commits block their thread while the disk syncs; on a 2-core machine the pool's default minimum
        // (one thread per core) lets background commits delay request handling until new threads are injected.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 16), io);
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true);
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddCommandLine(args);
        var options = builder.Configuration.GetSection(DriverOptions.Section).Get<DriverOptions>() ?? new DriverOptions();
        if (options.Grpc.Port is < 0 or > 65535)
        {
            throw new DriverConfigurationException($"Driver:Grpc:Port must be 0-65535 (got {options.Grpc.Port})");
        }

        if (!IPAddress.TryParse(options.Grpc.Address, out var address))
        {
            throw new DriverConfigurationException($"Driver:Grpc:Address must be an IP address (got '{options.Grpc.Address}')");
        }

        builder.WebHost.ConfigureKestrel(k => k.Listen(address, options.Grpc.Port, l => l.Protocols = HttpProtocols.Http2));
        var dataDirectory = Path.GetFullPath(options.DataDirectory);
        Directory.CreateDirectory(dataDirectory);

        var services = builder.Services;
        services.AddSingleton(Options.Create(options));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => LoadCatalog(options));
        services.AddSingleton(sp => HostInventory.Build(options, sp.GetRequiredService<ProfileCatalog>(), dataDirectory));
        services.AddSingleton<IDriverStore>(_ => SqliteDriverStore.Open(dataDirectory));
        services.AddSingleton<EventHub>();
        services.AddSingleton(sp => new BackendRegistry(CreateBackends(sp, builder.Configuration.GetSection(DriverOptions.Section).GetSection("Backends"))));
        services.AddSingleton(sp => new ComputeManager(
            sp.GetRequiredService<IDriverStore>(), sp.GetRequiredService<BackendRegistry>(), sp.GetRequiredService<EventHub>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ComputeManager>>(),
            new ComputeManagerOptions { DefaultStopTimeout = TimeSpan.FromSeconds(options.DefaultStopTimeoutSeconds) }));
        services.AddHostedService<ReconcileService>();
        services.AddGrpc(o =>
        {
            o.Interceptors.Add<ErrorInterceptor>();
            o.EnableDetailedErrors = false;
        });
        services.AddGrpcHealthChecks().AddCheck("driver", () => Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy());
        services.AddGrpcReflection();
        services.AddSingleton<IBackendProvider, PowerDrivers.Backend.PowerKVM.PowerKvmBackendProvider>();
        services.AddSingleton<IBackendProvider, PowerVmProvider>();
        // The Nova v2.1 / Keystone v3 / Glance v2 REST front (Compat.Nova) on its own HTTP/1.1 port, calling this process over gRPC.
        PowerDrivers.Compat.Nova.Hosting.NovaFront.AddNovaFront(services, builder.Configuration);
        configure?.Invoke(services);

        var app = builder.Build();
        app.MapGrpcService<ComputeApi>();
        app.MapGrpcService<HostApi>();
        app.MapGrpcService<EventApi>();
        app.MapGrpcService<VolumeApi>();
        app.MapGrpcService<NetworkApi>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();

        // Build the hosts, store and backends now, so configuration errors stop the start instead of the first call.
        _ = app.Services.GetRequiredService<ComputeManager>();
        return app;
    }

    private static ProfileCatalog LoadCatalog(DriverOptions options) =>
        options.ProfileDirectory.Length == 0 ? ProfileCatalog.LoadBuiltIn() : ProfileCatalog.LoadBuiltIn().WithDirectory(options.ProfileDirectory);

    private static IEnumerable<IComputeBackend> CreateBackends(IServiceProvider sp, IConfigurationSection backends)
    {
        // The provider registered last for a kind wins: a caller's (a test's) provider replaces the built-in one.
        var providers = sp.GetServices<IBackendProvider>().GroupBy(p => p.Kind, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        foreach (var group in sp.GetRequiredService<IReadOnlyList<BackendHost>>().GroupBy(h => h.Backend, StringComparer.Ordinal))
        {
            var hosts = group.ToList();
            if (!providers.TryGetValue(group.Key, out var provider))
            {
                yield return new InventoryOnlyBackend(group.Key, hosts);
                continue;
            }

            var section = backends.GetSection(group.Key);
            var settings = section.AsEnumerable(makePathsRelative: true).Where(kv => kv.Value is not null)
                .ToDictionary(kv => kv.Key, kv => kv.Value!, StringComparer.OrdinalIgnoreCase);
            yield return provider.Create(hosts, settings);
        }
    }
}
