using PowerDrivers.Backend.PowerKVM.Interop;
using PowerDrivers.Driver.Core.States;

namespace PowerDrivers.Backend.PowerKVM.Domain;

/// <summary>
/// The one table from libvirt's domain states (<c>virDomainState</c>, plus "managed-saved" for a shut-off domain
/// with a managed-save image) to native words and canonical states.
/// </summary>
internal static class DomainStates
{
    /// <summary>Native word of a shut-off domain that has a managed-save image.</summary>
    public const string ManagedSaved = "shutoff (managed save)";

    private static readonly Dictionary<int, (string Word, InstanceState State)> Table = new()
    {
        [LibvirtNative.DomainNoState] = ("nostate", InstanceState.Error),
        [LibvirtNative.DomainRunning] = ("running", InstanceState.Running),
        [LibvirtNative.DomainBlocked] = ("blocked", InstanceState.Running),
        [LibvirtNative.DomainPaused] = ("paused", InstanceState.Paused),
        [LibvirtNative.DomainShutdown] = ("shutdown", InstanceState.Stopping),
        [LibvirtNative.DomainShutoff] = ("shutoff", InstanceState.Stopped),
        [LibvirtNative.DomainCrashed] = ("crashed", InstanceState.Error),
        [LibvirtNative.DomainPmSuspended] = ("pmsuspended", InstanceState.Paused),
    };

    /// <summary>The native word and canonical state of a libvirt state.</summary>
    public static (string Word, InstanceState State) Map(int libvirtState, bool hasManagedSave) =>
        libvirtState == LibvirtNative.DomainShutoff && hasManagedSave
            ? (ManagedSaved, InstanceState.Suspended)
            : Table.TryGetValue(libvirtState, out var entry) ? entry : ($"unknown({libvirtState})", InstanceState.Error);

    /// <summary>True while the domain holds host CPUs and memory (running, blocked, paused, shutting down).</summary>
    public static bool HoldsResources(int libvirtState) =>
        libvirtState is LibvirtNative.DomainRunning or LibvirtNative.DomainBlocked or LibvirtNative.DomainPaused
            or LibvirtNative.DomainShutdown or LibvirtNative.DomainPmSuspended;
}
