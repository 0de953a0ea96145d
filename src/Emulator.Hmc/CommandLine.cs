using System.Globalization;
using PowerDrivers.Emulator.Hmc.Jobs;
using PowerDrivers.Emulator.Hmc.Model;

namespace PowerDrivers.Emulator.Hmc;

/// <summary>Command line of the standalone emulator.</summary>
internal static class CommandLine
{
    public const string Usage = """
        usage: PowerDrivers.Emulator.Hmc [options]
          --port N              TCP port on 127.0.0.1 (default 12443; 0 = any free port)
          --urls URL            alternative to --port/--http: http(s)://127.0.0.1:PORT
          --data-dir DIR        FSP NVRAM files and the TLS certificate (default ./hmc-data)
          --http                serve plain HTTP instead of HTTPS
          --system NAME=MODEL   a managed system from a hardware profile (repeatable; default powervm-1=S822L powervm-2=S822L)
          --profiles DIR        extra hardware profile YAML files
          --user NAME:PASSWORD  a user (repeatable; default hscroot:abc123)
          --console-name NAME   the console's name (default hmc1)
          --job-ms N            duration of power on/off in ms (default 300)
          --help
        """;

    /// <summary>The options, or null when help was asked for. Throws <see cref="ArgumentException"/> for bad input.</summary>
    public static HmcOptions? Parse(IReadOnlyList<string> args)
    {
        var options = new HmcOptions { DataDirectory = "hmc-data" };
        var systems = new List<SystemSetup>();
        var users = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--help" or "-h":
                    return null;
                case "--urls":
                    var url = Value().Split(';')[0];
                    if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || !(uri.IsLoopback || uri.Host is "*" or "+"))
                    {
                        throw new ArgumentException($"--urls takes one http(s)://127.0.0.1:PORT address (the emulator binds loopback only), got '{url}'");
                    }

                    options = options with { Port = uri.Port, UseHttps = uri.Scheme == "https" };
                    break;
                case "--port":
                    options = options with { Port = Int(Value(), "--port") };
                    break;
                case "--data-dir":
                    options = options with { DataDirectory = Value() };
                    break;
                case "--http":
                    options = options with { UseHttps = false };
                    break;
                case "--profiles":
                    options = options with { ProfileDirectory = Value() };
                    break;
                case "--console-name":
                    options = options with { ConsoleName = Value() };
                    break;
                case "--job-ms":
                    var ms = TimeSpan.FromMilliseconds(Int(Value(), "--job-ms"));
                    options = options with { Jobs = new JobTimings { PowerOn = ms, PowerOff = ms, PowerOffImmediate = ms / 4 } };
                    break;
                case "--system":
                    var system = Value().Split('=', 2);
                    systems.Add(system.Length == 2 && system[0].Length > 0 && system[1].Length > 0
                        ? new SystemSetup { Name = system[0], Profile = system[1] }
                        : throw new ArgumentException("--system takes NAME=MODEL"));
                    break;
                case "--user":
                    var user = Value().Split(':', 2);
                    if (user.Length != 2 || user[0].Length == 0 || user[1].Length == 0)
                    {
                        throw new ArgumentException("--user takes NAME:PASSWORD");
                    }

                    users[user[0]] = user[1];
                    break;
                default:
                    throw new ArgumentException($"unknown option {args[i]}");
            }
        }

        if (systems.Count > 0)
        {
            options = options with { Systems = systems };
        }

        if (users.Count > 0)
        {
            options = options with { Users = users };
        }

        options.Validate();
        return options;
    }

    private static int Int(string value, string option) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new ArgumentException($"{option} takes a non-negative whole number (got '{value}')");
}
