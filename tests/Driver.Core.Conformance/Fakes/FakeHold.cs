namespace PowerDrivers.Driver.Core.Conformance.Fakes;

/// <summary>
/// Holds one call of a <see cref="FakeComputeBackend"/> method until released, so a test can act while an
/// operation is in flight. <see cref="Reached"/> completes when the call arrives.
/// </summary>
public sealed class FakeHold
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the held call has arrived (and is waiting).</summary>
    public Task Reached => _reached.Task;

    /// <summary>Lets the held call continue.</summary>
    public void Release() => _released.TrySetResult();

    internal async Task WaitAsync(CancellationToken cancellationToken)
    {
        _reached.TrySetResult();
        await _released.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
