namespace PowerDrivers.Backend.PowerVM.Tasks;

/// <summary>
/// A linear flow of steps, each with an execute and an optional revert (the nova-powervm/taskflow idea): when step k
/// fails, the reverts of steps k-1 … 1 run in reverse order and the original error is rethrown. A revert that fails is
/// recorded, never hides the original error.
/// </summary>
internal sealed class TaskFlow
{
    private readonly List<(string Name, Func<CancellationToken, Task> Execute, Func<CancellationToken, Task>? Revert)> _steps = [];

    /// <summary>The flow's name (for messages).</summary>
    public TaskFlow(string name) => Name = name;

    public string Name { get; }

    /// <summary>Names of the steps reverted by the last failed run, in the order they were undone.</summary>
    public List<string> Reverted { get; } = [];

    /// <summary>Reverts that failed themselves.</summary>
    public List<Exception> RevertFailures { get; } = [];

    public TaskFlow Add(string name, Func<CancellationToken, Task> execute, Func<CancellationToken, Task>? revert = null)
    {
        _steps.Add((name, execute, revert));
        return this;
    }

    /// <summary>Runs every step; on failure undoes the completed ones and rethrows.</summary>
    public async Task RunAsync(Action<string, int>? progress, CancellationToken ct)
    {
        var done = new Stack<(string Name, Func<CancellationToken, Task>? Revert)>();
        for (var i = 0; i < _steps.Count; i++)
        {
            var (name, execute, revert) = _steps[i];
            progress?.Invoke(name, i * 100 / _steps.Count);
            try
            {
                await execute(ct).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The revert of the failed step itself also runs: a step may have half-happened (a PUT whose answer was lost).
                done.Push((name, revert));
                await RevertAsync(done).ConfigureAwait(false);
                throw;
            }

            done.Push((name, revert));
        }
    }

    private async Task RevertAsync(Stack<(string Name, Func<CancellationToken, Task>? Revert)> done)
    {
        while (done.TryPop(out var step))
        {
            if (step.Revert is null)
            {
                continue;
            }

            try
            {
                // Reverts run even when the operation was cancelled: nothing may stay half-built.
                using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
                await step.Revert(cts.Token).ConfigureAwait(false);
                Reverted.Add(step.Name);
            }
            catch (Exception ex)
            {
                RevertFailures.Add(ex);
            }
        }
    }
}
