using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.Events;
using PowerDrivers.Driver.Core.Model;
using PowerDrivers.Driver.Core.Operations;
using PowerDrivers.Driver.Core.States;
using Xunit;

namespace PowerDrivers.Driver.Core.Conformance.Store;

/// <summary>Records for store tests, with every field set so a round-trip checks them all.</summary>
internal static class StoreSamples
{
    /// <summary>A fixed time with a non-UTC offset, so offsets are checked too.</summary>
    public static readonly DateTimeOffset Epoch = new(2024, 5, 1, 10, 0, 0, TimeSpan.FromHours(2));

    public static InstanceRecord Instance(string name, string host = "p8-a", DateTimeOffset? created = null,
        InstanceState state = InstanceState.Running, Guid? id = null) => new()
    {
        Id = id ?? Guid.NewGuid(),
        Spec = Spec(name, host),
        Backend = "powervm",
        State = state,
        NativeState = "running",
        NativeId = "2B74BDF1-7CC8-439E-A7CE-" + name.Length.ToString("D12"),
        Allocation = new Allocation(4, 1.25m, 0, 8192),
        CreatedAt = created ?? Epoch,
        UpdatedAt = (created ?? Epoch).AddSeconds(5),
    };

    public static InstanceRecord FullInstance(string name, string host = "p8-a") => Instance(name, host) with
    {
        Fault = new InstanceFault(ErrorReasons.BackendFailure, "HSCL1234 partition failed", Epoch.AddMinutes(3)),
        PreviousSpec = Spec(name, host) with { Memory = new MemorySpec(1024, 2048, 4096) },
        StateBeforeResize = InstanceState.Stopped,
        ActiveOperationId = Guid.NewGuid(),
        Version = 7,
    };

    public static InstanceSpec Spec(string name, string host) => new(
        name, host,
        new ProcessorSpec(ProcessorMode.Shared, new CountRange(1, 4, 8), new UnitsRange(0.05m, 1.25m, 3.33m),
            SharingMode.Capped, 200, "pool1", DedicatedSharingMode.ShareIdleProcsAlways, new CpuTopology(1, 4, 8), "POWER8"),
        new MemorySpec(2048, 8192, 16384, MemoryMode.Shared, 77, 1.5m),
        new GuestSpec(OsType.Aix, Endianness.Big, "aix-7.2.img"),
        new Dictionary<string, string> { ["team"] = "db", ["tier"] = "gold", ["empty"] = "" },
        42);

    public static OperationRecord Operation(Guid instanceId, DateTimeOffset? created = null, string requestId = "",
        OperationState state = OperationState.Running, Guid? id = null) => new()
    {
        Id = id ?? Guid.NewGuid(),
        Kind = OperationKind.Resize,
        InstanceId = instanceId,
        Host = "p8-a",
        State = state,
        Progress = 40,
        Step = "resize processors",
        RequestId = requestId,
        CreatedAt = created ?? Epoch,
        UpdatedAt = (created ?? Epoch).AddSeconds(1),
    };

    public static OperationRecord FailedOperation(Guid instanceId) => Operation(instanceId, requestId: "req-failed") with
    {
        State = OperationState.Failed,
        Progress = 100,
        Error = new OperationError(DriverErrorKind.InvalidSpec, ErrorReasons.InvalidSpec, "invalid request",
            new Dictionary<string, string> { ["host"] = "p8-a" },
            [new FieldViolation("spec.memory.min_mb", "must be ≤ desired_mb (4096 > 2048)")]),
        EndedAt = Epoch.AddMinutes(2),
    };

    public static DriverEvent Event(Guid? instanceId = null, string message = "changed") => new()
    {
        Time = Epoch.AddSeconds(30),
        Kind = EventKind.InstanceStateChanged,
        Host = "p8-a",
        InstanceId = instanceId,
        OperationId = Guid.NewGuid(),
        State = InstanceState.Running,
        PreviousState = InstanceState.Starting,
        OperationState = Operations.OperationState.Succeeded,
        Message = message,
        Attributes = new Dictionary<string, string> { ["reason"] = "start" },
    };

    /// <summary>Operations hold dictionaries and lists, which record equality compares by reference.</summary>
    public static void AssertSame(OperationRecord expected, OperationRecord? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected with { Error = null }, actual with { Error = null });
        if (expected.Error is null)
        {
            Assert.Null(actual.Error);
            return;
        }

        Assert.NotNull(actual.Error);
        Assert.Equal((expected.Error.Kind, expected.Error.Reason, expected.Error.Message),
            (actual.Error.Kind, actual.Error.Reason, actual.Error.Message));
        Assert.Equal(expected.Error.Metadata.OrderBy(kv => kv.Key), actual.Error.Metadata.OrderBy(kv => kv.Key));
        Assert.Equal(expected.Error.Violations, actual.Error.Violations);
    }

    /// <summary>Events hold a dictionary, which record equality compares by reference.</summary>
    public static void AssertSame(DriverEvent expected, DriverEvent actual)
    {
        Assert.Equal(expected with { Attributes = Empty }, actual with { Attributes = Empty });
        Assert.Equal(expected.Attributes.OrderBy(kv => kv.Key), actual.Attributes.OrderBy(kv => kv.Key));
    }

    private static readonly Dictionary<string, string> Empty = [];
}
