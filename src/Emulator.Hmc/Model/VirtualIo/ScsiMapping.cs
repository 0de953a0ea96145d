namespace PowerDrivers.Emulator.Hmc.Model;

/// <summary>
/// One vSCSI mapping of a VIOS: the server adapter (vhostN, <see cref="ServerSlot"/>) paired with the client adapter
/// (<see cref="ClientSlot"/> in the client partition) and, optionally, one backing device exported through a target
/// device (vtscsiN). Several mappings may share one adapter pair.
/// </summary>
public sealed record ScsiMapping
{
    /// <summary>Client partition UUID.</summary>
    public required string ClientUuid { get; init; }

    /// <summary>Virtual slot of the client adapter.</summary>
    public required int ClientSlot { get; init; }

    /// <summary>Virtual slot of the server adapter in the VIOS.</summary>
    public required int ServerSlot { get; init; }

    /// <summary>N of the server adapter vhostN.</summary>
    public required int AdapterNumber { get; init; }

    /// <summary>The backing device, or null for an adapter pair with nothing mapped yet.</summary>
    public ScsiBacking? Backing { get; init; }

    /// <summary>N of the target device vtscsiN (meaningful with a backing).</summary>
    public int TargetNumber { get; init; }
}
