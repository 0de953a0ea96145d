using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Model;
using PowerDrivers.Driver.Core.States;

namespace PowerDrivers.Backend.PowerKVM.Tests.Support;

/// <summary>Direct backend calls for tests that need no driver around them.</summary>
internal static class Backends
{
    public static InstanceRecord Record(InstanceSpec spec, Guid? id = null) => new()
    {
        Id = id ?? Guid.NewGuid(),
        Spec = spec,
        Backend = PowerKvmBackend.BackendKind,
        State = InstanceState.Building,
        CreatedAt = DateTimeOffset.UnixEpoch,
        UpdatedAt = DateTimeOffset.UnixEpoch,
    };

    public static async Task<InstanceRecord> CreateAsync(PowerKvmBackend backend, InstanceSpec spec, bool start = false)
    {
        await backend.ValidateCreateAsync(spec, CancellationToken.None);
        var record = Record(spec);
        var observed = await backend.CreateAsync(record, NoProgress.Instance, CancellationToken.None);
        if (start)
        {
            observed = await backend.StartAsync(record, NoProgress.Instance, CancellationToken.None);
        }

        return record with { State = observed.State, NativeState = observed.NativeState, NativeId = observed.NativeId, Allocation = observed.Allocation };
    }

    public sealed class NoProgress : IOperationContext
    {
        public static NoProgress Instance { get; } = new();

        public Guid OperationId { get; } = Guid.NewGuid();

        public void Report(string step, int percent)
        {
        }
    }
}
