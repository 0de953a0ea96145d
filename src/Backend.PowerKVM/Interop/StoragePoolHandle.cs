using System.Runtime.InteropServices;

namespace PowerDrivers.Backend.PowerKVM.Interop;

/// <summary>A <c>virStoragePoolPtr</c> the caller owns; released with <c>virStoragePoolFree</c>.</summary>
internal sealed class StoragePoolHandle : SafeHandle
{
    /// <summary>Used by the marshaller.</summary>
    public StoragePoolHandle()
        : base(nint.Zero, ownsHandle: true)
    {
    }

    /// <inheritdoc/>
    public override bool IsInvalid => handle == nint.Zero;

    /// <inheritdoc/>
    protected override bool ReleaseHandle() => LibvirtNative.virStoragePoolFree(handle) >= 0;
}
