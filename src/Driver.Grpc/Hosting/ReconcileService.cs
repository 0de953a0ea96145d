using PowerDrivers.Driver.Core.Operations;

namespace PowerDrivers.Driver.Grpc.Hosting;

/// <summary>
/// At start-up, in the background (so the first call is not delayed): fails operations a previous process left
/// unfinished and corrects records the platform contradicts; then follows the backends' change feeds so later changes
/// behind the driver's back are corrected as they happen. On shutdown, lets running operations finish (bounded).
/// </summary>
internal sealed class ReconcileService(ComputeManager manager, ILogger<ReconcileService> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var report = await manager.ReconcileAsync(stoppingToken);
            if (report.Changed > 0)
            {
                log.LogWarning("start-up reconcile: {Interrupted} interrupted operations failed, {Drifted} instances corrected", report.InterruptedOperations, report.DriftedInstances);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            log.LogError(ex, "start-up reconcile failed");
        }

        try
        {
            await manager.RunBackendEventsAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await manager.DisposeAsync();
    }
}
