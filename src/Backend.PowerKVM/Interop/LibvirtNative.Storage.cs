using System.Runtime.InteropServices;

namespace PowerDrivers.Backend.PowerKVM.Interop;

/// <summary>The storage pool and volume calls (<c>libvirt-storage.h</c>) the backend uses for volumes.</summary>
internal static partial class LibvirtNative
{
    // virStoragePoolState
    internal const int StoragePoolRunning = 2;

    // virStorageVolType
    internal const int StorageVolFile = 0;

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial StoragePoolHandle virStoragePoolLookupByName(ConnectHandle conn, string name);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial StoragePoolHandle virStoragePoolDefineXML(ConnectHandle conn, string xml, uint flags);

    [LibraryImport(Lib)]
    internal static partial int virStoragePoolCreate(StoragePoolHandle pool, uint flags);

    [LibraryImport(Lib)]
    internal static partial int virStoragePoolIsActive(StoragePoolHandle pool);

    [LibraryImport(Lib)]
    internal static partial int virStoragePoolGetInfo(StoragePoolHandle pool, out StoragePoolInfo info);

    [LibraryImport(Lib)]
    internal static partial int virStoragePoolFree(nint pool);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial StorageVolHandle virStorageVolCreateXML(StoragePoolHandle pool, string xml, uint flags);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial StorageVolHandle virStorageVolLookupByName(StoragePoolHandle pool, string name);

    [LibraryImport(Lib)]
    internal static partial int virStorageVolDelete(StorageVolHandle volume, uint flags);

    /// <summary>Returns a string the caller owns (free it).</summary>
    [LibraryImport(Lib)]
    internal static partial nint virStorageVolGetPath(StorageVolHandle volume);

    [LibraryImport(Lib)]
    internal static partial int virStorageVolGetInfo(StorageVolHandle volume, out StorageVolInfo info);

    [LibraryImport(Lib)]
    internal static partial int virStorageVolFree(nint volume);

    /// <summary><c>virStoragePoolInfo</c>: bytes.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct StoragePoolInfo
    {
        public int State;
        public ulong Capacity;
        public ulong Allocation;
        public ulong Available;
    }

    /// <summary><c>virStorageVolInfo</c>: bytes.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct StorageVolInfo
    {
        public int Type;
        public ulong Capacity;
        public ulong Allocation;
    }
}
