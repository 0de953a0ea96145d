using System.Runtime.InteropServices;

namespace PowerDrivers.Backend.PowerKVM.Interop;

/// <summary>A <c>virDomainPtr</c> the caller owns; released with <c>virDomainFree</c>.</summary>
internal sealed class DomainHandle : SafeHandle
{
    /// <summary>Used by the marshaller.</summary>
    public DomainHandle()
        : base(nint.Zero, ownsHandle: true)
    {
    }

    /// <summary>Takes ownership of a domain pointer libvirt handed out (e.g. from a list).</summary>
    public DomainHandle(nint pointer)
        : base(nint.Zero, ownsHandle: true) => SetHandle(pointer);

    /// <inheritdoc/>
    public override bool IsInvalid => handle == nint.Zero;

    /// <inheritdoc/>
    protected override bool ReleaseHandle() => LibvirtNative.virDomainFree(handle) >= 0;
}
