using PowerDrivers.Emulator.Hmc.Jobs;

namespace PowerDrivers.Emulator.Hmc.Tests.Rest;

/// <summary>An emulated HMC served over plain HTTP on 127.0.0.1 (OS-chosen port), on a temporary data directory.</summary>
internal sealed class ServerFixture : IAsyncDisposable
{
    private ServerFixture(HmcServer server, string directory, bool ownsDirectory)
    {
        Server = server;
        DataDirectory = directory;
        OwnsDirectory = ownsDirectory;
    }

    public HmcServer Server { get; }

    public string DataDirectory { get; }

    private bool OwnsDirectory { get; }

    public static async Task<ServerFixture> StartAsync(Func<HmcOptions, HmcOptions>? configure = null, string? directory = null)
    {
        var dir = directory ?? Path.Combine(Path.GetTempPath(), "hmc-rest-" + Guid.NewGuid().ToString("N"));
        var options = new HmcOptions { DataDirectory = dir, Port = 0, UseHttps = false, Jobs = JobTimings.Instant, EventWait = TimeSpan.FromSeconds(5) };
        var server = await HmcServer.StartAsync(configure?.Invoke(options) ?? options);
        return new ServerFixture(server, dir, directory is null);
    }

    public async Task<HmcClient> LoggedOnClientAsync()
    {
        var client = new HmcClient(Server.BaseAddress);
        using var response = await client.LogonAsync();
        Assert.True(response.IsSuccessStatusCode);
        return client;
    }

    public string SystemPath(int index = 0) => $"rest/api/uom/ManagedSystem/{Server.Model.Systems[index].Uuid}";

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        if (OwnsDirectory && Directory.Exists(DataDirectory))
        {
            TestDirectories.Delete(DataDirectory);
        }
    }
}
