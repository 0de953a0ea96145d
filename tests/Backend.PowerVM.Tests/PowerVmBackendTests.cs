using PowerDrivers.Backend.PowerVM.Tests.Support;
using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.Model;
using PowerDrivers.Driver.Core.Operations;
using PowerDrivers.Driver.Core.States;
using PowerDrivers.Emulator.Hmc.Faults;

namespace PowerDrivers.Backend.PowerVM.Tests;

/// <summary>PowerVM-specific behaviour against Emulator.Hmc over HTTPS: rollback under injected faults, DLPAR, HMC refusals, reconcile.</summary>
public sealed class PowerVmBackendTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private EmulatedHmc _hmc = null!;
    private PowerVmBackend _backend = null!;
    private ManagerOver _driver = null!;

    public async Task InitializeAsync()
    {
        _hmc = await EmulatedHmc.StartAsync();
        _backend = _hmc.Backend("powervm-1");
        _driver = new ManagerOver(_backend);
    }

    public async Task DisposeAsync()
    {
        await _driver.DisposeAsync();
        await _hmc.DisposeAsync();
    }

    private ComputeManager Manager => _driver.Manager;

    /// <summary>The shape: shared, 0.05/0.5/2.0 PU, 1/2/4 VP, 1/4/16 GB.</summary>
    private static InstanceSpec Shared(string name, long desiredMb = 4096) => new(
        name, "powervm-1",
        new ProcessorSpec(ProcessorMode.Shared, new CountRange(1, 2, 4), new UnitsRange(0.05m, 0.5m, 2.0m)),
        new MemorySpec(1024, desiredMb, 16384), GuestSpec.Default, new Dictionary<string, string>());

    private IReadOnlyList<string> PartitionNames() =>
        [.. _hmc.Model.Systems[0].Partitions(vios: false).Select(p => p.Definition.Name)];

    [Fact]
    public async Task Create_WhenReadBackFails_RevertsAndLeavesNoPartition()
    {
        _hmc.Model.Faults.Add(new FaultRule { Method = "GET", PathContains = "/rest/api/uom/LogicalPartition/", Code = "HSCL9999", Message = "Injected read failure.", Status = 500 });
        var op = await _driver.FinishAsync(Manager.CreateAsync(Shared("rollback-read"), false, "", None));

        Assert.Equal(OperationState.Failed, op.State);
        Assert.Contains("HSCL9999", op.Error!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("rollback-read", PartitionNames());
        Assert.Equal(InstanceState.Error, (await Manager.GetInstanceAsync(op.InstanceId, None)).State);
    }

    [Fact]
    public async Task Create_WhenConnectionDropsOnPut_LeavesNoPartition()
    {
        _hmc.Model.Faults.Add(new FaultRule { Kind = FaultKind.DropConnection, Method = "PUT", PathContains = "/LogicalPartition" });
        var op = await _driver.FinishAsync(Manager.CreateAsync(Shared("rollback-drop"), false, "", None));

        Assert.Equal(OperationState.Failed, op.State);
        Assert.Equal(ErrorReasons.BackendUnavailable, op.Error!.Reason);
        Assert.DoesNotContain("rollback-drop", PartitionNames());
    }

    [Fact]
    public async Task Create_WithStartWhenPowerOnJobFails_KeepsTheDefinedPartitionStopped()
    {
        _hmc.Model.Faults.Add(new FaultRule { Kind = FaultKind.JobError, Operation = "PowerOn", Code = "HSCL1234", Message = "Injected power on failure." });
        var op = await _driver.FinishAsync(Manager.CreateAsync(Shared("poweron-fails"), true, "", None));

        Assert.Equal(OperationState.Failed, op.State);
        Assert.Equal("HSCL1234", op.Error!.Metadata["native_code"]);
        Assert.Contains("Injected power on failure", op.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_MemoryNotAnLmbMultiple_IsRefusedWithTheNearestValues()
    {
        var lmb = (await Manager.GetHostAsync("powervm-1", None)).Memory.LmbSizeMb;
        var spec = Shared("lmb") with { Memory = new MemorySpec(1024, 4096 + (lmb / 2), 16384) };

        var error = await Assert.ThrowsAsync<InvalidSpecError>(() => Manager.CreateAsync(spec, false, "", None));
        var violation = Assert.Single(error.Violations);
        Assert.Equal("spec.memory.desired_mb", violation.Field);
        Assert.Contains($"use {4096} or {4096 + lmb}", violation.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("lmb", PartitionNames());
    }

    [Fact]
    public async Task Create_UnitsBelowTheHmcMinimumPerVirtualProcessor_IsRefused()
    {
        var spec = Shared("ratio") with { Processors = new ProcessorSpec(ProcessorMode.Shared, new CountRange(1, 2, 4), new UnitsRange(0.05m, 0.05m, 2.0m)) };
        var error = await Assert.ThrowsAsync<InvalidSpecError>(() => Manager.CreateAsync(spec, false, "", None));
        Assert.Equal("spec.processors.processing_units.desired", Assert.Single(error.Violations).Field);
    }

    [Fact]
    public async Task Resize_RunningWithinLimits_IsDlparAndTheHmcAgrees()
    {
        var record = await _driver.SucceedAsync(Manager.CreateAsync(Shared("dlpar"), true, "", None));
        var processors = record.Spec.Processors with { ProcessingUnits = new UnitsRange(0.05m, 1.0m, 2.0m) };
        var memory = record.Spec.Memory with { DesiredMb = 8192 };

        var resized = await _driver.SucceedAsync(Manager.ResizeAsync(record.Id, processors, memory, "", None));

        Assert.Equal(InstanceState.ResizeVerify, resized.State);
        Assert.Equal(8192, resized.Allocation.MemoryMb);
        Assert.Equal(1.0m, resized.Allocation.ProcessingUnits);
        var hmcView = _hmc.Model.Systems[0].Find(record.NativeId)!;
        Assert.Equal("running", hmcView.State.ToString().ToLowerInvariant());
        Assert.Equal(100, hmcView.Definition.Processors.DesiredUnitsCenti);
        Assert.Equal(8192, hmcView.Definition.Memory.DesiredMb);
    }

    [Fact]
    public async Task Resize_RunningToUnitsBelowTheRatio_FailsWithTheHmcReasonAndKeepsRunning()
    {
        var record = await _driver.SucceedAsync(Manager.CreateAsync(Shared("ratio-dlpar"), true, "", None));
        var processors = record.Spec.Processors with { ProcessingUnits = new UnitsRange(0.05m, 0.05m, 2.0m) };

        var op = await _driver.FinishAsync(Manager.ResizeAsync(record.Id, processors, null, "", None));

        Assert.Equal(OperationState.Failed, op.State);
        Assert.Equal(DriverErrorKind.InvalidSpec, op.Error!.Kind);
        Assert.Equal("HSCL1566", op.Error.Metadata["hscl"]);
        var after = await Manager.GetInstanceAsync(record.Id, None);
        Assert.Equal(InstanceState.Running, after.State);
        Assert.Equal(record.Allocation, after.Allocation);
    }

    [Fact]
    public async Task Resize_RunningBeyondItsMaximum_RequiresStopped()
    {
        var record = await _driver.SucceedAsync(Manager.CreateAsync(Shared("beyond-max"), true, "", None));
        var memory = record.Spec.Memory with { DesiredMb = 32768, MaxMb = 32768 };

        var error = await Assert.ThrowsAsync<InvalidStateError>(() => Manager.ResizeAsync(record.Id, null, memory, "", None));

        Assert.Equal(ErrorReasons.RequiresStopped, error.Reason);
        Assert.Contains("stop the instance", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithMoreUnitsThanFree_IsInsufficientCapacityWithTheNumbers()
    {
        var host = await Manager.GetHostAsync("powervm-1", None);
        var want = decimal.Floor(host.Processors.FreeProcessingUnits) + 1m;
        var vps = (int)want;
        var spec = Shared("too-big") with
        {
            Processors = new ProcessorSpec(ProcessorMode.Shared, new CountRange(vps, vps, vps), new UnitsRange(want, want, want)),
        };
        var record = await _driver.SucceedAsync(Manager.CreateAsync(spec, false, "", None));

        var op = await _driver.FinishAsync(Manager.StartAsync(record.Id, "", None));

        Assert.Equal(OperationState.Failed, op.State);
        Assert.Equal(DriverErrorKind.InsufficientCapacity, op.Error!.Kind);
        Assert.Equal(ErrorReasons.InsufficientProcessingUnits, op.Error.Reason);
        Assert.Equal(want.ToString(System.Globalization.CultureInfo.InvariantCulture), op.Error.Metadata["requested"]);
        Assert.Equal(InstanceState.Stopped, (await Manager.GetInstanceAsync(record.Id, None)).State);
    }

    [Fact]
    public async Task Reconcile_WhenPartitionDeletedOrStartedBehindOurBack_ReportsBoth()
    {
        var gone = await _driver.SucceedAsync(Manager.CreateAsync(Shared("gone"), false, "", None));
        var started = await _driver.SucceedAsync(Manager.CreateAsync(Shared("started"), false, "", None));
        var system = _hmc.Model.Systems[0];
        system.Delete(gone.NativeId);
        system.BeginPowerOn(started.NativeId);
        system.CompletePowerOn(started.NativeId);

        var report = await Manager.ReconcileAsync(None);

        Assert.Equal(2, report.DriftedInstances);
        var lost = await Manager.GetInstanceAsync(gone.Id, None);
        Assert.Equal(InstanceState.Error, lost.State);
        Assert.Contains("no longer exists", lost.Fault!.Message, StringComparison.Ordinal);
        Assert.Equal(InstanceState.Running, (await Manager.GetInstanceAsync(started.Id, None)).State);
    }

    [Fact]
    public async Task Rename_ChangesThePartitionNameOnTheHmc()
    {
        var record = await _driver.SucceedAsync(Manager.CreateAsync(Shared("old-name"), false, "", None));
        await Manager.UpdateAsync(record.Id, "new-name", null, 0, None);
        Assert.Contains("new-name", PartitionNames());
        Assert.DoesNotContain("old-name", PartitionNames());
    }

    [Fact]
    public async Task Console_WhenRunning_IsTheHmcVirtualTerminal()
    {
        var record = await _driver.SucceedAsync(Manager.CreateAsync(Shared("console"), true, "", None));
        var console = await Manager.GetConsoleAsync(record.Id, null, None);
        Assert.Equal(ConsoleType.VTerm, console.Type);
        Assert.StartsWith("mkvterm -m powervm-1 --id ", console.Token, StringComparison.Ordinal);
        await Assert.ThrowsAsync<UnsupportedError>(() => Manager.GetConsoleAsync(record.Id, ConsoleType.Vnc, None));
    }

    [Fact]
    public async Task GetHost_ReportsTheCapacityTheHmcReports()
    {
        var host = await Manager.GetHostAsync("powervm-1", None);
        var machine = _hmc.Model.Systems[0].Machine.Snapshot();
        Assert.True(host.Operating, host.StatusReason);
        Assert.Equal(machine.FreeMemoryMb, host.Memory.FreeMb);
        Assert.Equal(machine.LmbSizeMb, host.Memory.LmbSizeMb);
        Assert.Equal(machine.FreeProcessingUnits, host.Processors.FreeProcessingUnits);
    }

    [Fact]
    public async Task Calls_WithAWrongPassword_AreUnavailableNamingTheLogon()
    {
        var settings = new PowerVmSettings { Hmc = _hmc.ClientOptions("wrong") };
        await using var backend = new PowerVmBackend(_hmc.Hosts("powervm-1"), new PowerVM.Hmc.HmcClient(settings.Hmc), settings);
        var error = await Assert.ThrowsAsync<UnavailableError>(() => backend.ValidateCreateAsync(Shared("x"), None));
        Assert.Contains("refused the logon", error.Message, StringComparison.Ordinal);
    }
}
