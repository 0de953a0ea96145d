using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace PowerDrivers.Backend.PowerKVM.Interop;

/// <summary>
/// libvirt's default event loop (<c>virEventRegisterDefaultImpl</c>, registered once before any connection opens) run
/// by one background thread (<c>virEventRunDefaultImpl</c> in a loop), and the dispatch of domain lifecycle events to
/// managed sinks. The native callback gets a small integer (not a GC handle) as its opaque value and looks the sink up,
/// so an event that races with deregistration finds nothing instead of a freed handle.
/// </summary>
internal static unsafe class LibvirtEventLoop
{
    private static readonly ConcurrentDictionary<nint, Action<string, int, int>> Sinks = new();
    private static int _nextSink;
    private static Thread? _thread;
    private static long _dispatched;

    /// <summary>Events the loop thread has dispatched (for tests and diagnostics).</summary>
    public static long Dispatched => Interlocked.Read(ref _dispatched);

    /// <summary>Registers the default implementation and starts the loop thread; called once from <see cref="LibvirtRuntime"/>.</summary>
    internal static int Start()
    {
        var rc = LibvirtNative.virEventRegisterDefaultImpl();
        if (rc < 0)
        {
            _ = LibvirtRuntime.TakeLastError("virEventRegisterDefaultImpl");
            return rc;
        }

        _thread = new Thread(Run) { IsBackground = true, Name = "libvirt-event-loop" };
        _thread.Start();
        return 0;
    }

    /// <summary>Delivers lifecycle events of every domain on <paramref name="connection"/> to <paramref name="sink"/> (uuid, event, detail); returns the registration.</summary>
    public static (int CallbackId, nint SinkId) WatchLifecycle(ConnectHandle connection, Action<string, int, int> sink)
    {
        var id = (nint)Interlocked.Increment(ref _nextSink);
        Sinks[id] = sink;
        var callbackId = LibvirtNative.virConnectDomainEventRegisterAny(connection, nint.Zero, LibvirtNative.DomainEventIdLifecycle, &OnLifecycle, id, nint.Zero);
        if (callbackId < 0)
        {
            Sinks.TryRemove(id, out _);
            throw LibvirtRuntime.TakeLastError("virConnectDomainEventRegisterAny");
        }

        return (callbackId, id);
    }

    /// <summary>Stops delivering to a registration (before the connection closes).</summary>
    public static void Unwatch(ConnectHandle connection, (int CallbackId, nint SinkId) registration)
    {
        Sinks.TryRemove(registration.SinkId, out _);
        if (!connection.IsClosed && LibvirtNative.virConnectDomainEventDeregisterAny(connection, registration.CallbackId) < 0)
        {
            _ = LibvirtRuntime.TakeLastError("virConnectDomainEventDeregisterAny");
        }
    }

    private static void Run()
    {
        while (true)
        {
            if (LibvirtNative.virEventRunDefaultImpl() < 0)
            {
                _ = LibvirtRuntime.TakeLastError("virEventRunDefaultImpl");
                Thread.Sleep(100);
            }
        }
    }

    [UnmanagedCallersOnly]
    private static int OnLifecycle(nint connection, nint domain, int eventKind, int detail, nint opaque)
    {
        try
        {
            if (!Sinks.TryGetValue(opaque, out var sink))
            {
                return 0;
            }

            // The domain pointer belongs to libvirt for the duration of the callback: read it, never free it.
            var buffer = stackalloc byte[37];
            var uuid = LibvirtNative.virDomainGetUUIDString(domain, buffer) < 0 ? "" : Marshal.PtrToStringUTF8((nint)buffer) ?? "";
            Interlocked.Increment(ref _dispatched);
            sink(uuid, eventKind, detail);
        }
#pragma warning disable CA1031 // An exception must never cross back into libvirt's C frames.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        return 0;
    }

    /// <summary>True while the loop thread runs.</summary>
    public static bool IsRunning => _thread is { IsAlive: true };
}
