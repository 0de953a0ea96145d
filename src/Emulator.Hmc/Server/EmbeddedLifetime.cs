using Microsoft.Extensions.Hosting;

namespace PowerDrivers.Emulator.Hmc.Server;

/// <summary>
/// A host lifetime that never hooks process signals: the emulator runs inside another process (the driver, a test
/// runner) whose Ctrl+C/SIGTERM are not its to handle; whoever owns the <see cref="HmcServer"/> disposes it.
/// </summary>
internal sealed class EmbeddedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
