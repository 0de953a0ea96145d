using System.Runtime.InteropServices;
using PowerDrivers.Backend.PowerKVM.Interop;

namespace PowerDrivers.Backend.PowerKVM.Libvirt;

/// <summary>
/// One open libvirt connection (thread-safe; one per host for every call and event) with typed calls. Each call
/// checks libvirt's return code and, on failure, takes the calling thread's libvirt error right away and throws it
/// as a <see cref="LibvirtException"/>.
/// </summary>
internal sealed unsafe partial class LibvirtConnection : IDisposable
{
    private const int UuidStringLength = 37;
    private readonly ConnectHandle _handle;

    private LibvirtConnection(string uri, ConnectHandle handle, string driverType)
    {
        Uri = uri;
        _handle = handle;
        DriverType = driverType;
    }

    /// <summary>The URI it was opened with.</summary>
    public string Uri { get; }

    /// <summary>libvirt's hypervisor name for the connection ("Test", "QEMU").</summary>
    public string DriverType { get; }

    /// <summary>True for libvirt's in-process test hypervisor.</summary>
    public bool IsTestDriver => string.Equals(DriverType, "Test", StringComparison.OrdinalIgnoreCase);

    internal ConnectHandle Handle => _handle;

    /// <summary>
    /// Opens <paramref name="uri"/>. For a <c>test:///path</c> URI the node file must exist (checked first: a missing file
    /// makes libxml2 print to stderr, which no libvirt callback silences).
    /// </summary>
    public static LibvirtConnection Open(string uri)
    {
        ArgumentException.ThrowIfNullOrEmpty(uri);
        if (uri.StartsWith("test:///", StringComparison.Ordinal) && uri != "test:///default")
        {
            var path = uri["test://".Length..];
            if (!File.Exists(path))
            {
                throw new LibvirtException(-1, 0, $"node file {path} of {uri} does not exist");
            }
        }

        LibvirtRuntime.EnsureInitialized();
        var handle = LibvirtNative.virConnectOpen(uri);
        if (handle.IsInvalid)
        {
            var error = LibvirtRuntime.TakeLastError("virConnectOpen");
            handle.Dispose();
            throw error;
        }

        var type = LibvirtNative.virConnectGetType(handle);
        // virConnectGetType returns a static string libvirt owns: copy, never free.
        var driverType = type == nint.Zero ? "" : Marshal.PtrToStringUTF8(type) ?? "";
        return new LibvirtConnection(uri, handle, driverType);
    }

    /// <summary>What <c>virNodeGetInfo</c> reports.</summary>
    public NodeFacts GetNodeInfo()
    {
        Check(LibvirtNative.virNodeGetInfo(_handle, out var info), "virNodeGetInfo");
        // char model[32]: NUL-terminated unless it fills the field, so never read past 32 bytes.
        var bytes = new ReadOnlySpan<byte>(info.Model, 32);
        var end = bytes.IndexOf((byte)0);
        var model = System.Text.Encoding.UTF8.GetString(end < 0 ? bytes : bytes[..end]);
        return new NodeFacts(model, (long)info.MemoryKib.Value, (int)info.Cpus, (int)info.Mhz, (int)info.Nodes, (int)info.Sockets, (int)info.Cores, (int)info.Threads);
    }

    /// <summary>UUIDs of every domain the connection knows (defined or running).</summary>
    public IReadOnlyList<string> ListDomainUuids()
    {
        var count = LibvirtNative.virConnectListAllDomains(_handle, out var array, 0);
        if (count < 0)
        {
            throw LibvirtRuntime.TakeLastError("virConnectListAllDomains");
        }

        var result = new List<string>(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var dom = ((nint*)array)[i];
                // Each domain in the array is ours to free, and so is the array itself.
                using var owned = new DomainHandle(dom);
                result.Add(UuidOf(owned));
            }
        }
        finally
        {
            LibvirtNative.free(array);
        }

