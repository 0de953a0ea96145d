namespace PowerDrivers.Driver.Core.Operations;

/// <summary>The kind of long-running work (mirrors the v1 contract).</summary>
public enum OperationKind
{
    /// <summary>Create.</summary>
    Create = 1,
    /// <summary>Delete.</summary>
    Delete = 2,
    /// <summary>Start.</summary>
    Start = 3,
    /// <summary>Stop.</summary>
    Stop = 4,
    /// <summary>Reboot.</summary>
    Reboot = 5,
    /// <summary>Pause.</summary>
    Pause = 6,
    /// <summary>Unpause.</summary>
    Unpause = 7,
    /// <summary>Suspend.</summary>
    Suspend = 8,
    /// <summary>Resume.</summary>
    Resume = 9,
    /// <summary>Resize.</summary>
    Resize = 10,
    /// <summary>Confirm a resize.</summary>
    ConfirmResize = 11,
    /// <summary>Revert a resize.</summary>
    RevertResize = 12,
    /// <summary>Create a volume on its host's storage.</summary>
    CreateVolume = 13,
    /// <summary>Delete a volume.</summary>
    DeleteVolume = 14,
    /// <summary>Attach a volume to an instance.</summary>
    AttachVolume = 15,
    /// <summary>Detach a volume from an instance.</summary>
    DetachVolume = 16,
    /// <summary>Add a network interface to an instance.</summary>
    AttachInterface = 17,
    /// <summary>Remove a network interface from an instance.</summary>
    DetachInterface = 18,
}

/// <summary>Where an operation is.</summary>
public enum OperationState
{
    /// <summary>Accepted.</summary>
    Pending = 1,
    /// <summary>Running.</summary>
    Running = 2,
    /// <summary>Done.</summary>
    Succeeded = 3,
    /// <summary>Ended with an error; partial work rolled back.</summary>
    Failed = 4,
}
