using PowerDrivers.Backend.PowerVM.Mapping;
using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.Model;
using PowerDrivers.Driver.Core.States;

namespace PowerDrivers.Backend.PowerVM.Tests;

/// <summary>The pure mappings: partition-state table, powervm:* extra specs, HSCL → typed errors.</summary>
public sealed class PureMappingTests
{
    private static readonly Dictionary<string, string> NoSpecs = [];

    [Theory]
    [InlineData("not activated", InstanceState.Stopped, false)]
    [InlineData("starting", InstanceState.Starting, true)]
    [InlineData("running", InstanceState.Running, true)]
    [InlineData("open firmware", InstanceState.Running, true)]
    [InlineData("shutting down", InstanceState.Stopping, true)]
    [InlineData("error", InstanceState.Error, true)]
    [InlineData("not available", InstanceState.Error, false)]
    [InlineData("migrating running", InstanceState.Migrating, true)]
    [InlineData("migrating not active", InstanceState.Migrating, false)]
    [InlineData("suspended", InstanceState.Suspended, false)]
    [InlineData("suspending", InstanceState.Suspending, true)]
    [InlineData("resuming", InstanceState.Resuming, true)]
    [InlineData("something new", InstanceState.Error, false)]
    public void StateTable_NativeState_MapsToCanonicalAndCapacity(string native, InstanceState state, bool holds)
    {
        Assert.Equal(state, PartitionStateTable.ToCanonical(native));
        Assert.Equal(holds, PartitionStateTable.HoldsCapacity(native));
    }

    [Fact]
    public void ExtraSpecs_None_DefaultLikeNovaPowerVm()
    {
        var spec = PowerVmExtraSpecs.Parse("vm", "powervm-1", 3, 4096, NoSpecs);
        Assert.Equal(ProcessorMode.Shared, spec.Processors.Mode);
        Assert.Equal(CountRange.Fixed(3) with { Desired = 3 }, spec.Processors.VirtualProcessors);
        Assert.Equal(new UnitsRange(1.5m, 1.5m, 1.5m), spec.Processors.ProcessingUnits);
        Assert.Equal(new MemorySpec(4096, 4096, 4096), spec.Memory);
        Assert.Equal(SharingMode.Uncapped, spec.Processors.SharingMode);
    }

    [Fact]
    public void ExtraSpecs_Full_FillEveryField()
    {
        var spec = PowerVmExtraSpecs.Parse("vm", "powervm-1", 2, 4096, new Dictionary<string, string>
        {
            ["powervm:proc_units"] = "0.5", ["powervm:min_proc_units"] = "0.1", ["powervm:max_proc_units"] = "2.0",
            ["powervm:min_vcpu"] = "1", ["powervm:max_vcpu"] = "4", ["powervm:min_mem"] = "1024", ["powervm:max_mem"] = "16384",
            ["powervm:uncapped"] = "false", ["powervm:shared_weight"] = "64", ["powervm:shared_proc_pool_name"] = "SharedPool01",
            ["powervm:availability_priority"] = "200", ["powervm:processor_compatibility"] = "POWER7", ["powervm:srr_capability"] = "true",
            ["hw:cpu_policy"] = "ignored: not ours",
        });
        Assert.Equal(new UnitsRange(0.1m, 0.5m, 2.0m), spec.Processors.ProcessingUnits);
        Assert.Equal(new CountRange(1, 2, 4), spec.Processors.VirtualProcessors);
        Assert.Equal(new MemorySpec(1024, 4096, 16384), spec.Memory);
        Assert.Equal((SharingMode.Capped, 64, "SharedPool01", "POWER7"), (spec.Processors.SharingMode, spec.Processors.UncappedWeight, spec.Processors.SharedPool, spec.Processors.CompatibilityMode));
        Assert.Equal(200, spec.AvailabilityPriority);
        Assert.Equal("true", spec.Metadata["powervm:srr_capability"]);
    }