        return result;
    }

    /// <summary>Defines (or redefines) a persistent domain from XML.</summary>
    public DomainHandle Define(string xml) => Domain(LibvirtNative.virDomainDefineXML(_handle, xml), "virDomainDefineXML");

    /// <summary>The domain with <paramref name="uuid"/>, or null when libvirt has none (VIR_ERR_NO_DOMAIN).</summary>
    public DomainHandle? TryLookup(string uuid)
    {
        var handle = LibvirtNative.virDomainLookupByUUIDString(_handle, uuid);
        if (!handle.IsInvalid)
        {
            return handle;
        }

        handle.Dispose();
        var error = LibvirtRuntime.TakeLastError("virDomainLookupByUUIDString");
        return error.Code == LibvirtErrors.NoDomain ? null : throw error;
    }

    /// <summary>The domain named <paramref name="name"/>, or null when libvirt has none.</summary>
    public DomainHandle? TryLookupByName(string name)
    {
        var handle = LibvirtNative.virDomainLookupByName(_handle, name);
        if (!handle.IsInvalid)
        {
            return handle;
        }

        handle.Dispose();
        var error = LibvirtRuntime.TakeLastError("virDomainLookupByName");
        return error.Code == LibvirtErrors.NoDomain ? null : throw error;
    }

    /// <summary>The domain's UUID.</summary>
    public static string UuidOf(DomainHandle domain)
    {
        var buffer = stackalloc byte[UuidStringLength];
        Check(LibvirtNative.virDomainGetUUIDString(domain, buffer), "virDomainGetUUIDString");
        return Marshal.PtrToStringUTF8((nint)buffer) ?? "";
    }

    /// <summary>State and reason codes (<c>virDomainState</c>).</summary>
    public static (int State, int Reason) GetState(DomainHandle domain)
    {
        Check(LibvirtNative.virDomainGetState(domain, out var state, out var reason, 0), "virDomainGetState");
        return (state, reason);
    }

    /// <summary>Live facts: current vCPUs and memory.</summary>
    public static DomainFacts GetInfo(DomainHandle domain)
    {
        Check(LibvirtNative.virDomainGetInfo(domain, out var info), "virDomainGetInfo");
        return new DomainFacts(info.State, (long)info.MaxMemKib.Value, (long)info.MemoryKib.Value, info.VirtualCpus);
    }

    /// <summary>The domain XML (live, or the persistent definition with <paramref name="inactive"/>).</summary>
    public static string GetXml(DomainHandle domain, bool inactive = false)
    {
        var pointer = LibvirtNative.virDomainGetXMLDesc(domain, inactive ? LibvirtNative.XmlInactive : 0);
        if (pointer == nint.Zero)
        {
            throw LibvirtRuntime.TakeLastError("virDomainGetXMLDesc");
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

    /// <summary>Starts a defined domain (from its managed-save image when it has one).</summary>
    public static void Create(DomainHandle domain) => Check(LibvirtNative.virDomainCreate(domain), "virDomainCreate");

    /// <summary>Asks the guest OS to shut down (ACPI / guest agent); returns before it has.</summary>
    public static void Shutdown(DomainHandle domain) => Check(LibvirtNative.virDomainShutdown(domain), "virDomainShutdown");

    /// <summary>Powers off at once.</summary>
    public static void Destroy(DomainHandle domain) => Check(LibvirtNative.virDomainDestroy(domain), "virDomainDestroy");

    /// <summary>Asks the guest OS to reboot.</summary>
    public static void Reboot(DomainHandle domain) => Check(LibvirtNative.virDomainReboot(domain, 0), "virDomainReboot");

    /// <summary>Resets at once (power cycle without the OS).</summary>
    public static void Reset(DomainHandle domain) => Check(LibvirtNative.virDomainReset(domain, 0), "virDomainReset");

    /// <summary>Freezes the vCPUs.</summary>
    public static void Suspend(DomainHandle domain) => Check(LibvirtNative.virDomainSuspend(domain), "virDomainSuspend");

    /// <summary>Thaws the vCPUs.</summary>
    public static void Resume(DomainHandle domain) => Check(LibvirtNative.virDomainResume(domain), "virDomainResume");

    /// <summary>Saves memory to the managed-save image and stops.</summary>
    public static void ManagedSave(DomainHandle domain) => Check(LibvirtNative.virDomainManagedSave(domain, 0), "virDomainManagedSave");

    /// <summary>True when a managed-save image exists.</summary>
    public static bool HasManagedSave(DomainHandle domain)
    {
        var rc = LibvirtNative.virDomainHasManagedSaveImage(domain, 0);
        return rc < 0 ? throw LibvirtRuntime.TakeLastError("virDomainHasManagedSaveImage") : rc == 1;
    }

    /// <summary>Sets the vCPU count live (and in the persistent config).</summary>
    public static void SetVcpus(DomainHandle domain, int count, uint flags) =>
        Check(LibvirtNative.virDomainSetVcpusFlags(domain, (uint)count, flags), "virDomainSetVcpusFlags");

    /// <summary>Sets the current memory (balloon target), KiB.</summary>
    public static void SetMemory(DomainHandle domain, long kib, uint flags) =>
        Check(LibvirtNative.virDomainSetMemoryFlags(domain, new CULong(checked((nuint)kib)), flags), "virDomainSetMemoryFlags");

    /// <summary>Hot plugs a device (and keeps it in the persistent definition with <see cref="LibvirtNative.AffectConfig"/>).</summary>
    public static void AttachDevice(DomainHandle domain, string xml, uint flags) =>
        Check(LibvirtNative.virDomainAttachDeviceFlags(domain, xml, flags), "virDomainAttachDeviceFlags");

    /// <summary>Hot unplugs a device.</summary>
    public static void DetachDevice(DomainHandle domain, string xml, uint flags) =>
        Check(LibvirtNative.virDomainDetachDeviceFlags(domain, xml, flags), "virDomainDetachDeviceFlags");

    /// <summary>Renames an inactive domain.</summary>
    public static void Rename(DomainHandle domain, string newName) => Check(LibvirtNative.virDomainRename(domain, newName, 0), "virDomainRename");

    /// <summary>Removes the persistent definition, its managed-save image and snapshot metadata.</summary>
    public static void Undefine(DomainHandle domain) =>
        Check(LibvirtNative.virDomainUndefineFlags(domain, LibvirtNative.UndefineManagedSave | LibvirtNative.UndefineSnapshotsMetadata), "virDomainUndefineFlags");

    /// <inheritdoc/>
    public void Dispose() => _handle.Dispose();

    private static DomainHandle Domain(DomainHandle handle, string call)
    {
        if (!handle.IsInvalid)
        {
            return handle;
        }

        handle.Dispose();
        throw LibvirtRuntime.TakeLastError(call);
    }

    private static void Check(int rc, string call)
    {
        if (rc < 0)
        {
            throw LibvirtRuntime.TakeLastError(call);
        }
    }
}

/// <summary>What libvirt reports of the node.</summary>
internal sealed record NodeFacts(string Model, long MemoryKib, int Cpus, int Mhz, int Nodes, int Sockets, int Cores, int Threads);

/// <summary>What libvirt reports of a domain now.</summary>
internal sealed record DomainFacts(int State, long MaxMemoryKib, long MemoryKib, int VirtualCpus);
