using System.Globalization;
using System.Security.Cryptography;
using PowerDrivers.Backend.PowerVM;
using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Emulator.Hmc;
using PowerDrivers.Emulator.Hmc.Jobs;
using PowerDrivers.Emulator.Hmc.Model;

namespace PowerDrivers.Driver.Grpc.Backends;

/// <summary>
/// Serves the powervm hosts. With <c>Driver:Backends:powervm:HmcUrl</c> set, the backend talks to that HMC (a real
/// one). Without it, an Emulator.Hmc is started in this process on a loopback port — one managed system per powervm
/// host, built on the host's own <see cref="Hardware.Power8.ManagedSystem"/> so capacity has one truth — and the
/// backend talks to it over HTTPS with its certificate pinned, exactly as it would to a real HMC.
/// Settings of the embedded HMC: <c>Embedded:Port</c> (default 0 = any free port), <c>Embedded:InstantJobs</c>.
/// </summary>
internal sealed class PowerVmProvider : IBackendProvider, IAsyncDisposable
{
    private HmcServer? _embedded;

    public string Kind => PowerVmBackend.BackendKind;

    /// <summary>The embedded HMC, when one was started.</summary>
    public HmcServer? Embedded => _embedded;

    public IComputeBackend Create(IReadOnlyList<BackendHost> hosts, IReadOnlyDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.TryGetValue("HmcUrl", out var url) && !string.IsNullOrWhiteSpace(url))
        {
            return new PowerVmBackendProvider().Create(hosts, settings);
        }

        var dataDirectory = Path.GetFullPath(Path.Combine(hosts[0].DataDirectory, "..", "..", "hmc"));
        var port = settings.TryGetValue("Embedded:Port", out var p) ? int.Parse(p, CultureInfo.InvariantCulture) : 0;
        var instant = settings.TryGetValue("Embedded:InstantJobs", out var i) && bool.Parse(i);
        var options = new HmcOptions
        {
            DataDirectory = dataDirectory,
            Port = port,
            Systems = [.. hosts.Select(h => new SystemSetup { Name = h.Name, Profile = h.Profile.Model, Machine = h.System })],
            Jobs = instant ? JobTimings.Instant : new JobTimings(),
        };

        // Start-up is synchronous here: the driver builds its backends once, before it serves.
        _embedded = HmcServer.StartAsync(options).GetAwaiter().GetResult();
        var embedded = new Dictionary<string, string>(settings, StringComparer.OrdinalIgnoreCase)
        {
            ["HmcUrl"] = _embedded.BaseAddress.ToString(),
            ["User"] = options.Users.Keys.First(),
            ["Password"] = options.Users.Values.First(),
            ["Trust"] = "Pinned",
            ["TrustPin"] = Convert.ToHexString(SHA256.HashData(_embedded.Certificate!.RawData)),
        };
        return new PowerVmBackendProvider().Create(hosts, embedded);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _embedded, null) is { } server)
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
