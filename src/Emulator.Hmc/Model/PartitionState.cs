namespace PowerDrivers.Emulator.Hmc.Model;

/// <summary>The PHYP partition states, as the HMC reports them in <c>PartitionState</c>.</summary>
public enum PartitionState
{
    /// <summary><c>not activated</c>: defined, holding no capacity.</summary>
    NotActivated,

    /// <summary><c>starting</c>: capacity granted, firmware booting.</summary>
    Starting,

    /// <summary><c>running</c>: the operating system is up.</summary>
    Running,

    /// <summary><c>open firmware</c>: stopped at the Open Firmware prompt (booted with bootmode <c>of</c>).</summary>
    OpenFirmware,

    /// <summary><c>shutting down</c>.</summary>
    ShuttingDown,

    /// <summary><c>error</c>.</summary>
    Error,

    /// <summary><c>not available</c>.</summary>
    NotAvailable,
}

/// <summary>Wire names of <see cref="PartitionState"/>.</summary>
public static class PartitionStates
{
    /// <summary>The text the HMC shows, e.g. <c>not activated</c>.</summary>
    public static string ToWire(this PartitionState state) => state switch
    {
        PartitionState.NotActivated => "not activated",
        PartitionState.Starting => "starting",
        PartitionState.Running => "running",
        PartitionState.OpenFirmware => "open firmware",
        PartitionState.ShuttingDown => "shutting down",
        PartitionState.Error => "error",
        _ => "not available",
    };

    /// <summary>True while the partition holds capacity (everything but not activated / not available).</summary>
    public static bool IsActive(this PartitionState state) =>
        state is not (PartitionState.NotActivated or PartitionState.NotAvailable);
}
