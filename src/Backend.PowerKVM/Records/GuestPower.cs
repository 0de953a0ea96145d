namespace PowerDrivers.Backend.PowerKVM.Records;

/// <summary>The power state the backend last put a guest in (restored on a connection that forgot it).</summary>
public enum GuestPower
{
    /// <summary>Defined, shut off.</summary>
    Stopped,
    /// <summary>Running.</summary>
    Running,
    /// <summary>Running with vCPUs frozen.</summary>
    Paused,
    /// <summary>Shut off with a managed-save image.</summary>
    Saved,
}
