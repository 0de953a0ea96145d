using System.Security.Cryptography;
using PowerDrivers.Backend.PowerVM.Hmc;
using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Emulator.Hmc;
using PowerDrivers.Emulator.Hmc.Jobs;
using PowerDrivers.Hardware.Power8;

namespace PowerDrivers.Backend.PowerVM.Tests.Support;

/// <summary>
/// An Emulator.Hmc server on 127.0.0.1 (free port, HTTPS with its self-signed certificate, instant jobs) and PowerVM
/// backends talking to it over real HTTP with the certificate pinned.
/// </summary>
internal sealed class EmulatedHmc : IAsyncDisposable
{
    private static readonly ProfileCatalog Catalog = ProfileCatalog.LoadBuiltIn();
    private static byte[]? certificate;
    private readonly List<IAsyncDisposable> _owned = [];

    private EmulatedHmc(HmcServer server, string root)
    {
        Server = server;
        Root = root;
    }

    public HmcServer Server { get; }

    public HmcModel Model => Server.Model;

    public string Root { get; }

    /// <summary>SHA-256 fingerprint of the emulator's certificate.</summary>
    public string Pin => Convert.ToHexString(SHA256.HashData(Server.Certificate!.RawData));

    public static async Task<EmulatedHmc> StartAsync(Func<HmcOptions, HmcOptions>? configure = null)
    {
        var root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "pd-pvm-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var data = System.IO.Path.Combine(root, "hmc");
        Directory.CreateDirectory(data);
        const string pfx = "hmc-tls.pfx";

        // Generating an RSA certificate per test is slow: the first server's certificate is reused by later ones.
        if (Volatile.Read(ref certificate) is { } cached)
        {
            await File.WriteAllBytesAsync(System.IO.Path.Combine(data, pfx), cached);
        }

        var options = new HmcOptions { DataDirectory = data, Port = 0, Jobs = JobTimings.Instant };
        var server = await HmcServer.StartAsync(configure?.Invoke(options) ?? options);
        Volatile.Write(ref certificate, await File.ReadAllBytesAsync(System.IO.Path.Combine(data, pfx)));
        return new EmulatedHmc(server, root);
    }

    public HmcClientOptions ClientOptions(string password = "abc123") => new()
    {
        Url = Server.BaseAddress,
        User = "hscroot",
        Password = password,
        Trust = HmcTrustMode.Pinned,
        TrustPin = Pin,
        JobPollInterval = TimeSpan.FromMilliseconds(5),
        JobTimeout = TimeSpan.FromSeconds(20),
    };

    public HmcClient Client() => new(ClientOptions());

    /// <summary>Hosts as the driver hands them over (a Power8 managed system under PHYP each).</summary>
    public IReadOnlyList<BackendHost> Hosts(params string[] names) =>
        [.. (names.Length == 0 ? ["powervm-1"] : names).Select(name =>
        {
            var system = new ManagedSystem(Catalog.Get("S822L"), Firmware.Phyp, name);
            var data = System.IO.Path.Combine(Root, "hosts", name);
            Directory.CreateDirectory(data);
            return new BackendHost(name, "powervm", "powervm", system, new Fsp(system, System.IO.Path.Combine(Root, "nvram")), data);
        })];

    public PowerVmBackend Backend(params string[] names)
    {
        var settings = new PowerVmSettings { Hmc = ClientOptions() };
        var backend = new PowerVmBackend(Hosts(names), new HmcClient(settings.Hmc), settings);
        _owned.Add(backend);
        return backend;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in _owned)
        {
            await owned.DisposeAsync();
        }

        await Server.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
