using System.Runtime.InteropServices;
using PowerDrivers.Backend.PowerKVM.Interop;

namespace PowerDrivers.Backend.PowerKVM.Libvirt;

/// <summary>Storage pools and volumes on the connection (same error discipline as the domain calls).</summary>
internal sealed partial class LibvirtConnection
{
    /// <summary>The pool named <paramref name="name"/>, or null when libvirt has none (VIR_ERR_NO_STORAGE_POOL).</summary>
    public StoragePoolHandle? TryLookupPool(string name)
    {
        var handle = LibvirtNative.virStoragePoolLookupByName(_handle, name);
        if (!handle.IsInvalid)
        {
            return handle;
        }

        handle.Dispose();
        var error = LibvirtRuntime.TakeLastError("virStoragePoolLookupByName");
        return error.Code == LibvirtErrors.NoStoragePool ? null : throw error;
    }

    /// <summary>Defines a persistent pool from XML (inactive until <see cref="StartPool"/>).</summary>
    public StoragePoolHandle DefinePool(string xml)
    {
        var handle = LibvirtNative.virStoragePoolDefineXML(_handle, xml, 0);
        if (!handle.IsInvalid)
        {
            return handle;
        }

        handle.Dispose();
        throw LibvirtRuntime.TakeLastError("virStoragePoolDefineXML");
    }

    /// <summary>Starts an inactive pool; nothing when it is active already.</summary>
    public static void StartPool(StoragePoolHandle pool)
    {
        var active = LibvirtNative.virStoragePoolIsActive(pool);
        if (active < 0)
        {
            throw LibvirtRuntime.TakeLastError("virStoragePoolIsActive");
        }

        if (active == 0)
        {
            Check(LibvirtNative.virStoragePoolCreate(pool, 0), "virStoragePoolCreate");
        }
    }

    /// <summary>What the pool reports: state, capacity, allocation, available (bytes).</summary>
    public static PoolFacts GetPoolInfo(StoragePoolHandle pool)
    {
        Check(LibvirtNative.virStoragePoolGetInfo(pool, out var info), "virStoragePoolGetInfo");
        return new PoolFacts(info.State, (long)info.Capacity, (long)info.Allocation, (long)info.Available);
    }

    /// <summary>Creates a volume in <paramref name="pool"/> from XML.</summary>
    public static StorageVolHandle CreateVolume(StoragePoolHandle pool, string xml)
    {
        var handle = LibvirtNative.virStorageVolCreateXML(pool, xml, 0);
        if (!handle.IsInvalid)
        {
            return handle;
        }

        handle.Dispose();
        throw LibvirtRuntime.TakeLastError("virStorageVolCreateXML");
    }

    /// <summary>The volume named <paramref name="name"/> in <paramref name="pool"/>, or null (VIR_ERR_NO_STORAGE_VOL).</summary>
    public static StorageVolHandle? TryLookupVolume(StoragePoolHandle pool, string name)
    {
        var handle = LibvirtNative.virStorageVolLookupByName(pool, name);
        if (!handle.IsInvalid)
        {
            return handle;
        }

        handle.Dispose();
        var error = LibvirtRuntime.TakeLastError("virStorageVolLookupByName");
        return error.Code == LibvirtErrors.NoStorageVolume ? null : throw error;
    }

    /// <summary>Deletes the volume's storage.</summary>
    public static void DeleteVolume(StorageVolHandle volume) => Check(LibvirtNative.virStorageVolDelete(volume, 0), "virStorageVolDelete");

    /// <summary>The volume's path on the host.</summary>
    public static string VolumePath(StorageVolHandle volume)
    {
        var pointer = LibvirtNative.virStorageVolGetPath(volume);
        if (pointer == nint.Zero)
        {
            throw LibvirtRuntime.TakeLastError("virStorageVolGetPath");
        }

        try
        {
            return Marshal.PtrToStringUTF8(pointer) ?? "";
        }
        finally
        {
            // The caller owns this string.
            LibvirtNative.free(pointer);
        }
    }

    /// <summary>Type, capacity and allocation as libvirt reports them (bytes).</summary>
    public static VolumeFacts GetVolumeInfo(StorageVolHandle volume)
    {
        Check(LibvirtNative.virStorageVolGetInfo(volume, out var info), "virStorageVolGetInfo");
        return new VolumeFacts(info.Type, (long)info.Capacity, (long)info.Allocation);
    }
}

/// <summary>What libvirt reports of a storage pool (bytes).</summary>
internal sealed record PoolFacts(int State, long CapacityBytes, long AllocationBytes, long AvailableBytes);

/// <summary>What libvirt reports of a storage volume (bytes).</summary>
internal sealed record VolumeFacts(int Type, long CapacityBytes, long AllocationBytes);
