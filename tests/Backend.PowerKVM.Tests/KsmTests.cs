using PowerDrivers.Backend.PowerKVM.Hosting;
using PowerDrivers.Backend.PowerKVM.Tests.Support;

namespace PowerDrivers.Backend.PowerKVM.Tests;

/// <summary>KSM figures from sysfs.</summary>
public sealed class KsmTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "pd-ksm-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public void Read_SysfsLikeDirectory_ReportsPagesAndSavings()
    {
        Directory.CreateDirectory(_dir);
        foreach (var (name, value) in new[] { ("run", "1"), ("pages_shared", "100"), ("pages_sharing", "2560"), ("pages_unshared", "7"), ("full_scans", "3") })
        {
            File.WriteAllText(Path.Combine(_dir, name), value + "\n");
        }

        var ksm = KsmFigures.Read(_dir);
        Assert.NotNull(ksm);
        Assert.True(ksm.Running);
        Assert.Equal((100L, 2560L, 7L, 3L), (ksm.PagesShared, ksm.PagesSharing, ksm.PagesUnshared, ksm.FullScans));
        Assert.Equal(2560L * Environment.SystemPageSize / (1024 * 1024), ksm.SavedMb);
    }

    [Fact]
    public void Read_MissingDirectory_IsNull() => Assert.Null(KsmFigures.Read(Path.Combine(_dir, "absent")));

    [Fact]
    public void GetPageSharing_EmbeddedHost_ReadsTheLocalKernelWhenItCan()
    {
        using var hosts = new KvmHosts();
        using var backend = hosts.Backend();
        Assert.Equal(KsmFigures.Read() is null, backend.GetPageSharing("powerkvm-1") is null);
    }
}
