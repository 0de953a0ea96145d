namespace PowerDrivers.Hardware.Power8.Tests;

public sealed class ProfileValidationTests
{
    private const string File = "S822L.yaml";

    /// <summary>Find → replace in the S822L profile; the error must name <c>anchor</c>'s line (in the mutated text), the field and the problem.</summary>
    public static TheoryData<string, string, string, string, string> Cases => new()
    {
        { "sockets: 2", "sockets: two", "sockets: two", "sockets", "must be an integer (got 'two')" },
        { "sockets: 2", "sockets: [2]", "sockets: [2]", "sockets", "must be a single value" },
        { "frequency_ghz: 3.42", "frequency_ghz: fast", "frequency_ghz: fast", "frequency_ghz", "must be a number (got 'fast')" },
        { "smt_threads: 8", "smt_threads: 0", "smt_threads: 0", "smt_threads", "must be positive (got 0)" },
        { "max_partitions: 400", "max_partitions: -1", "max_partitions: -1", "max_partitions", "must be positive (got -1)" },
        { "activated_cores: 20", "activated_cores: 24", "activated_cores: 24", "activated_cores", "must not exceed installed_cores (20) (got 24)" },
        { "installed_cores: 20", "installed_cores: 22", "installed_cores: 22", "installed_cores", "must equal sockets × cores_per_socket = 20 (got 22)" },
        { "activated_memory_mb: 524288", "activated_memory_mb: 1048576", "activated_memory_mb: 1048576", "activated_memory_mb", "must not exceed installed_memory_mb (524288) (got 1048576)" },
        { "lmb_size_mb: 256", "lmb_size_mb: 100", "lmb_size_mb: 100", "lmb_size_mb", "must be a power of two in 16..256 (got 100)" },
        { "lmb_size_mb: 256", "lmb_size_mb: 512", "lmb_size_mb: 512", "lmb_size_mb", "must be a power of two in 16..256 (got 512)" },
        { "lmb_size_mb: 256", "lmb_size_mb: 8", "lmb_size_mb: 8", "lmb_size_mb", "must be a power of two in 16..256 (got 8)" },
        { "installed_memory_mb: 524288", "installed_memory_mb: 524300", "installed_memory_mb: 524300", "installed_memory_mb", "must be a multiple of lmb_size_mb (256) (got 524300)" },
        { "supported_firmware: [phyp, opal]", "supported_firmware: [phyp, xen]", "supported_firmware: [phyp, xen]", "supported_firmware", "must be phyp or opal (got 'xen')" },
        { "supported_firmware: [phyp, opal]", "supported_firmware: [opal]", "supported_firmware: [opal]", "supported_firmware", "must include phyp" },
        { "model: S822L", "model: S822L\ncolour: blue", "colour: blue", "colour", "is not a known field" },
        { "  firmware_level: SV860_180", "  firmware_level: SV860_180\n  vendor: ibm", "vendor: ibm", "fsp.vendor", "is not a known field" },
        { "      kind: sas", "      kind: scsi", "kind: scsi", "pcie_slots[7].adapter.kind", "must be ethernet, fibre-channel or sas (got 'scsi')" },
        { "      ports: 4", "      ports: many", "ports: many", "pcie_slots[1].adapter.ports", "must be an integer (got 'many')" },
        { "U78CB.001.WZS2A22-P1-C3\n", "U78CB.001.WZS2A22-P1-C2\n", "location: U78CB.001.WZS2A22-P1-C2\n    generation: 3\n    adapter:\n      kind: ethernet", "pcie_slots[1].location", "is used by another slot" },
        { "machine_type: \"8247\"", "machine_type: \"82470\"", "machine_type", "machine_type", "must be four digits" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Load_BadField_ReportsFileLineAndField(string find, string replace, string anchor, string field, string problem)
    {
        var yaml = Mutate(find, replace);
        var ex = Load(yaml);
        Assert.Equal(File, ex.File);
        Assert.Equal(field, ex.Field);
        Assert.Contains(problem, ex.Problem, StringComparison.Ordinal);
        Assert.Equal(LineOfAnchor(yaml, anchor), ex.Line);
        Assert.StartsWith($"{File}:{ex.Line}: field '{field}': ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NegativeCoresPerSocket_MessageNamesFileLineAndField()
    {
        var yaml = Mutate("cores_per_socket: 10", "cores_per_socket: -2");
        var ex = Load(yaml);
        Assert.Equal($"S822L.yaml:{Profiles.LineOf(yaml, "cores_per_socket:")}: field 'cores_per_socket': must be positive (got -2)", ex.Message);
    }

    [Theory]
    [InlineData("sockets: 2\n", "sockets")]
    [InlineData("model: S822L\n", "model")]
    [InlineData("pcie_slots:\n", "pcie_slots")]
    [InlineData("fsp:\n  firmware_level: SV860_180\n", "fsp")]
    public void Load_MissingRequiredField_ReportsFieldAtMappingStart(string remove, string field)
    {
        var yaml = Mutate(remove, string.Empty);
        if (field == "pcie_slots")
        {
            // Without its key the slot list would dangle; cut everything after it too.
            yaml = yaml[..yaml.IndexOf("  - location", StringComparison.Ordinal)];
        }

        var ex = Load(yaml);
        Assert.Equal(field, ex.Field);
        Assert.Equal("is required", ex.Problem);
        Assert.Equal(FirstKeyLine(yaml), ex.Line);
    }

    [Fact]
    public void Load_SlotWithoutGeneration_ReportsSlotField()
    {
        var yaml = Profiles.BuiltInYaml(File).Replace("    generation: 3\n", string.Empty, StringComparison.Ordinal);
        var ex = Load(yaml);
        Assert.Equal("pcie_slots[0].generation", ex.Field);
        Assert.Equal(Profiles.LineOf(yaml, "- location:"), ex.Line);
    }

    [Fact]
    public void Load_NpivOnEthernet_IsRejected()
    {
        var yaml = Mutate("      speed_gbps: 10\n", "      speed_gbps: 10\n      npiv: true\n");
        var ex = Load(yaml);
        Assert.Equal("pcie_slots[1].adapter.npiv", ex.Field);
        Assert.Contains("only fibre-channel adapters support NPIV", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_InvalidYamlSyntax_ReportsLine()
    {
        var yaml = Mutate("sockets: 2", " sockets: 2");
        var ex = Load(yaml);
        Assert.Null(ex.Field);
        Assert.Equal(Profiles.LineOf(yaml, " sockets: 2"), ex.Line);
        Assert.Contains("not valid YAML", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TruncatedFlowList_IsReportedAsProfileError()
    {
        var ex = Load(Mutate("sockets: 2", "sockets: [2"));
        Assert.Contains("not valid YAML", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DuplicateKey_IsReportedAsProfileError()
    {
        var ex = Load(Mutate("sockets: 2", "sockets: 2\nsockets: 3"));
        Assert.Equal(File, ex.File);
    }

    [Fact]
    public void Load_DuplicateModelInDirectory_IsRejected()
    {
        using var dir = new TempDirectory();
        System.IO.File.WriteAllText(Path.Combine(dir.Path, "a.yaml"), Profiles.BuiltInYaml(File));
        System.IO.File.WriteAllText(Path.Combine(dir.Path, "b.yaml"), Profiles.BuiltInYaml(File));
        var ex = Assert.Throws<HardwareProfileException>(() => Profiles.BuiltIn.WithDirectory(dir.Path));
        Assert.Equal("b.yaml", ex.File);
        Assert.Contains("already defined", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BuiltInText_RoundTripsThroughPublicParser()
    {
        var p = ProfileCatalog.Parse("x.yaml", Profiles.BuiltInYaml("E880.yaml"));
        Assert.Equal(192, p.InstalledCores);
        Assert.Equal(4, p.Nodes);
        Assert.Equal(4.02, p.FrequencyGhz);
    }

    private static string Mutate(string find, string replace)
    {
        var yaml = Profiles.BuiltInYaml(File);
        var at = yaml.IndexOf(find, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{find}' not in {File}");
        return string.Concat(yaml.AsSpan(0, at), replace, yaml.AsSpan(at + find.Length));
    }

    private static HardwareProfileException Load(string yaml)
    {
        using var dir = new TempDirectory();
        System.IO.File.WriteAllText(Path.Combine(dir.Path, File), yaml);
        return Assert.Throws<HardwareProfileException>(() => Profiles.BuiltIn.WithDirectory(dir.Path));
    }

    private static int LineOfAnchor(string yaml, string anchor)
    {
        var at = yaml.IndexOf(anchor, StringComparison.Ordinal);
        Assert.True(at >= 0, $"anchor '{anchor}' not found");
        return yaml.AsSpan(0, at).Count('\n') + 1;
    }

    private static int FirstKeyLine(string yaml) =>
        Array.FindIndex(yaml.Split('\n'), l => l.Length > 0 && !l.StartsWith('#')) + 1;
}
