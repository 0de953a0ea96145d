using PowerDrivers.Emulator.Hmc.Faults;
using PowerDrivers.Emulator.Hmc.Jobs;
using PowerDrivers.Emulator.Hmc.Model;

namespace PowerDrivers.Emulator.Hmc;

/// <summary>Configuration of the emulated HMC (model and server).</summary>
public sealed record HmcOptions
{
    /// <summary>Where the FSP NVRAM files and the TLS certificate live. Required.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Managed systems. Default: two S822L named <c>powervm-1</c> and <c>powervm-2</c>, like the driver's default hosts.</summary>
    public IReadOnlyList<SystemSetup> Systems { get; init; } = [new() { Name = "powervm-1" }, new() { Name = "powervm-2" }];

    /// <summary>Directory of extra hardware profile YAML files (overriding the built-in ones), or null.</summary>
    public string? ProfileDirectory { get; init; }

    /// <summary>Name of the console (<c>ManagementConsoleName</c>).</summary>
    public string ConsoleName { get; init; } = "hmc1";

    /// <summary>Users and passwords. Default: the HMC factory account <c>hscroot</c> / <c>abc123</c>.</summary>
    public IReadOnlyDictionary<string, string> Users { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal) { ["hscroot"] = "abc123" };

    /// <summary>Faults armed at start (the admin endpoint and <see cref="HmcModel.Faults"/> arm more later).</summary>
    public IReadOnlyList<FaultRule> Faults { get; init; } = [];

    /// <summary>Durations of the emulated operations.</summary>
    public JobTimings Jobs { get; init; } = new();

    /// <summary>Longest a long-poll read of the event feed waits. Default 10 s.</summary>
    public TimeSpan EventWait { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A session expires after this long without a request. Default 2 h.</summary>
    public TimeSpan SessionIdleTimeout { get; init; } = TimeSpan.FromHours(2);

    /// <summary>TCP port on 127.0.0.1 (0 = any free port). Default 12443, the HMC's.</summary>
    public int Port { get; init; } = 12443;

    /// <summary>Serve HTTPS with a self-signed certificate kept in the data directory (default), or plain HTTP.</summary>
    public bool UseHttps { get; init; } = true;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(DataDirectory);
        if (Systems.Count == 0)
        {
            throw new ArgumentException("at least one managed system is required", nameof(Systems));
        }

        var duplicate = Systems.GroupBy(s => s.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"managed system name '{duplicate.Key}' is used twice", nameof(Systems));
        }

        if (Users.Count == 0 || Users.Any(u => string.IsNullOrEmpty(u.Key) || string.IsNullOrEmpty(u.Value)))
        {
            throw new ArgumentException("at least one user with a non-empty name and password is required", nameof(Users));
        }

        if (Port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(Port), Port, "port must be 0..65535");
        }

        if (EventWait <= TimeSpan.Zero || SessionIdleTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("EventWait and SessionIdleTimeout must be positive");
        }
    }
}
