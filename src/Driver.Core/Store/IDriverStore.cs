using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Events;
using PowerDrivers.Driver.Core.Operations;
using PowerDrivers.Driver.Core.Storage;

namespace PowerDrivers.Driver.Core.Store;

/// <summary>
/// Durable state: instances, operations, events. Every change goes through <see cref="CommitAsync"/>,
/// which applies a whole <see cref="ChangeSet"/> atomically (all or nothing) and survives a crash once it returns.
/// </summary>
public interface IDriverStore
{
    /// <summary>
    /// Applies the change set in one transaction and returns its events with sequences assigned.
    /// Throws <see cref="Errors.ConflictError"/> (NAME_IN_USE) when an inserted instance's name is taken on its host
    /// by an instance not deleted, and (CONFLICT) when an updated instance's or volume's stored version is not the expected
    /// one, or when an inserted network's name or VLAN is taken.
    /// </summary>
    Task<IReadOnlyList<DriverEvent>> CommitAsync(ChangeSet changes, CancellationToken cancellationToken);

    /// <summary>One instance, or null.</summary>
    Task<InstanceRecord?> GetInstanceAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>A page of instances ordered by creation time then id.</summary>
    Task<InstancePage> ListInstancesAsync(InstanceQuery query, CancellationToken cancellationToken);

    /// <summary>One operation, or null.</summary>
    Task<OperationRecord?> GetOperationAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>The operation created with this idempotency key, or null.</summary>
    Task<OperationRecord?> FindOperationByRequestIdAsync(string requestId, CancellationToken cancellationToken);

    /// <summary>A page of operations, newest first.</summary>
    Task<OperationPage> ListOperationsAsync(OperationQuery query, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="max"/> events with sequence &gt; <paramref name="afterSequence"/>, oldest first.</summary>
    Task<IReadOnlyList<DriverEvent>> ReadEventsAsync(long afterSequence, int max, CancellationToken cancellationToken);

    /// <summary>The largest sequence stored (0 when none).</summary>
    Task<long> LastSequenceAsync(CancellationToken cancellationToken);

    /// <summary>One volume, or null.</summary>
    Task<VolumeRecord?> GetVolumeAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Volumes (not deleted unless <paramref name="includeDeleted"/>), oldest first; <paramref name="host"/> empty = all.</summary>
    Task<IReadOnlyList<VolumeRecord>> ListVolumesAsync(string host, bool includeDeleted, CancellationToken cancellationToken);

    /// <summary>One network, or null.</summary>
    Task<NetworkRecord?> GetNetworkAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Every network, oldest first.</summary>
    Task<IReadOnlyList<NetworkRecord>> ListNetworksAsync(CancellationToken cancellationToken);
}
