using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Events;
using PowerDrivers.Driver.Core.Operations;
using PowerDrivers.Driver.Core.Storage;

namespace PowerDrivers.Driver.Core.Store;

/// <summary>Changes committed together.</summary>
/// <param name="InsertInstance">A new instance record.</param>
/// <param name="UpdateInstance">A changed record; its <see cref="InstanceRecord.Version"/> must be the stored version + 1.</param>
/// <param name="Operation">An operation to insert or replace.</param>
/// <param name="Events">Events to append.</param>
/// <param name="Volume">A volume to insert (version 1, id not stored yet) or replace (version = stored + 1).</param>
/// <param name="InsertNetwork">A new network (its name and VLAN must be free).</param>
/// <param name="DeleteNetwork">A network to remove.</param>
public sealed record ChangeSet(
    InstanceRecord? InsertInstance = null,
    InstanceRecord? UpdateInstance = null,
    OperationRecord? Operation = null,
    IReadOnlyList<DriverEvent>? Events = null,
    VolumeRecord? Volume = null,
    NetworkRecord? InsertNetwork = null,
    Guid? DeleteNetwork = null);
