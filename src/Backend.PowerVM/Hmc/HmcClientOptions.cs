namespace PowerDrivers.Backend.PowerVM.Hmc;

/// <summary>How to reach and talk to an HMC.</summary>
public sealed record HmcClientOptions
{
    /// <summary>Base URL, e.g. https://hmc:12443.</summary>
    public required Uri Url { get; init; }
    /// <summary>HMC user.</summary>
    public required string User { get; init; }
    /// <summary>Password.</summary>
    public required string Password { get; init; }
    /// <summary>Certificate trust.</summary>
    public HmcTrustMode Trust { get; init; } = HmcTrustMode.System;
    /// <summary>SHA-256 fingerprint for <see cref="HmcTrustMode.Pinned"/>.</summary>
    public string? TrustPin { get; init; }
    /// <summary>PEM CA file for <see cref="HmcTrustMode.CaFile"/>.</summary>
    public string? TrustCaFile { get; init; }
    /// <summary>The X-Audit-Memento sent with every request (who, for the HMC's audit log).</summary>
    public string Memento { get; init; } = "powerdrivers";
    /// <summary>Timeout of one HTTP request.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>Pause between job status polls.</summary>
    public TimeSpan JobPollInterval { get; init; } = TimeSpan.FromMilliseconds(100);
    /// <summary>Longest a job may run before the client gives up on it.</summary>
    public TimeSpan JobTimeout { get; init; } = TimeSpan.FromMinutes(10);
    /// <summary>How often an update is re-read and retried after a 412 (ETag mismatch).</summary>
    public int EtagRetries { get; init; } = 3;
}
