using PowerDrivers.Driver.Core.Model;
using PowerDrivers.Driver.Core.Storage;

namespace PowerDrivers.Driver.Core.Backends;

/// <summary>
/// One virtualization stack serving one or more hosts (the Nova ComputeDriver role). The driver
/// (<see cref="Operations.ComputeManager"/>) owns the records, the state table, operations and events;
/// a backend only talks to its platform. Rules of the contract:
/// <list type="bullet">
/// <item>Every refusal is a <see cref="Errors.DriverError"/>; a feature the backend lacks is an
/// <see cref="Errors.UnsupportedError"/> with the platform's reason, matching <see cref="GetCapabilities"/>.</item>
/// <item>A method that fails leaves the platform as it found it (multi-step work reverts its earlier steps),
/// or reports the instance broken by throwing with the native state in the message.</item>
/// <item>Methods are called at most once at a time per instance (the driver serialises them); different
/// instances may be worked on concurrently.</item>
/// <item>Every method honours its <see cref="CancellationToken"/>.</item>
/// </list>
/// </summary>
public interface IComputeBackend
{
    /// <summary>"powervm" or "powerkvm" — for display and records, never for decisions.</summary>
    string Kind { get; }

    /// <summary>The hosts this backend serves.</summary>
    IReadOnlyCollection<string> Hosts { get; }

    /// <summary>What the backend can do on <paramref name="host"/>.</summary>
    Capabilities GetCapabilities(string host);

    /// <summary>Null when the host accepts lifecycle calls now; otherwise why not (HMC unreachable, backend not configured).</summary>
    string? GetUnavailableReason(string host);

    /// <summary>The host's inventory and free capacity as the platform reports it now.</summary>
    Task<HostInfo> GetHostAsync(string host, CancellationToken cancellationToken);

    /// <summary>
    /// Checks, without changing anything, that <paramref name="spec"/> can be created on its host: the
    /// backend's own rules (OS types, endianness, processor modes …) and free capacity. Called inside the
    /// caller's request so refusals are synchronous. Throws a <see cref="Errors.DriverError"/> to refuse.
    /// </summary>
    Task ValidateCreateAsync(InstanceSpec spec, CancellationToken cancellationToken);

    /// <summary>
    /// Checks, without changing anything, that <paramref name="instance"/> can move to <paramref name="newSpec"/>
    /// now: live where the backend can (within min/max), otherwise it must be stopped
    /// (<see cref="Errors.InvalidStateError"/> with reason REQUIRES_STOPPED).
    /// </summary>
    Task ValidateResizeAsync(InstanceRecord instance, InstanceSpec newSpec, CancellationToken cancellationToken);

    /// <summary>Defines the instance on the platform (powered off). Reverts partial work on failure.</summary>
    Task<BackendObservation> CreateAsync(InstanceRecord instance, IOperationContext context, CancellationToken cancellationToken);

    /// <summary>Powers the instance on; returns when it runs.</summary>
    Task<BackendObservation> StartAsync(InstanceRecord instance, IOperationContext context, CancellationToken cancellationToken);

    /// <summary>Powers off: soft through the OS, falling back to hard after <paramref name="timeout"/>; or hard.</summary>
    Task<BackendObservation> StopAsync(InstanceRecord instance, StopMode mode, TimeSpan timeout, IOperationContext context, CancellationToken cancellationToken);

    /// <summary>Restarts a running instance.</summary>
    Task<BackendObservation> RebootAsync(InstanceRecord instance, RebootMode mode, IOperationContext context, CancellationToken cancellationToken);

    /// <summary>Freezes a running instance in memory; <see cref="Errors.UnsupportedError"/> where <see cref="Capabilities.Pause"/> is false.</summary>
    Task<BackendObservation> PauseAsync(InstanceRecord instance, IOperationContext context, CancellationToken cancellationToken);

    /// <summary>Continues a paused instance.</summary>
    Task<BackendObservation> UnpauseAsync(InstanceRecord instance, IOperationContext context, CancellationToken cancellationToken);

    /// <summary>Saves state and stops; <see cref="Errors.UnsupportedError"/> where <see cref="Capabilities.Suspend"/> is false.</summary>
    Task<BackendObservation> SuspendAsync(InstanceRecord instance, IOperationContext context, CancellationToken cancellationToken);

    /// <summary>Restores a suspended instance to running.</summary>
    Task<BackendObservation> ResumeAsync(InstanceRecord instance, IOperationContext context, CancellationToken cancellationToken);

