namespace PowerDrivers.Emulator.Hmc.Model;

/// <summary>The state of one disk path of a client partition.</summary>
public enum PathState
{
    /// <summary>The path's VIOS serves I/O.</summary>
    Enabled,

    /// <summary>The path's VIOS is down.</summary>
    Failed,
}
