using Microsoft.Extensions.Logging.Abstractions;
using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Events;
using PowerDrivers.Driver.Core.Operations;
using PowerDrivers.Driver.Core.Store;

namespace PowerDrivers.Backend.PowerVM.Tests.Support;

/// <summary>A ComputeManager over one backend with an in-memory store, and bounded waits for its operations.</summary>
internal sealed class ManagerOver : IAsyncDisposable
{
    public ManagerOver(IComputeBackend backend)
    {
        Store = new InMemoryDriverStore();
        Manager = new ComputeManager(Store, new BackendRegistry([backend]), new EventHub(), TimeProvider.System, NullLogger<ComputeManager>.Instance);
    }

    public InMemoryDriverStore Store { get; }

    public ComputeManager Manager { get; }

    /// <summary>Waits (bounded) for the operation and returns it finished.</summary>
    public async Task<OperationRecord> FinishAsync(Task<OperationRecord> call)
    {
        var op = await call;
        await Manager.WaitForOperationAsync(op.Id).WaitAsync(TimeSpan.FromSeconds(30));
        return await Manager.GetOperationAsync(op.Id, CancellationToken.None);
    }

    public async Task<InstanceRecord> SucceedAsync(Task<OperationRecord> call)
    {
        var done = await FinishAsync(call);
        Assert.True(done.State == OperationState.Succeeded, $"{done.Kind} ended {done.State}: {done.Error?.Reason} {done.Error?.Message}");
        return await Manager.GetInstanceAsync(done.InstanceId, CancellationToken.None);
    }

    public ValueTask DisposeAsync() => Manager.DisposeAsync();
}