    /// <summary>
    /// Applies <paramref name="newSpec"/>'s processors and memory, live or offline as validated. Used for
    /// resize and, with the previous spec, for revert.
    /// </summary>
    Task<BackendObservation> ResizeAsync(InstanceRecord instance, InstanceSpec newSpec, IOperationContext context, CancellationToken cancellationToken);

    /// <summary>Removes the instance from the platform, powering it off hard first when it runs.</summary>
    Task DeleteAsync(InstanceRecord instance, IOperationContext context, CancellationToken cancellationToken);

    /// <summary>Renames the instance on the platform (partition or domain name).</summary>
    Task<BackendObservation> RenameAsync(InstanceRecord instance, string newName, CancellationToken cancellationToken);

    /// <summary>How to reach the console (<paramref name="type"/> null = the backend's default).</summary>
    Task<ConsoleInfo> GetConsoleAsync(InstanceRecord instance, ConsoleType? type, CancellationToken cancellationToken);

    /// <summary>
    /// The platform's own description of the instance, read back now (domain XML, LPAR XML). Backends that cannot
    /// read one keep this default, which refuses with <see cref="Errors.UnsupportedError"/>.
    /// </summary>
    Task<NativeDescription> DescribeNativeAsync(InstanceRecord instance, CancellationToken cancellationToken) =>
        throw new Errors.UnsupportedError("native_description", Kind, "this backend cannot read the platform's description of an instance");

    /// <summary>
    /// Creates <paramref name="volume"/> on its host's storage (size, thin or thick) and returns the platform's id for it.
    /// Thick volumes that do not fit are refused with <see cref="Errors.InsufficientCapacityError"/>.
    /// </summary>
    Task<string> CreateVolumeAsync(VolumeRecord volume, CancellationToken cancellationToken) =>
        throw new Errors.UnsupportedError("volumes", Kind, "this backend has no volume storage");

    /// <summary>Deletes a detached volume from its host's storage. A volume already gone is not an error.</summary>
    Task DeleteVolumeAsync(VolumeRecord volume, CancellationToken cancellationToken) =>
        throw new Errors.UnsupportedError("volumes", Kind, "this backend has no volume storage");

    /// <summary>
    /// Presents <paramref name="volume"/> (created on the instance's host) to <paramref name="instance"/> by
    /// <paramref name="kind"/>, live when the instance runs (where <see cref="Capabilities.LiveVolumeAttach"/>) or in its
    /// definition when stopped. Reverts every partial step on failure. A kind the backend lacks is an <see cref="Errors.UnsupportedError"/>.
    /// </summary>
    Task<AttachResult> AttachVolumeAsync(InstanceRecord instance, VolumeRecord volume, AttachmentKind kind, IOperationContext context, CancellationToken cancellationToken) =>
        throw new Errors.UnsupportedError("volumes", Kind, "this backend cannot attach volumes");

    /// <summary>Removes the attachment completely (no mapping or adapter may remain on the platform).</summary>
    Task DetachVolumeAsync(InstanceRecord instance, VolumeRecord volume, VolumeAttachment attachment, IOperationContext context, CancellationToken cancellationToken) =>
        throw new Errors.UnsupportedError("volumes", Kind, "this backend cannot detach volumes");

    /// <summary>Adds a virtual network interface on the request's VLAN (bridging the VLAN on the host when needed).</summary>
    Task<InterfaceResult> AttachInterfaceAsync(InstanceRecord instance, InterfaceRequest request, IOperationContext context, CancellationToken cancellationToken) =>
        throw new Errors.UnsupportedError("interfaces", Kind, "this backend cannot attach network interfaces");

    /// <summary>Removes a virtual network interface.</summary>
    Task DetachInterfaceAsync(InstanceRecord instance, InterfaceAttachment attachment, IOperationContext context, CancellationToken cancellationToken) =>
        throw new Errors.UnsupportedError("interfaces", Kind, "this backend cannot detach network interfaces");

    /// <summary>The host's I/O servers, adapters, mappings and bridges as the platform reports them now.</summary>
    Task<HostIo> GetHostIoAsync(string host, CancellationToken cancellationToken) => Task.FromResult(HostIo.Empty);

    /// <summary>What the platform reports for the instance now, or null when it no longer exists there (for reconcile).</summary>
    Task<BackendObservation?> ObserveAsync(InstanceRecord instance, CancellationToken cancellationToken);
}
