namespace PowerDrivers.Driver.Grpc.Hosting;

/// <summary>The driver's configuration (section "Driver" of appsettings.json, environment Driver__*, or --Driver:* arguments).</summary>
public sealed class DriverOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Driver";

    /// <summary>Where the SQLite database and the FSP NVRAM files live. Relative paths are from the working directory.</summary>
    public string DataDirectory { get; set; } = ".data";

    /// <summary>Extra hardware profiles (YAML) that add to or override the built-in ones; empty = built-in only.</summary>
    public string ProfileDirectory { get; set; } = "";

    /// <summary>The gRPC endpoint.</summary>
    public GrpcEndpointOptions Grpc { get; set; } = new();

    /// <summary>The managed systems served, each with one firmware and its backend.</summary>
    public List<HostOptions> Hosts { get; set; } = [];

    /// <summary>Soft stop timeout when a caller gives none, seconds.</summary>
    public int DefaultStopTimeoutSeconds { get; set; } = 120;
}

/// <summary>Where gRPC listens (HTTP/2 without TLS, loopback by default).</summary>
public sealed class GrpcEndpointOptions
{
    /// <summary>Address to bind.</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>Port (0 = any free port, logged at start).</summary>
    public int Port { get; set; } = 50051;
}

/// <summary>One host: a managed system built from a hardware profile under one firmware.</summary>
public sealed class HostOptions
{
    /// <summary>Unique host name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Hardware profile model ("S822L", "8247-22L").</summary>
    public string Profile { get; set; } = "";

    /// <summary>"phyp" (PowerVM) or "opal" (PowerKVM).</summary>
    public string Firmware { get; set; } = "";

    /// <summary>"powervm" or "powerkvm"; empty = the backend of the firmware.</summary>
    public string Backend { get; set; } = "";

    /// <summary>Availability zone; empty = the backend's name.</summary>
    public string AvailabilityZone { get; set; } = "";

    /// <summary>Serial number; empty = derived from the name.</summary>
    public string Serial { get; set; } = "";
}
