using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Hardware.Power8;

namespace PowerDrivers.Backend.PowerKVM.Tests.Support;

/// <summary>PowerKVM hosts built the way the driver builds them: an S822L under OPAL with an FSP and a data directory of its own.</summary>
internal sealed class KvmHosts : IDisposable
{
    private static readonly ProfileCatalog Catalog = ProfileCatalog.LoadBuiltIn();

    public KvmHosts(string? root = null)
    {
        Root = root ?? Path.Combine(Path.GetTempPath(), "pd-kvm-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>Fresh managed systems (nothing reserved) over the same data directories.</summary>
    public IReadOnlyList<BackendHost> Build(params string[] names) =>
        [.. (names.Length == 0 ? ["powerkvm-1"] : names).Select(name =>
        {
            var system = new ManagedSystem(Catalog.Get("S822L"), Firmware.Opal, name);
            var data = Path.Combine(Root, "hosts", name);
            Directory.CreateDirectory(data);
            return new BackendHost(name, "powerkvm", "powerkvm", system, new Fsp(system, Path.Combine(Root, "nvram")), data);
        })];

    public PowerKvmBackend Backend(PowerKvmSettings? settings = null, params string[] names) =>
        new(Build(names), settings ?? new PowerKvmSettings());

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
