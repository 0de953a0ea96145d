namespace PowerDrivers.Driver.Core.States;

/// <summary>Every request that changes an instance's state.</summary>
public enum InstanceAction
{
    /// <summary>Define a new instance.</summary>
    Create,
    /// <summary>Power on.</summary>
    Start,
    /// <summary>Power off through the OS, then hard.</summary>
    StopSoft,
    /// <summary>Power off immediately.</summary>
    StopHard,
    /// <summary>Restart through the OS.</summary>
    RebootSoft,
    /// <summary>Restart immediately.</summary>
    RebootHard,
    /// <summary>Freeze in memory.</summary>
    Pause,
    /// <summary>Continue from pause.</summary>
    Unpause,
    /// <summary>Save state and stop.</summary>
    Suspend,
    /// <summary>Restore saved state.</summary>
    Resume,
    /// <summary>Change processors/memory.</summary>
    Resize,
    /// <summary>Keep the new size.</summary>
    ConfirmResize,
    /// <summary>Go back to the previous size.</summary>
    RevertResize,
    /// <summary>Attach a volume or interface (the power state does not change).</summary>
    AttachDevice,
    /// <summary>Detach a volume or interface (the power state does not change).</summary>
    DetachDevice,
    /// <summary>Delete a stopped instance.</summary>
    Delete,
    /// <summary>Delete, powering off first if needed.</summary>
    ForceDelete,
}
