using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.Model;

namespace PowerDrivers.Driver.Grpc.Backends;

/// <summary>
/// Stands in for a backend kind this build has no implementation of: host inventory comes from the emulated
/// managed systems, and every lifecycle call is refused with UNAVAILABLE naming the missing backend.
/// </summary>
internal sealed class InventoryOnlyBackend : IComputeBackend
{
    private readonly Dictionary<string, BackendHost> _hosts;
    private readonly string _reason;

    public InventoryOnlyBackend(string kind, IReadOnlyList<BackendHost> hosts)
    {
        Kind = kind;
        _hosts = hosts.ToDictionary(h => h.Name, StringComparer.Ordinal);
        _reason = $"the {kind} backend is not available in this build of the driver; host inventory only";
    }

    public string Kind { get; }

    public IReadOnlyCollection<string> Hosts => _hosts.Keys;

    public Capabilities GetCapabilities(string host) => Capabilities.None(_reason);

    public string? GetUnavailableReason(string host) => _reason;

    public Task<HostInfo> GetHostAsync(string host, CancellationToken cancellationToken) =>
        Task.FromResult((_hosts.TryGetValue(host, out var h) ? h : throw new NotFoundError("host", host))
            .Describe(Capabilities.None(_reason), operating: false, _reason));

    public Task ValidateCreateAsync(InstanceSpec spec, CancellationToken cancellationToken) => throw Refuse(spec.Host);

    public Task ValidateResizeAsync(InstanceRecord instance, InstanceSpec newSpec, CancellationToken cancellationToken) => throw Refuse(instance.Host);

    public Task<BackendObservation> CreateAsync(InstanceRecord instance, IOperationContext context, CancellationToken cancellationToken) => throw Refuse(instance.Host);

    public Task<BackendObservation> StartAsync(InstanceRecord instance, IOperationContext context, CancellationToken cancellationToken) => throw Refuse(instance.Host);

    public Task<BackendObservation> StopAsync(InstanceRecord instance, StopMode mode, TimeSpan timeout, IOperationContext context, CancellationToken cancellationToken) => throw Refuse(instance.Host);

    public Task<BackendObservation> RebootAsync(InstanceRecord instance, RebootMode mode, IOperationContext context, CancellationToken cancellationToken) => throw Refuse(instance.Host);

    public Task<BackendObservation> PauseAsync(InstanceRecord instance, IOperationContext context, CancellationToken cancellationToken) => throw Refuse(instance.Host);

    public Task<BackendObservation> UnpauseAsync(InstanceRecord instance, IOperationContext context, CancellationToken cancellationToken) => throw Refuse(instance.Host);

    public Task<BackendObservation> SuspendAsync(InstanceRecord instance, IOperationContext context, CancellationToken cancellationToken) => throw Refuse(instance.Host);

    public Task<BackendObservation> ResumeAsync(InstanceRecord instance, IOperationContext context, CancellationToken cancellationToken) => throw Refuse(instance.Host);

    public Task<BackendObservation> ResizeAsync(InstanceRecord instance, InstanceSpec newSpec, IOperationContext context, CancellationToken cancellationToken) => throw Refuse(instance.Host);

    public Task DeleteAsync(InstanceRecord instance, IOperationContext context, CancellationToken cancellationToken) => throw Refuse(instance.Host);

    public Task<BackendObservation> RenameAsync(InstanceRecord instance, string newName, CancellationToken cancellationToken) => throw Refuse(instance.Host);

    public Task<ConsoleInfo> GetConsoleAsync(InstanceRecord instance, ConsoleType? type, CancellationToken cancellationToken) => throw Refuse(instance.Host);

    /// <summary>Nothing can be observed: the record is left as it is (null would mean "deleted").</summary>
    public Task<BackendObservation?> ObserveAsync(InstanceRecord instance, CancellationToken cancellationToken) => throw Refuse(instance.Host);

    private UnavailableError Refuse(string host) => new(host, Kind, $"host {host}: {_reason}");
}
