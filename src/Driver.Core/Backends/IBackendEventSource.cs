namespace PowerDrivers.Driver.Core.Backends;

/// <summary>
/// Optional for a backend: the platform's own change feed, so the driver learns of changes made behind its back
/// (a partition powered off at the HMC, a domain destroyed with virsh) as they happen instead of at the next reconcile.
/// </summary>
public interface IBackendEventSource
{
    /// <summary>
    /// Changes of instances on the backend's hosts as the platform reports them, until <paramref name="cancellationToken"/>
    /// is cancelled. May repeat a state that did not change (the driver compares). Throws when the feed cannot be read;
    /// the driver then calls again after a pause.
    /// </summary>
    IAsyncEnumerable<BackendStateChange> WatchStateChangesAsync(CancellationToken cancellationToken);
}

/// <summary>One instance as the platform reports it after a change.</summary>
/// <param name="Host">The host it is on.</param>
/// <param name="NativeId">Platform id (matches <see cref="InstanceRecord.NativeId"/>).</param>
/// <param name="Observation">What the platform reports now; null when the platform deleted it.</param>
public sealed record BackendStateChange(string Host, string NativeId, BackendObservation? Observation);
