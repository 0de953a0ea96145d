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
