using System.Globalization;

namespace PowerDrivers.Backend.PowerKVM;

/// <summary>
/// Settings of the PowerKVM backend (configuration section <c>Driver:Backends:powerkvm</c>). Every host uses the
/// embedded <c>test:///&lt;node file&gt;</c> connection unless <see cref="Uri"/> (all hosts) or <c>Hosts:&lt;name&gt;:Uri</c>
/// names another one.
/// </summary>
public sealed record PowerKvmSettings
{
    /// <summary>A libvirt URI for every host (e.g. <c>qemu:///system</c>); empty = the embedded test connection.</summary>
    public string Uri { get; init; } = "";

    /// <summary>Per-host URI overrides.</summary>
    public IReadOnlyDictionary<string, string> HostUris { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Domain type: "kvm" (PowerKVM on POWER8; the default) or "qemu" (TCG emulation on another host).</summary>
    public string DomainType { get; init; } = "kvm";

    /// <summary>vCPUs per host hardware thread; null = the managed system's own setting (4.0).</summary>
    public double? CpuOvercommitRatio { get; init; }

    /// <summary>Guest memory per MB left after the host reserve; null = the managed system's own setting (1.0).</summary>
    public double? MemoryOvercommitRatio { get; init; }

    /// <summary>
    /// POWER8 split-core: 1 (whole cores: guest SMT up to 8, one guest per core at a time), 2 or 4 sub-cores per core
    /// (micro-threading: up to 2 or 4 guests run on one core at once, each sub-core with 8 ÷ n threads, so guest SMT up
    /// to 4 or 2).
    /// </summary>
    public int SubcoresPerCore { get; init; } = 1;

    /// <summary>Soft stop: how often to look whether the guest has shut down.</summary>
    public TimeSpan ShutdownPollInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Capacity of each host's volume pool, GiB (default 2048): thick volumes are refused beyond it. libvirt's own limit
    /// speaks as well (the test driver fixes every pool at 100 GiB; a real directory pool ends at its file system).
    /// </summary>
    public long StoragePoolCapacityGb { get; init; } = 2048;

    /// <summary>Directory of each host's volume pool; empty = <c>&lt;host data&gt;/powerkvm/images</c>. <c>{host}</c> is replaced by the host name.</summary>
    public string StoragePoolPath { get; init; } = "";

    /// <summary>The Open vSwitch bridge guests' NICs join (one port per NIC, tagged with the network's VLAN).</summary>
    public string NetworkBridge { get; init; } = "br-data";

    /// <summary>Reads the flattened configuration section; throws <see cref="ArgumentException"/> naming a bad key.</summary>
    public static PowerKvmSettings From(IReadOnlyDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var result = new PowerKvmSettings();
        var hostUris = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in settings)
        {
            switch (key.ToUpperInvariant())
            {
                case "URI":
                    result = result with { Uri = value.Trim() };
                    break;
                case "DOMAINTYPE":
                    var type = value.Trim().ToLowerInvariant();
                    result = type is "kvm" or "qemu" ? result with { DomainType = type }
                        : throw new ArgumentException($"Driver:Backends:powerkvm:DomainType must be kvm or qemu (got '{value}')", nameof(settings));
                    break;
                case "CPUOVERCOMMITRATIO":
                    result = result with { CpuOvercommitRatio = Ratio(key, value) };
                    break;
                case "MEMORYOVERCOMMITRATIO":
                    result = result with { MemoryOvercommitRatio = Ratio(key, value) };
                    break;
                case "SUBCORESPERCORE":
                    result = result with
                    {
                        SubcoresPerCore = value.Trim() is "1" or "2" or "4" ? int.Parse(value.Trim(), CultureInfo.InvariantCulture)
                            : throw new ArgumentException($"Driver:Backends:powerkvm:SubcoresPerCore must be 1, 2 or 4 (got '{value}')", nameof(settings)),
                    };
                    break;
                case "STORAGEPOOLCAPACITYGB":
                    result = result with
                    {
                        StoragePoolCapacityGb = long.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var gb) && gb > 0 ? gb
                            : throw new ArgumentException($"Driver:Backends:powerkvm:StoragePoolCapacityGb must be a positive whole number (got '{value}')", nameof(settings)),
                    };
                    break;
                case "STORAGEPOOLPATH":
                    result = result with { StoragePoolPath = value.Trim() };
                    break;
                case "NETWORKBRIDGE":
                    var bridge = value.Trim();
                    result = bridge.Length is > 0 and <= 15 && !bridge.Contains('/', StringComparison.Ordinal) && !bridge.Any(char.IsWhiteSpace) ? result with { NetworkBridge = bridge }
                        : throw new ArgumentException($"Driver:Backends:powerkvm:NetworkBridge must be an interface name of 1-15 characters (got '{value}')", nameof(settings));
                    break;
                case "SHUTDOWNPOLLMILLISECONDS":
                    result = result with { ShutdownPollInterval = TimeSpan.FromMilliseconds(Ratio(key, value)) };
                    break;
                default:
                    var parts = key.Split(':');
                    if (parts.Length == 3 && parts[0].Equals("Hosts", StringComparison.OrdinalIgnoreCase) && parts[2].Equals("Uri", StringComparison.OrdinalIgnoreCase))
                    {
                        hostUris[parts[1]] = value.Trim();
                    }
                    else if (parts.Length < 2 || !parts[0].Equals("Hosts", StringComparison.OrdinalIgnoreCase))
                    {
                        throw new ArgumentException($"Driver:Backends:powerkvm:{key} is not a PowerKVM setting (known: Uri, DomainType, CpuOvercommitRatio, MemoryOvercommitRatio, SubcoresPerCore, ShutdownPollMilliseconds, StoragePoolCapacityGb, StoragePoolPath, NetworkBridge, Hosts:<name>:Uri)", nameof(settings));
                    }

                    break;
            }
        }

        return result with { HostUris = hostUris };
    }

    /// <summary>The URI configured for <paramref name="host"/>, or empty for the embedded default.</summary>
    public string UriFor(string host) => HostUris.TryGetValue(host, out var uri) && uri.Length > 0 ? uri : Uri;

    private static double Ratio(string key, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var r) && double.IsFinite(r) && r > 0
            ? r
            : throw new ArgumentException($"Driver:Backends:powerkvm:{key} must be a positive number (got '{value}')", nameof(value));
}
