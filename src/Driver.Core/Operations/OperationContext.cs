using PowerDrivers.Driver.Core.Backends;

namespace PowerDrivers.Driver.Core.Operations;

/// <summary>Progress reporting for one running operation: each report is committed in order, after the previous one.</summary>
internal sealed class OperationContext(Guid operationId, Func<string, int, Task> commit) : IOperationContext
{
    private readonly Lock _gate = new();
    private Task _tail = Task.CompletedTask;
    private int _lastPercent = -1;
    private string _lastStep = "";

    public Guid OperationId => operationId;

    public void Report(string step, int percent)
    {
        percent = Math.Clamp(percent, 0, 99);
        lock (_gate)
        {
            if (percent == _lastPercent && step == _lastStep)
            {
                return;
            }

            _lastPercent = percent;
            _lastStep = step;
            _tail = _tail.ContinueWith(_ => commit(step, percent), CancellationToken.None,
                TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
        }
    }

    /// <summary>Waits until every report so far is committed (failures of progress commits are ignored).</summary>
    public async Task DrainAsync()
    {
        Task tail;
        lock (_gate)
        {
            tail = _tail;
        }

        try
        {
            await tail.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Progress is advisory: the final commit carries the outcome.
        }
    }
}
