namespace PowerDrivers.Driver.Core.Events;

/// <summary>What an event reports (mirrors the v1 contract).</summary>
public enum EventKind
{
    /// <summary>A new instance record.</summary>
    InstanceCreated = 1,
    /// <summary>State change.</summary>
    InstanceStateChanged = 2,
    /// <summary>Name/metadata/spec change.</summary>
    InstanceUpdated = 3,
    /// <summary>Deleted.</summary>
    InstanceDeleted = 4,
    /// <summary>Operation accepted.</summary>
    OperationStarted = 5,
    /// <summary>Operation progress.</summary>
    OperationProgress = 6,
    /// <summary>Operation ended.</summary>
    OperationFinished = 7,
    /// <summary>The platform changed behind the driver's back; the record was corrected.</summary>
    InstanceDrifted = 8,
    /// <summary>A host changed.</summary>
    HostChanged = 9,
}
