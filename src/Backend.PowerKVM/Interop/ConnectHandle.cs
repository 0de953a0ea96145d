using System.Runtime.InteropServices;

namespace PowerDrivers.Backend.PowerKVM.Interop;

/// <summary>A <c>virConnectPtr</c>; closing it releases libvirt's reference (and, on test:///, forgets every domain).</summary>
internal sealed class ConnectHandle : SafeHandle
{
    /// <summary>Used by the marshaller.</summary>
    public ConnectHandle()
        : base(nint.Zero, ownsHandle: true)
    {
    }

    /// <inheritdoc/>
    public override bool IsInvalid => handle == nint.Zero;

    /// <inheritdoc/>
    protected override bool ReleaseHandle() => LibvirtNative.virConnectClose(handle) >= 0;
}
