using System.Globalization;
using PowerDrivers.Backend.PowerVM.Hmc;

namespace PowerDrivers.Backend.PowerVM;

/// <summary>
/// Settings of the PowerVM backend, from the configuration section <c>Driver:Backends:powervm</c>:
/// <c>HmcUrl</c>, <c>User</c>, <c>Password</c>, <c>Trust</c> (System | Pinned | CaFile | Insecure — loopback only),
/// <c>TrustPin</c>, <c>TrustCaFile</c>, <c>JobTimeoutSeconds</c>, <c>JobPollMilliseconds</c>, <c>Memento</c>, and
/// <c>Systems:&lt;host&gt;</c> naming the HMC managed system of a host (default: the host name), and
/// <c>StoragePools:&lt;host&gt;</c> naming the shared storage pool of its volumes (default: the pool of its VIOS cluster).
/// </summary>
public sealed record PowerVmSettings
{
    /// <summary>How to reach the HMC.</summary>
    public required HmcClientOptions Hmc { get; init; }

    /// <summary>Host name → managed system name on the HMC (hosts not listed use their own name).</summary>
    public IReadOnlyDictionary<string, string> Systems { get; init; } = new Dictionary<string, string>();

    /// <summary>Host name → shared storage pool name holding its volumes (hosts not listed: the pool of the managed system's VIOS cluster).</summary>
    public IReadOnlyDictionary<string, string> StoragePools { get; init; } = new Dictionary<string, string>();

    /// <summary>The HMC's name for the managed system of <paramref name="host"/>.</summary>
    public string SystemName(string host) => Systems.TryGetValue(host, out var name) ? name : host;

    /// <summary>Reads the flattened settings; throws <see cref="ArgumentException"/> naming the bad key.</summary>
    public static PowerVmSettings From(IReadOnlyDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        string? Get(string key) => settings.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
        var url = Get("HmcUrl") ?? throw new ArgumentException("Driver:Backends:powervm:HmcUrl is required (e.g. https://hmc.example:12443)");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            throw new ArgumentException($"Driver:Backends:powervm:HmcUrl must be an http(s) URL (got '{url}')");
        }

        var trustText = Get("Trust") ?? "System";
        if (!Enum.TryParse<HmcTrustMode>(trustText, ignoreCase: true, out var trust) || !Enum.IsDefined(trust))
        {
            throw new ArgumentException($"Driver:Backends:powervm:Trust must be System, Pinned, CaFile or Insecure (got '{trustText}')");
        }

        var hmc = new HmcClientOptions
        {
            Url = uri,
            User = Get("User") ?? "hscroot",
            Password = Get("Password") ?? throw new ArgumentException("Driver:Backends:powervm:Password is required"),
            Trust = trust,
            TrustPin = Get("TrustPin"),
            TrustCaFile = Get("TrustCaFile"),
            Memento = Get("Memento") ?? "powerdrivers",
            JobTimeout = TimeSpan.FromSeconds(Number(Get("JobTimeoutSeconds"), "JobTimeoutSeconds", 600)),
            JobPollInterval = TimeSpan.FromMilliseconds(Number(Get("JobPollMilliseconds"), "JobPollMilliseconds", 100)),
        };
        HmcTrust.Validate(hmc.Url, hmc.Trust, hmc.TrustPin, hmc.TrustCaFile);
        var systems = settings.Where(kv => kv.Key.StartsWith("Systems:", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key["Systems:".Length..], kv => kv.Value, StringComparer.Ordinal);
        var pools = settings.Where(kv => kv.Key.StartsWith("StoragePools:", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key["StoragePools:".Length..], kv => kv.Value, StringComparer.Ordinal);
        return new PowerVmSettings { Hmc = hmc, Systems = systems, StoragePools = pools };
    }

    private static double Number(string? text, string key, double fallback)
    {
        if (text is null)
        {
            return fallback;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"Driver:Backends:powervm:{key} must be a positive number (got '{text}')");
    }
}
