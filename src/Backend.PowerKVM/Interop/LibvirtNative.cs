using System.Runtime.InteropServices;

namespace PowerDrivers.Backend.PowerKVM.Interop;

/// <summary>
/// The libvirt C calls this backend uses, and nothing else (Debian <c>libvirt0</c>, loaded as <c>libvirt.so.0</c>).
/// Strings go in as UTF-8; strings libvirt returns come back as pointers and are copied by the caller: a
/// <c>char*</c> libvirt still owns must never be marshalled as <see cref="string"/> (the marshaller would free it).
/// </summary>
internal static unsafe partial class LibvirtNative
{
    private const string Lib = "libvirt.so.0";

    // virDomainState
    internal const int DomainNoState = 0;
    internal const int DomainRunning = 1;
    internal const int DomainBlocked = 2;
    internal const int DomainPaused = 3;
    internal const int DomainShutdown = 4;
    internal const int DomainShutoff = 5;
    internal const int DomainCrashed = 6;
    internal const int DomainPmSuspended = 7;

    // virDomainModificationImpact / virDomainVcpuFlags / virDomainMemoryModFlags
    internal const uint AffectLive = 1;
    internal const uint AffectConfig = 2;

    // virDomainXMLFlags
    internal const uint XmlInactive = 2;

    // virDomainUndefineFlagsValues
    internal const uint UndefineManagedSave = 1;
    internal const uint UndefineSnapshotsMetadata = 2;

    // virConnectListAllDomainsFlags: 0 = all.

    // virDomainEventID
    internal const int DomainEventIdLifecycle = 0;

    // virDomainEventType and the details of VIR_DOMAIN_EVENT_STOPPED
    internal const int DomainEventStarted = 2;
    internal const int DomainEventStopped = 5;
    internal const int DomainEventCrashed = 8;
    internal const int DomainEventStoppedSaved = 4;
    internal const int DomainEventStoppedMigrated = 3;

    [LibraryImport(Lib)]
    internal static partial int virInitialize();

    [LibraryImport(Lib)]
    internal static partial void virSetErrorFunc(nint userData, delegate* unmanaged<nint, nint, void> handler);

    [LibraryImport(Lib)]
    internal static partial nint virGetLastError();

    [LibraryImport(Lib)]
    internal static partial void virResetLastError();

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial ConnectHandle virConnectOpen(string name);

    [LibraryImport(Lib)]
    internal static partial int virConnectClose(nint conn);

    [LibraryImport(Lib)]
    internal static partial nint virConnectGetType(ConnectHandle conn);

    [LibraryImport(Lib)]
    internal static partial int virNodeGetInfo(ConnectHandle conn, out NodeInfo info);

    [LibraryImport(Lib)]
    internal static partial int virConnectListAllDomains(ConnectHandle conn, out nint domains, uint flags);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial DomainHandle virDomainDefineXML(ConnectHandle conn, string xml);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial DomainHandle virDomainLookupByUUIDString(ConnectHandle conn, string uuid);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial DomainHandle virDomainLookupByName(ConnectHandle conn, string name);

    [LibraryImport(Lib)]
    internal static partial int virDomainFree(nint domain);

    [LibraryImport(Lib)]
    internal static partial int virDomainGetUUIDString(DomainHandle domain, byte* buffer);

    [LibraryImport(Lib)]
    internal static partial int virDomainGetUUIDString(nint domain, byte* buffer);

    [LibraryImport(Lib)]
    internal static partial int virDomainGetState(DomainHandle domain, out int state, out int reason, uint flags);

    [LibraryImport(Lib)]
    internal static partial int virDomainGetInfo(DomainHandle domain, out DomainInfo info);

    [LibraryImport(Lib)]
    internal static partial nint virDomainGetXMLDesc(DomainHandle domain, uint flags);

    [LibraryImport(Lib)]
    internal static partial int virDomainCreate(DomainHandle domain);

    [LibraryImport(Lib)]
    internal static partial int virDomainShutdown(DomainHandle domain);

    [LibraryImport(Lib)]
    internal static partial int virDomainDestroy(DomainHandle domain);

    [LibraryImport(Lib)]
    internal static partial int virDomainReboot(DomainHandle domain, uint flags);

    [LibraryImport(Lib)]
    internal static partial int virDomainReset(DomainHandle domain, uint flags);

    [LibraryImport(Lib)]
    internal static partial int virDomainSuspend(DomainHandle domain);

    [LibraryImport(Lib)]
    internal static partial int virDomainResume(DomainHandle domain);

    [LibraryImport(Lib)]
    internal static partial int virDomainManagedSave(DomainHandle domain, uint flags);

    [LibraryImport(Lib)]
    internal static partial int virDomainHasManagedSaveImage(DomainHandle domain, uint flags);

    [LibraryImport(Lib)]
    internal static partial int virDomainSetVcpusFlags(DomainHandle domain, uint count, uint flags);

    [LibraryImport(Lib)]
    internal static partial int virDomainSetMemoryFlags(DomainHandle domain, CULong memoryKib, uint flags);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int virDomainRename(DomainHandle domain, string newName, uint flags);

    [LibraryImport(Lib)]
    internal static partial int virDomainUndefineFlags(DomainHandle domain, uint flags);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int virDomainAttachDeviceFlags(DomainHandle domain, string xml, uint flags);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int virDomainDetachDeviceFlags(DomainHandle domain, string xml, uint flags);

    [LibraryImport(Lib)]
    internal static partial int virEventRegisterDefaultImpl();

    [LibraryImport(Lib)]
    internal static partial int virEventRunDefaultImpl();

    [LibraryImport(Lib)]
    internal static partial int virConnectDomainEventRegisterAny(
        ConnectHandle conn, nint domain, int eventId, delegate* unmanaged<nint, nint, int, int, nint, int> callback, nint opaque, nint freeCallback);

    [LibraryImport(Lib)]
    internal static partial int virConnectDomainEventDeregisterAny(ConnectHandle conn, int callbackId);

    [LibraryImport("libc")]
    internal static partial void free(nint pointer);

    /// <summary><c>virNodeInfo</c>: <c>memory</c> is a C <c>unsigned long</c> (KiB).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct NodeInfo
    {
        public fixed byte Model[32];
        public CULong MemoryKib;
        public uint Cpus;
        public uint Mhz;
        public uint Nodes;
        public uint Sockets;
        public uint Cores;
        public uint Threads;
    }

    /// <summary><c>virDomainInfo</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct DomainInfo
    {
        public byte State;
        public CULong MaxMemKib;
        public CULong MemoryKib;
        public ushort VirtualCpus;
        public ulong CpuTimeNs;
    }

    /// <summary>The leading fields of <c>virError</c> (read through the pointer libvirt keeps per thread).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct Error
    {
        public int Code;
        public int Domain;
        public nint Message;
        public int Level;
    }
}
