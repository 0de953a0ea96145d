namespace PowerDrivers.Emulator.Hmc.Model;

/// <summary>
/// One vFC (NPIV) mapping of a VIOS: the server adapter (vfchostN) paired with the client vFC adapter carrying a WWPN
/// pair, mapped to a physical NPIV port (or to none yet).
/// </summary>
public sealed record FcMapping
{
    /// <summary>Client partition UUID.</summary>
    public required string ClientUuid { get; init; }

    /// <summary>Virtual slot of the client adapter.</summary>
    public required int ClientSlot { get; init; }

    /// <summary>Virtual slot of the server adapter in the VIOS.</summary>
    public required int ServerSlot { get; init; }

    /// <summary>N of the server adapter vfchostN.</summary>
    public required int AdapterNumber { get; init; }

    /// <summary>Physical port (fcsN) it is mapped to, or null.</summary>
    public string? PortName { get; init; }

    /// <summary>The client adapter's WWPN pair: the first logs in here, the second is kept for mobility.</summary>
    public required IReadOnlyList<string> Wwpns { get; init; }
}
