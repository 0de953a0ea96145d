namespace PowerDrivers.Hardware.Power8.Tests;

public sealed class ProfileCatalogTests
{
    public static TheoryData<string> Models => new() { "S812L", "S822L", "S824", "E870", "E880" };

    [Fact]
    public void LoadBuiltIn_Always_HasEveryModel()
    {
        Assert.Equal(["E870", "E880", "S812L", "S822L", "S824"], Profiles.BuiltIn.All.Select(p => p.Model));
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void LoadBuiltIn_EachProfile_NumbersAreConsistent(string model)
    {
        var p = Profiles.BuiltIn.Get(model);
        Assert.Equal(p.Sockets * p.CoresPerSocket, p.InstalledCores);
        Assert.InRange(p.ActivatedCores, 1, p.InstalledCores);
        Assert.InRange(p.ActivatedMemoryMb, 1, p.InstalledMemoryMb);
        Assert.InRange(p.InstalledMemoryMb, 1, p.MaxMemoryMb);
        Assert.Equal(0, p.Sockets % p.Nodes);
        Assert.Equal(8, p.SmtThreads);
        Assert.Equal(256, p.LmbSizeMb);
        Assert.Equal(256, p.MaxVirtualProcessorsPerPartition);
        Assert.All(new[] { p.InstalledMemoryMb, p.ActivatedMemoryMb, p.MaxMemoryMb }, m => Assert.Equal(0, m % p.LmbSizeMb));
        Assert.Equal(["default", "POWER7", "POWER8"], p.ProcessorCompatibilityModes);
        Assert.Contains(Firmware.Phyp, p.SupportedFirmware);
        Assert.Matches("^S[VC]860_", p.ServiceProcessor.FirmwareLevel);
        Assert.Equal(p.PcieSlots.Count, p.PcieSlots.Select(s => s.LocationCode).Distinct().Count());
        Assert.All(p.PcieSlots, s => Assert.Matches(@"^U78C[0-9A-F]\.001\.[A-Z0-9]{7}-P1-C\d+$", s.LocationCode));
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void LoadBuiltIn_EachProfile_HasAdaptersForTwoVios(string model)
    {
        var adapters = Profiles.BuiltIn.Get(model).PcieSlots.Select(s => s.Adapter).OfType<PcieAdapter>().ToList();
        var fc = adapters.Where(a => a.Kind == AdapterKind.FibreChannel).ToList();
        Assert.True(fc.Count >= 2);
        Assert.All(fc, a => Assert.True(a.Npiv));
        Assert.True(adapters.Count(a => a.Kind == AdapterKind.Ethernet) >= 2);
        Assert.True(adapters.Count(a => a.Kind == AdapterKind.Sas) >= 2);
        Assert.DoesNotContain(adapters, a => a.Npiv && a.Kind != AdapterKind.FibreChannel);
    }

    [Theory]
    [InlineData("S812L", true)]
    [InlineData("S822L", true)]
    [InlineData("S824", false)]
    [InlineData("E870", false)]
    [InlineData("E880", false)]
    public void SupportedFirmware_OpalOnlyOnLinuxScaleOut(string model, bool opal)
    {
        Assert.Equal(opal, Profiles.BuiltIn.Get(model).Supports(Firmware.Opal));
        Assert.True(Profiles.BuiltIn.Get(model).Supports(Firmware.Phyp));
    }

    [Theory]
    [InlineData("S822L", "S822L")]
    [InlineData("s822l", "S822L")]
    [InlineData("8247-22L", "S822L")]
    [InlineData("8247-22l", "S822L")]
    [InlineData("9119-MHE", "E880")]
    [InlineData("8286-42A", "S824")]
    public void Get_ByModelOrTypeModel_FindsProfile(string key, string model)
    {
        Assert.Equal(model, Profiles.BuiltIn.Get(key).Model);
    }

    [Fact]
    public void Get_UnknownModel_ListsKnownModels()
    {
        var ex = Assert.Throws<KeyNotFoundException>(() => Profiles.BuiltIn.Get("S924"));
        Assert.Contains("S924", ex.Message, StringComparison.Ordinal);
        Assert.Contains("S822L (8247-22L)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("E880 (9119-MHE)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithDirectory_ProfileWithSameModel_OverridesBuiltIn()
    {
        using var dir = new TempDirectory();
        var yaml = Profiles.BuiltInYaml("S822L.yaml").Replace("activated_cores: 20", "activated_cores: 16", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(dir.Path, "my-s822l.yaml"), yaml);

        var catalog = Profiles.BuiltIn.WithDirectory(dir.Path);

        Assert.Equal(16, catalog.Get("S822L").ActivatedCores);
        Assert.Equal(20, Profiles.BuiltIn.Get("S822L").ActivatedCores);
        Assert.Equal(5, catalog.All.Count);
    }

    [Fact]
    public void WithDirectory_NewModel_IsAdded()
    {
        using var dir = new TempDirectory();
        var yaml = Profiles.BuiltInYaml("S822L.yaml").Replace("model: S822L", "model: S822L-SMALL", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(dir.Path, "small.yml"), yaml);

        var catalog = Profiles.BuiltIn.WithDirectory(dir.Path);

        Assert.Equal(6, catalog.All.Count);
        Assert.Equal("S822L-SMALL", catalog.Get("s822l-small").Model);
        Assert.Throws<ArgumentException>(() => catalog.Get("8247-22L"));
    }

    [Fact]
    public void WithDirectory_MissingDirectory_Throws()
    {
        Assert.Throws<DirectoryNotFoundException>(() => Profiles.BuiltIn.WithDirectory("/nonexistent/power8-profiles"));
    }
}
