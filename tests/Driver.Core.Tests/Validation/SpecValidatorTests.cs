using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.Model;
using PowerDrivers.Driver.Core.Validation;
using Xunit;

namespace PowerDrivers.Driver.Core.Tests.Validation;

public sealed class SpecValidatorTests
{
    private static InstanceSpec Valid(string name = "vm-1") => new(
        name, "host-a",
        new ProcessorSpec(ProcessorMode.Shared, new CountRange(1, 2, 4), new UnitsRange(0.1m, 0.5m, 2m)),
        new MemorySpec(1024, 2048, 4096),
        GuestSpec.Default,
        new Dictionary<string, string> { ["owner"] = "team-a" });

    private static InstanceSpec Dedicated() => Valid() with
    {
        Processors = new ProcessorSpec(ProcessorMode.Dedicated, new CountRange(1, 2, 4), null),
    };

    private static string[] Fields(InstanceSpec spec) => SpecValidator.Validate(spec).Select(v => v.Field).ToArray();

    private static InstanceSpec WithVp(int min, int desired, int max) =>
        Valid() with { Processors = Valid().Processors with { VirtualProcessors = new CountRange(min, desired, max) } };

    private static InstanceSpec WithUnits(decimal min, decimal desired, decimal max) =>
        Valid() with { Processors = Valid().Processors with { ProcessingUnits = new UnitsRange(min, desired, max) } };