    [Fact]
    public void ExtraSpecs_FactorTimesVcpus_RoundsUpToTheHundredth()
    {
        var spec = PowerVmExtraSpecs.Parse("vm", "", 3, 1024, NoSpecs, procUnitsFactor: 0.333m);
        Assert.Equal(1.0m, spec.Processors.ProcessingUnits!.Desired);
    }

    [Fact]
    public void ExtraSpecs_Dedicated_TakesSharingModeAndNoUnits()
    {
        var spec = PowerVmExtraSpecs.Parse("vm", "", 2, 2048, new Dictionary<string, string>
        {
            ["powervm:dedicated_proc"] = "true", ["powervm:dedicated_sharing_mode"] = "share_idle_procs_active",
        });
        Assert.Equal(ProcessorMode.Dedicated, spec.Processors.Mode);
        Assert.Null(spec.Processors.ProcessingUnits);
        Assert.Equal(DedicatedSharingMode.ShareIdleProcsActive, spec.Processors.DedicatedSharingMode);
    }

    [Fact]
    public void ExtraSpecs_UnknownKeysAndBadValues_AreAllListed()
    {
        var error = Assert.Throws<InvalidSpecError>(() => PowerVmExtraSpecs.Parse("vm", "", 2, 2048, new Dictionary<string, string>
        {
            ["powervm:proc_unit"] = "0.5", ["powervm:uncapped"] = "maybe", ["powervm:shared_weight"] = "300",
            ["powervm:proc_units"] = "0.125", ["powervm:min_mem"] = "-1",
        }));
        Assert.Equal(
            ["extra_specs[powervm:min_mem]", "extra_specs[powervm:proc_unit]", "extra_specs[powervm:proc_units]", "extra_specs[powervm:shared_weight]", "extra_specs[powervm:uncapped]"],
            error.Violations.Select(v => v.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ExtraSpecs_SharedOnlyKeysWithDedicated_AreRefused()
    {
        var error = Assert.Throws<InvalidSpecError>(() => PowerVmExtraSpecs.Parse("vm", "", 2, 2048, new Dictionary<string, string>
        {
            ["powervm:dedicated_proc"] = "true", ["powervm:proc_units"] = "0.5",
        }));
        Assert.Contains("shared processors only", Assert.Single(error.Violations).Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("HSCL1566", DriverErrorKind.InvalidSpec, ErrorReasons.InvalidSpec)]
    [InlineData("HSCL1510", DriverErrorKind.InvalidSpec, ErrorReasons.InvalidSpec)]
    [InlineData("HSCL3005", DriverErrorKind.Conflict, ErrorReasons.NameInUse)]
    [InlineData("HSCL1575", DriverErrorKind.InsufficientCapacity, ErrorReasons.InsufficientProcessingUnits)]
    [InlineData("HSCL294C", DriverErrorKind.InvalidState, ErrorReasons.RequiresStopped)]
    [InlineData("HSCL05DF", DriverErrorKind.InvalidState, ErrorReasons.InvalidState)]
    [InlineData("HSCL0100", DriverErrorKind.NotFound, ErrorReasons.InstanceNotFound)]
    [InlineData("HSCL9999", DriverErrorKind.BackendFailure, ErrorReasons.BackendFailure)]
    public void ErrorMapper_HsclCode_BecomesTypedErrorKeepingTheMessage(string code, DriverErrorKind kind, string reason)
    {
        var context = new HmcErrorContext("powervm-1", Guid.NewGuid().ToString(), InstanceState.Running, InstanceAction.Resize, 1.5m, 0, 0.25m, 0);
        var error = (DriverError)HmcErrorMapper.Map(new PowerVM.Hmc.HmcException(409, code, $"{code} the HMC's words"), context);
        Assert.Equal(kind, error.Kind);
        Assert.Equal(reason, error.Reason);
        if (kind != DriverErrorKind.NotFound)
        {
            Assert.Contains("the HMC's words", error.Message, StringComparison.Ordinal);
        }
    }
}
