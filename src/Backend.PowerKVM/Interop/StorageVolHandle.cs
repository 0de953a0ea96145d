using System.Runtime.InteropServices;

namespace PowerDrivers.Backend.PowerKVM.Interop;

/// <summary>A <c>virStorageVolPtr</c> the caller owns; released with <c>virStorageVolFree</c>.</summary>
internal sealed class StorageVolHandle : SafeHandle
{
    /// <summary>Used by the marshaller.</summary>
    public StorageVolHandle()
        : base(nint.Zero, ownsHandle: true)
    {
    }

    /// <inheritdoc/>
    public override bool IsInvalid => handle == nint.Zero;

    /// <inheritdoc/>
    protected override bool ReleaseHandle() => LibvirtNative.virStorageVolFree(handle) >= 0;
}