    private static decimal D(string value) => decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture);

    private static InstanceSpec WithMemory(MemorySpec memory) => Valid() with { Memory = memory };

    [Fact]
    public void Validate_ValidSharedAndDedicatedSpecs_ReportNothing()
    {
        Assert.Empty(SpecValidator.Validate(Valid()));
        Assert.Empty(SpecValidator.Validate(Dedicated()));
        SpecValidator.EnsureValid(Valid());
    }

    [Fact]
    public void Name_Empty_IsRequired()
    {
        var v = Assert.Single(SpecValidator.Validate(Valid("")));
        Assert.Equal("spec.name", v.Field);
        Assert.Contains("required", v.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Name_31Characters_IsAccepted() => Assert.Empty(Fields(Valid(new string('a', 31))));

    [Fact]
    public void Name_32Characters_IsTooLong()
    {
        var v = Assert.Single(SpecValidator.Validate(Valid(new string('a', 32))));
        Assert.Equal("spec.name", v.Field);
        Assert.Contains("31", v.Description, StringComparison.Ordinal);
        Assert.Contains("32", v.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData('(')]
    [InlineData(')')]
    [InlineData('\\')]
    [InlineData('<')]
    [InlineData('>')]
    [InlineData('*')]
    [InlineData('$')]
    [InlineData('&')]
    [InlineData('?')]
    [InlineData('|')]
    [InlineData('[')]
    [InlineData(']')]
    [InlineData('\'')]
    [InlineData('"')]
    [InlineData('`')]
    public void Name_WithForbiddenCharacter_IsRejectedNamingIt(char c)
    {
        var v = Assert.Single(SpecValidator.Validate(Valid($"vm{c}1")));
        Assert.Equal("spec.name", v.Field);
        Assert.Contains($"'{c}'", v.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("vm-é")]
    [InlineData("vm\u00a01")]
    [InlineData("vm\t1")]
    [InlineData("vm\u007f")]
    [InlineData("虚拟机")]
    public void Name_NonPrintableOrNonAscii_IsRejected(string name)
    {
        var v = Assert.Single(SpecValidator.Validate(Valid(name)));
        Assert.Equal("spec.name", v.Field);
        Assert.Contains("U+", v.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(" vm")]
    [InlineData("vm ")]
    [InlineData(" ")]
    public void Name_LeadingOrTrailingSpace_IsRejected(string name)
    {
        var v = Assert.Single(SpecValidator.Validate(Valid(name)));
        Assert.Equal("spec.name", v.Field);
        Assert.Contains("space", v.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("web server 01")]
    [InlineData("db_01.prod-eu:x@y#z%+=~!,;{}^/")]
    public void Name_PrintableAsciiWithInnerSpaces_IsAccepted(string name) => Assert.Empty(Fields(Valid(name)));

    [Theory]
    [InlineData(3, 2, 4, new[] { "spec.processors.virtual_processors.min" })]
    [InlineData(1, 5, 4, new[] { "spec.processors.virtual_processors.desired" })]
    [InlineData(5, 4, 3, new[] { "spec.processors.virtual_processors.min", "spec.processors.virtual_processors.desired" })]
    [InlineData(0, 1, 2, new[] { "spec.processors.virtual_processors.min" })]
    public void VirtualProcessors_OutOfOrderOrZero_ReportExactFields(int min, int desired, int max, string[] fields)
    {
        var spec = WithVp(min, desired, max);
        // The topology-free spec only breaks the virtual processor rules.
        Assert.Equal(fields, Fields(spec));
    }

    [Fact]
    public void VirtualProcessors_MinAboveDesired_DescriptionHasTheNumbers()
    {
        var v = Assert.Single(SpecValidator.Validate(WithVp(3, 2, 4)));
        Assert.Contains("3 > 2", v.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("3", "2", "4", "spec.processors.processing_units.min")]
    [InlineData("0.1", "3", "2", "spec.processors.processing_units.desired")]
    public void ProcessingUnits_OutOfOrder_ReportTheFieldLikeTheOtherRanges(string min, string desired, string max, string field)
    {
        // Virtual processors and memory report "<range>.min" / "<range>.desired"; processing units must too.
        Assert.Contains(field, Fields(WithUnits(D(min), D(desired), D(max))));
    }

    [Fact]
    public void ProcessingUnits_OutOfOrder_IsRejected()
    {
        var v = SpecValidator.Validate(WithUnits(3m, 2m, 4m));
        Assert.NotEmpty(v);
        Assert.All(v, x => Assert.StartsWith("spec.processors.processing_units", x.Field, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("0.05", "0.5", "2", null)]
    [InlineData("0.1", "0.25", "1.99", null)]
    [InlineData("0.105", "0.5", "2", "spec.processors.processing_units.min")]
    [InlineData("0.1", "0.555", "2", "spec.processors.processing_units.desired")]
    [InlineData("0.1", "0.5", "2.001", "spec.processors.processing_units.max")]
    [InlineData("0", "0.5", "2", "spec.processors.processing_units.min")]
    [InlineData("-0.1", "0.5", "2", "spec.processors.processing_units.min")]
    public void ProcessingUnits_StepsOfOneHundredth_AreEnforced(string min, string desired, string max, string? field)
    {
        var fields = Fields(WithUnits(D(min), D(desired), D(max)));
        if (field is null)
        {
            Assert.Empty(fields);
        }
        else
        {
            Assert.Equal([field], fields);
        }
    }

    [Fact]
    public void ProcessingUnits_DedicatedWithUnits_IsRejected()
    {
        var spec = Dedicated() with { Processors = Dedicated().Processors with { ProcessingUnits = new UnitsRange(1m, 1m, 1m) } };
        var v = Assert.Single(SpecValidator.Validate(spec));
        Assert.Equal("spec.processors.processing_units", v.Field);
        Assert.Contains("dedicated", v.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void ProcessingUnits_SharedWithoutUnits_IsRequired()
    {
        var spec = Valid() with { Processors = Valid().Processors with { ProcessingUnits = null } };
        var v = Assert.Single(SpecValidator.Validate(spec));
        Assert.Equal("spec.processors.processing_units", v.Field);
        Assert.Contains("required", v.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(255, true)]
    [InlineData(-1, false)]
    [InlineData(256, false)]
    public void UncappedWeight_Range_Is0To255(int weight, bool ok)
    {
        var spec = Valid() with { Processors = Valid().Processors with { UncappedWeight = weight } };
        Assert.Equal(ok ? [] : ["spec.processors.uncapped_weight"], Fields(spec));
    }

    [Theory]
    [InlineData(-1, true)]
    [InlineData(256, true)]
    public void SharedMemoryWeight_OutOfRange_IsRejected(int weight, bool shared)
    {
        var spec = WithMemory(new MemorySpec(1024, 2048, 4096, shared ? MemoryMode.Shared : MemoryMode.Dedicated, weight));
        Assert.Equal(["spec.memory.shared_weight"], Fields(spec));
    }

    [Theory]
    [InlineData(1, 1, 4, 4, null)]
    [InlineData(1, 2, 2, 4, null)]
    [InlineData(1, 1, 8, 8, null)]
    [InlineData(2, 1, 2, 4, null)]
    [InlineData(1, 1, 3, 3, "spec.processors.topology.threads")]
    [InlineData(1, 1, 16, 16, "spec.processors.topology.threads")]
    [InlineData(1, 2, 2, 8, "spec.processors.topology")]
    [InlineData(0, 2, 2, 4, "spec.processors.topology")]
    public void Topology_ThreadsAndProduct_AreChecked(int sockets, int cores, int threads, int vpMax, string? field)
    {
        var spec = Valid() with
        {
            Processors = Valid().Processors with
            {
                VirtualProcessors = new CountRange(1, 1, vpMax),
                Topology = new CpuTopology(sockets, cores, threads),
            },
        };
        var fields = Fields(spec);
        if (field is null)
        {
            Assert.Empty(fields);
        }
        else
        {
            Assert.Equal([field], fields);
        }
    }

    [Theory]
    [InlineData("default", true)]
    [InlineData("POWER7", true)]
    [InlineData("POWER8", true)]
    [InlineData("POWER9", false)]
    [InlineData("power8", false)]
    public void CompatibilityMode_OnlyKnownModes_AreAccepted(string mode, bool ok)
    {
        var spec = Valid() with { Processors = Valid().Processors with { CompatibilityMode = mode } };
        Assert.Equal(ok ? [] : ["spec.processors.compatibility_mode"], Fields(spec));
    }

    [Theory]
    [InlineData(2048, 1024, 4096, new[] { "spec.memory.min_mb" })]
    [InlineData(1024, 8192, 4096, new[] { "spec.memory.desired_mb" })]
    [InlineData(4096, 2048, 1024, new[] { "spec.memory.min_mb", "spec.memory.desired_mb" })]
    [InlineData(127, 2048, 4096, new[] { "spec.memory.min_mb" })]
    [InlineData(128, 128, 128, new string[0])]
    public void Memory_OutOfOrderOrTooSmall_ReportExactFields(long min, long desired, long max, string[] fields)
    {
        Assert.Equal(fields, Fields(WithMemory(new MemorySpec(min, desired, max))));
    }

    [Fact]
    public void SharedMemory_WithDedicatedProcessors_IsRejected()
    {
        var spec = Dedicated() with { Memory = new MemorySpec(1024, 2048, 4096, MemoryMode.Shared) };
        var v = Assert.Single(SpecValidator.Validate(spec));
        Assert.Equal("spec.memory.mode", v.Field);
        Assert.Contains("shared processors", v.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void SharedMemory_WithSharedProcessors_IsAccepted() =>
        Assert.Empty(Fields(WithMemory(new MemorySpec(1024, 2048, 4096, MemoryMode.Shared))));

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, true)]
    [InlineData(1.5, true)]
    [InlineData(10, true)]
    [InlineData(0.99, false)]
    [InlineData(10.01, false)]
    [InlineData(1.555, false)]
    [InlineData(-1, false)]
    public void ExpansionFactor_ZeroOrOneToTenInHundredths_IsAccepted(double factor, bool ok)
    {
        var spec = WithMemory(new MemorySpec(1024, 2048, 4096, ExpansionFactor: (decimal)factor));
        Assert.Equal(ok ? [] : ["spec.memory.expansion_factor"], Fields(spec));
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(255, true)]
    [InlineData(256, false)]
    public void AvailabilityPriority_Range_Is0To255(int priority, bool ok) =>
        Assert.Equal(ok ? [] : ["spec.availability_priority"], Fields(Valid() with { AvailabilityPriority = priority }));

    [Fact]
    public void Metadata_128Entries_IsAcceptedAnd129IsNot()
    {
        var ok = Enumerable.Range(0, 128).ToDictionary(i => $"k{i}", i => "v");
        Assert.Empty(Fields(Valid() with { Metadata = ok }));
        var tooMany = Enumerable.Range(0, 129).ToDictionary(i => $"k{i}", i => "v");
        Assert.Equal(["spec.metadata"], Fields(Valid() with { Metadata = tooMany }));
    }

    [Fact]
    public void Metadata_KeyAndValueLengths_AreLimitedTo255()
    {
        var longKey = new string('k', 256);
        var metadata = new Dictionary<string, string>
        {
            [""] = "empty key",
            [longKey] = "v",
            ["long-value"] = new string('v', 256),
            [new string('k', 255)] = new string('v', 255),
        };
        var fields = Fields(Valid() with { Metadata = metadata });
        Assert.Equal(3, fields.Length);
        Assert.Contains("spec.metadata[]", fields);
        Assert.Contains($"spec.metadata[{longKey}]", fields);
        Assert.Contains("spec.metadata[long-value]", fields);
    }

    [Fact]
    public void EnsureValid_SeveralViolations_ReportsThemAllTogether()
    {
        var spec = new InstanceSpec(
            "bad|name ", "host-a",
            new ProcessorSpec(ProcessorMode.Dedicated, new CountRange(3, 2, 4), new UnitsRange(1m, 1m, 1m), UncappedWeight: 999),
            new MemorySpec(64, 2048, 1024, MemoryMode.Shared, ExpansionFactor: 20m),
            GuestSpec.Default,
            new Dictionary<string, string> { ["k"] = new string('v', 300) },
            AvailabilityPriority: 300);

        var error = Assert.Throws<InvalidSpecError>(() => SpecValidator.EnsureValid(spec));
        Assert.Equal(ErrorReasons.InvalidSpec, error.Reason);
        Assert.Equal(DriverErrorKind.InvalidSpec, error.Kind);
        var fields = error.Violations.Select(v => v.Field).ToHashSet();
        string[] expected =
        [
            "spec.name", "spec.processors.virtual_processors.min", "spec.processors.processing_units",
            "spec.memory.min_mb", "spec.memory.desired_mb", "spec.memory.mode", "spec.memory.expansion_factor",
            "spec.metadata[k]", "spec.availability_priority",
        ];
        Assert.All(expected, f => Assert.Contains(f, fields));
        Assert.All(error.Violations, v => Assert.Contains($"{v.Field}: {v.Description}", error.Message, StringComparison.Ordinal));
        // The bad name breaks two rules (forbidden character, trailing space): both are listed.
        Assert.Equal(2, error.Violations.Count(v => v.Field == "spec.name"));
    }

    [Fact]
    public void Validate_WithPrefix_UsesItForEveryField()
    {
        var fields = SpecValidator.Validate(WithMemory(new MemorySpec(2048, 1024, 4096)), "instance.spec").Select(v => v.Field);
        Assert.Equal(["instance.spec.memory.min_mb"], fields);
    }
}
