namespace PowerDrivers.Driver.Core.States;

/// <summary>The canonical lifecycle state, shared by every backend (mirrors the v1 contract).</summary>
public enum InstanceState
{
    /// <summary>Being defined.</summary>
    Building = 1,
    /// <summary>Defined, powered off.</summary>
    Stopped = 2,
    /// <summary>Powering on.</summary>
    Starting = 3,
    /// <summary>Running.</summary>
    Running = 4,
    /// <summary>Powering off.</summary>
    Stopping = 5,
    /// <summary>Restarting.</summary>
    Rebooting = 6,
    /// <summary>Frozen in memory.</summary>
    Paused = 7,
    /// <summary>Saving state.</summary>
    Suspending = 8,
    /// <summary>State saved, not running.</summary>
    Suspended = 9,
    /// <summary>Restoring saved state.</summary>
    Resuming = 10,
    /// <summary>Processor/memory change in progress.</summary>
    Resizing = 11,
    /// <summary>Resized, awaiting confirm or revert.</summary>
    ResizeVerify = 12,
    /// <summary>Moving between hosts.</summary>
    Migrating = 13,
    /// <summary>Being deleted.</summary>
    Deleting = 14,
    /// <summary>Gone; kept for history.</summary>
    Deleted = 15,
    /// <summary>Failed; see the fault.</summary>
    Error = 16,
}
