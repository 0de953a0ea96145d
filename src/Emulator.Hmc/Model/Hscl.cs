using System.Globalization;

namespace PowerDrivers.Emulator.Hmc.Model;

/// <summary>The HSCL-coded refusals of the emulated HMC/PHYP, worded in the real console's style.</summary>
public static class Hscl
{
    /// <summary>Partition state does not allow the operation (the recorded real message).</summary>
    public const string InvalidState = "HSCL05DF";

    /// <summary>Power off of a partition that is already off (clients treat it as done).</summary>
    public const string AlreadyPoweredOff = "HSCL1558";

    /// <summary>Power on of a partition that is already on (clients treat it as done).</summary>
    public const string AlreadyPoweredOn = "HSCL3681";

    /// <summary>Processing units / virtual processors ratio below the POWER8 minimum.</summary>
    public const string ProcessorRatio = "HSCL1566";

    /// <summary>Insufficient processors or memory.</summary>
    public const string InsufficientResources = "HSCL1575";

    /// <summary>A value is outside the allowed range or malformed.</summary>
    public const string InvalidValue = "HSCL1504";

    /// <summary>Memory is not a multiple of the logical memory block.</summary>
    public const string MemoryNotLmbMultiple = "HSCL1510";

    /// <summary>Partition name malformed or already in use.</summary>
    public const string InvalidName = "HSCL3008";

    /// <summary>Partition name already in use.</summary>
    public const string DuplicateName = "HSCL3005";

    /// <summary>Partition ID malformed or already in use.</summary>
    public const string InvalidId = "HSCL3006";

    /// <summary>Attribute can only change while the partition is off.</summary>
    public const string MustBeOff = "HSCL294C";

    /// <summary>Active Memory Expansion or Sharing not available or not valid.</summary>
    public const string MemoryFeature = "HSCL2A4B";

    /// <summary>Object not found.</summary>
    public const string NotFound = "HSCL0100";

    /// <summary>Shared processor pool limit exceeded.</summary>
    public const string PoolCapacity = "HSCL1590";

    /// <summary>RMC connection needed for the operation is not active.</summary>
    public const string RmcInactive = "HSCL0DB4";

    /// <summary>ETag mismatch (the object changed since it was read).</summary>
    public const string EtagMismatch = "HSCL7000";

    /// <summary>A device is mapped or otherwise in use (emulator code).</summary>
    public const string DeviceInUse = "HSCL2971";

    /// <summary>An NPIV port already serves its maximum of virtual ports (emulator code).</summary>
    public const string NpivPortFull = "HSCL2922";

    /// <summary>Request body malformed.</summary>
    public const string BadRequest = "HSCL350B";

    internal static HmcException State(string partition, string state) =>
        new(InvalidState, $"The partition is not in a state under which this operation can be performed. Check the state of the partition. (partition {partition} is {state})", 409);

    internal static HmcException Value(string what) => new(InvalidValue, what);

    internal static HmcException Missing(string kind, string id) =>
        new(NotFound, $"The {kind} with identifier {id} was not found.", 404);

    internal static HmcException OffOnly(string attribute, string partition) =>
        new(MustBeOff, $"The partition {partition} must be powered off before changing {attribute}.", 409);

    internal static string Units(int centi) => (centi / 100m).ToString("0.00", CultureInfo.InvariantCulture);
}
