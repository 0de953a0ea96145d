using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PowerDrivers.Backend.PowerKVM.Interop;

/// <summary>
/// Process-wide libvirt set-up: <c>virInitialize</c> exactly once, a silent global error callback so libvirt
/// stops printing to stderr (errors are read per thread with <see cref="TakeLastError"/> instead), and the event loop.
/// </summary>
internal static unsafe class LibvirtRuntime
{
    private static readonly Lazy<int> Initialized = new(Initialize, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Initializes libvirt once; throws <see cref="LibvirtException"/> when it cannot.</summary>
    public static void EnsureInitialized()
    {
        if (Initialized.Value < 0)
        {
            throw new LibvirtException(-1, 0, "virInitialize failed: libvirt.so.0 cannot initialise in this process");
        }
    }

    /// <summary>
    /// The calling thread's last libvirt error as an exception (and clears it). Call on the same thread, right after
    /// the failing call: libvirt keeps errors per thread.
    /// </summary>
    public static LibvirtException TakeLastError(string call)
    {
        var pointer = LibvirtNative.virGetLastError();
        if (pointer == nint.Zero)
        {
            return new LibvirtException(-1, 0, $"{call} failed without a libvirt error");
        }

        var error = Unsafe.Read<LibvirtNative.Error>((void*)pointer);
        // The message belongs to libvirt: copy it, never free it.
        var message = error.Message == nint.Zero ? "(no message)" : Marshal.PtrToStringUTF8(error.Message) ?? "";
        LibvirtNative.virResetLastError();
        return new LibvirtException(error.Code, error.Domain, message);
    }

    private static int Initialize()
    {
        var rc = LibvirtNative.virInitialize();
        LibvirtNative.virSetErrorFunc(nint.Zero, &Silent);
        // The event implementation must be registered before the first connection opens.
        return rc < 0 ? rc : LibvirtEventLoop.Start();
    }

    [UnmanagedCallersOnly]
    private static void Silent(nint userData, nint error)
    {
        // Deliberately empty: errors are taken per thread by the caller; nothing goes to stderr.
    }
}
