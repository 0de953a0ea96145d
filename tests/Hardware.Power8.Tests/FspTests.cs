using System.Text;

namespace PowerDrivers.Hardware.Power8.Tests;

public sealed class FspTests : IDisposable
{
    private readonly TempDirectory dir = new();
    private readonly ManagedSystem system = Profiles.System("S824", Firmware.Phyp);

    public void Dispose() => dir.Dispose();

    [Fact]
    public void Fsp_Always_ReportsProfileFirmwareFacts()
    {
        var fsp = new Fsp(system, dir.Path);
        Assert.Equal("SV860_180", fsp.FirmwareLevel);
        Assert.Equal(Firmware.Phyp, fsp.Firmware);
        Assert.Equal(system.MachineTypeModelSerial, fsp.MachineTypeModelSerial);
        Assert.Equal(Path.Combine(Path.GetFullPath(dir.Path), $"{system.Serial}.nvram"), fsp.Nvram.Path);
    }

    [Fact]
    public void Nvram_NewFspOverSameDirectory_SeesEverythingWritten()
    {
        var first = new Fsp(system, dir.Path);
        first.Nvram.Write("lpar/1", Encoding.UTF8.GetBytes("<LogicalPartition/>"));
        first.Nvram.Write("lpar/2", [1, 2, 3]);
        first.Nvram.Write("lpar/2", [4, 5]);
        first.Nvram.Write("lpar/3", []);
        Assert.True(first.Nvram.Delete("lpar/3"));

        var second = new Fsp(system, dir.Path);

        Assert.Equal(["lpar/1", "lpar/2"], second.Nvram.Keys);
        Assert.True(second.Nvram.TryRead("lpar/1", out var one));
        Assert.Equal("<LogicalPartition/>", Encoding.UTF8.GetString(one));
        Assert.True(second.Nvram.TryRead("lpar/2", out var two));
        Assert.Equal([4, 5], two);
        Assert.False(second.Nvram.TryRead("lpar/3", out _));
        Assert.False(second.Nvram.Delete("lpar/3"));
    }

    [Fact]
    public void Nvram_AfterWrites_LeavesNoTemporaryFiles()
    {
        var fsp = new Fsp(system, dir.Path);
        for (var i = 0; i < 20; i++)
        {
            fsp.Nvram.Write($"k{i % 5}", new byte[i * 100]);
        }

        fsp.Nvram.Delete("k0");

        Assert.Equal([$"{system.Serial}.nvram"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Nvram_StaleTemporaryFromCrash_IsIgnoredAndRemoved()
    {
        var fsp = new Fsp(system, dir.Path);
        fsp.Nvram.Write("kept", [7]);
        var stale = Path.Combine(dir.Path, $"{system.Serial}.nvram.0123456789abcdef.tmp");
        File.WriteAllBytes(stale, [0xDE, 0xAD]);

        var restarted = new Fsp(system, dir.Path);

        Assert.False(File.Exists(stale));
        Assert.Equal(["kept"], restarted.Nvram.Keys);
    }

    [Fact]
    public void Nvram_CorruptFile_IsReportedNotIgnored()
    {
        var fsp = new Fsp(system, dir.Path);
        fsp.Nvram.Write("k", [1, 2, 3, 4]);
        var bytes = File.ReadAllBytes(fsp.Nvram.Path);
        bytes[^40] ^= 0xFF;
        File.WriteAllBytes(fsp.Nvram.Path, bytes);

        Assert.Throws<InvalidDataException>(() => new Fsp(system, dir.Path));
    }

    [Fact]
    public void Nvram_ReadValue_IsACopy()
    {
        var nvram = new Fsp(system, dir.Path).Nvram;
        nvram.Write("k", [1]);
        Assert.True(nvram.TryRead("k", out var value));
        value[0] = 9;
        Assert.True(nvram.TryRead("k", out var again));
        Assert.Equal([1], again);
    }

    [Fact]
    public void Nvram_SeparateSystems_UseSeparateFiles()
    {
        var other = new ManagedSystem(system.Profile, Firmware.Phyp, "other-system");
        new Fsp(system, dir.Path).Nvram.Write("k", [1]);
        Assert.Empty(new Fsp(other, dir.Path).Nvram.Keys);
    }
}
