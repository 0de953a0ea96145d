using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace PowerDrivers.Compat.Nova.Hosting;

/// <summary>Starts the front after the serving process listens (it needs the gRPC address) and stops it with the process.</summary>
public sealed class NovaFrontService : IHostedService, IAsyncDisposable
{
    private readonly NovaOptions _options;
    private readonly Func<Uri> _grpcAddress;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<NovaFrontService> _logger;
    private readonly TaskCompletionSource<Uri> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplication? _app;

    internal NovaFrontService(NovaOptions options, Func<Uri> grpcAddress, IHostApplicationLifetime lifetime, ILogger<NovaFrontService> logger)
    {
        _options = options;
        _grpcAddress = grpcAddress;
        _lifetime = lifetime;
        _logger = logger;
    }

    /// <summary>Completes with the front's base URL once it listens (faults if it could not start).</summary>
    public Task<Uri> Started => _started.Task;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _lifetime.ApplicationStarted.Register(() => _ = StartFrontAsync());
        return Task.CompletedTask;
    }

    private async Task StartFrontAsync()
    {
        try
        {
            var driver = _options.DriverUrl.Length > 0 ? new Uri(_options.DriverUrl) : _grpcAddress();
            _app = NovaFront.Build(_options, driver);
            await _app.StartAsync().ConfigureAwait(false);
            var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var uri = new Uri(address);
            _logger.LogInformation("Nova v2.1 / Keystone v3 / Glance v2 / Cinder v3 / Neutron v2.0 front listening on {Address} (driver {Driver})", uri, driver);
            _started.TrySetResult(uri);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "the Nova front could not start");
            _started.TrySetException(ex);
        }
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
            _app = null;
        }
    }
}
