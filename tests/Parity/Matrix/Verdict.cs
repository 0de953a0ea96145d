namespace PowerDrivers.Parity.Matrix;

/// <summary>What a backend showed for one feature.</summary>
internal enum Verdict
{
    /// <summary>The feature works through the API (✓).</summary>
    Yes,

    /// <summary>The feature is refused, with the typed reason (✗).</summary>
    No,

    /// <summary>Part of the feature works, or it is only declared (Capabilities) with no RPC to exercise it.</summary>
    Partial,
}

/// <summary>How a cell is backed.</summary>
internal enum Evidence
{
    /// <summary>Calls through the API did it (or were refused with a typed reason).</summary>
    Behaviour,

    /// <summary>No RPC or spec field exists for the feature: the cell reads HostService.GetCapabilities (flag + Unsupported reason).</summary>
    Capabilities,
}
