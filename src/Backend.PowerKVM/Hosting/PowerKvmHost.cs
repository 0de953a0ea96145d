using PowerDrivers.Backend.PowerKVM.Domain;
using PowerDrivers.Backend.PowerKVM.Interop;
using PowerDrivers.Backend.PowerKVM.Libvirt;
using PowerDrivers.Backend.PowerKVM.Policy;
using PowerDrivers.Backend.PowerKVM.Records;
using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Hardware.Power8;

namespace PowerDrivers.Backend.PowerKVM.Hosting;

/// <summary>
/// One PowerKVM host: its managed system (capacity), its one libvirt connection (every call and event of the host
/// goes through it), and the backend's durable guest records. At start-up the records are replayed onto the connection:
/// a guest libvirt does not know (the test driver forgets everything) is defined again and put back in its power state.
/// </summary>
internal sealed class PowerKvmHost : IDisposable
{
    private const int MaxRecentEvents = 256;
    private readonly Dictionary<Guid, GuestRecord> _guests = [];
    private readonly Queue<DomainLifecycleEvent> _recent = new();
    private readonly GuestRecordStore _store;
    private (int CallbackId, nint SinkId)? _watch;

    public PowerKvmHost(BackendHost host, PowerKvmSettings settings)
    {
        Info = host;
        _store = new GuestRecordStore(host.DataDirectory);
        var configured = settings.UriFor(host.Name);
        Uri = configured.Length > 0 ? configured : "test://" + NodeXml.Write(host.Profile, Path.Combine(host.DataDirectory, "powerkvm"));
        try
        {
            Connection = LibvirtConnection.Open(Uri);
        }
        catch (LibvirtException ex)
        {
            UnavailableReason = $"libvirt connection {Uri} cannot be opened: {ex.Message}";
        }

        var qemuTcg = settings.DomainType == "qemu";
        XmlOptions = new DomainXmlOptions(settings.DomainType, host.Profile.SmtThreads / settings.SubcoresPerCore, qemuTcg);
        Capabilities = PowerKvmCapabilities.For(host.System, Connection?.IsTestDriver ?? true, settings.SubcoresPerCore);
        foreach (var record in _store.LoadAll().Where(r => r.Host == host.Name))
        {
            _guests[record.InstanceId] = record;
        }

        Bridge = settings.NetworkBridge;
        if (Connection is not null)
        {
            Storage = new HostStoragePool(Connection, host.Name, host.DataDirectory, settings);
            try
            {
                // Volumes first: the guests restored next refer to their images.
                Storage.Open();
            }
            catch (LibvirtException ex)
            {
                StorageFault = $"storage pool {Storage.Name} ({Storage.Directory}) cannot be opened on {Uri}: {ex.Message}";
            }

            Restore();
            try
            {
                _watch = LibvirtEventLoop.WatchLifecycle(Connection.Handle, OnLifecycle);
            }
            catch (LibvirtException)
            {
                // A connection without domain events still works; guest-initiated shutdowns are then seen at the next call.
            }
        }
    }

    /// <summary>The host as the driver configured it.</summary>
    public BackendHost Info { get; }

    /// <summary>Host name.</summary>
    public string Name => Info.Name;

    /// <summary>The managed system (single source of capacity truth).</summary>
    public ManagedSystem System => Info.System;

    /// <summary>The libvirt URI.</summary>
    public string Uri { get; }

    /// <summary>The open connection, or null when it could not be opened (see <see cref="UnavailableReason"/>).</summary>
    public LibvirtConnection? Connection { get; }

    /// <summary>Why the host cannot take calls, or null.</summary>
    public string? UnavailableReason { get; }

    /// <summary>How domain XML is written here.</summary>
    public DomainXmlOptions XmlOptions { get; }

    /// <summary>What the backend can do here.</summary>
    public Capabilities Capabilities { get; }

    /// <summary>The host's volume pool (null when the connection could not be opened).</summary>
    public HostStoragePool? Storage { get; }

    /// <summary>Why the volume pool cannot be used, or null.</summary>
    public string? StorageFault { get; }

    /// <summary>The Open vSwitch bridge guests' NICs join.</summary>
    public string Bridge { get; }

    /// <summary>Serialises MAC address choice and checks across the host's guests.</summary>
    public Lock NetworkGate { get; } = new();

    /// <summary>Serialises host-wide rules (endianness) and the record table.</summary>
    public Lock Gate { get; } = new();

    /// <summary>Guests' records (under <see cref="Gate"/>).</summary>
    public IReadOnlyDictionary<Guid, GuestRecord> Guests => _guests;

    /// <summary>Stores a record durably and in memory.</summary>
    public void Save(GuestRecord record)
    {
        lock (Gate)
        {
            _store.Save(record);
            _guests[record.InstanceId] = record;
        }
    }

    /// <summary>Forgets a record.</summary>
    public void Forget(Guid id)
    {
        lock (Gate)
        {
            _store.Delete(id);
            _guests.Remove(id);
        }
    }

    /// <summary>The record of <paramref name="id"/>, or null.</summary>
    public GuestRecord? Find(Guid id)
    {
        lock (Gate)
        {
            return _guests.GetValueOrDefault(id);
        }
    }

    /// <summary>The reservation owner name of a guest.</summary>
    public static string Owner(Guid id) => "kvm-" + id.ToString("N");

    /// <summary>The latest domain lifecycle events libvirt delivered for this host, oldest first.</summary>
    public IReadOnlyList<DomainLifecycleEvent> RecentEvents
    {
        get
        {
            lock (_recent)
            {
                return [.. _recent];
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (Connection is not null && _watch is { } watch)
        {
            LibvirtEventLoop.Unwatch(Connection.Handle, watch);
        }

        Connection?.Dispose();
    }

    /// <summary>
    /// On the event loop thread: a guest that stopped or crashed by itself (not saved, not migrated) gives its capacity
    /// back and is recorded stopped; the backend's own stop path does the same, idempotently.
    /// </summary>
    private void OnLifecycle(string uuid, int kind, int detail)
    {
        lock (_recent)
        {
            _recent.Enqueue(new DomainLifecycleEvent(uuid, kind, detail, DateTimeOffset.UtcNow));
            while (_recent.Count > MaxRecentEvents)
            {
                _recent.Dequeue();
            }
        }

        var selfStopped = kind == LibvirtNative.DomainEventCrashed
            || (kind == LibvirtNative.DomainEventStopped && detail is not (LibvirtNative.DomainEventStoppedSaved or LibvirtNative.DomainEventStoppedMigrated));
        if (!selfStopped || !Guid.TryParse(uuid, out var id))
        {
            return;
        }

        lock (Gate)
        {
            if (!_guests.TryGetValue(id, out var record) || record.Power is not (GuestPower.Running or GuestPower.Paused))
            {
                return;
            }

            using var domain = Connection?.TryLookup(uuid);
            if (domain is null || DomainStates.HoldsResources(LibvirtConnection.GetState(domain).State))
            {
                return;
            }

            if (System.TryGetReservation(Owner(id), out var held))
            {
                held.Release();
            }

            var stopped = record with { Power = GuestPower.Stopped };
            _store.Save(stopped);
            _guests[id] = stopped;
        }
    }

    private void Restore()
    {
        var connection = Connection!;
        foreach (var record in _guests.Values.ToList())
        {
            try
            {
                var existing = connection.TryLookup(record.InstanceId.ToString("D"));
                if (existing is null)
                {
                    existing = connection.Define(record.DomainXml);
                    using var domain = existing;
                    Replay(record, domain);
                }
                else
                {
                    using var domain = existing;
                    var (state, _) = LibvirtConnection.GetState(domain);
                    if (DomainStates.HoldsResources(state))
                    {
                        // A guest a real hypervisor kept running is reality: reserve it if it fits (it cannot be unrun).
                        var facts = LibvirtConnection.GetInfo(domain);
                        _ = Reserve(record, facts.VirtualCpus, facts.MemoryKib / 1024);
                    }
                }
            }
            catch (LibvirtException)
            {
                // The record stays; ObserveAsync reports what libvirt has (or nothing), and reconcile records the drift.
            }
        }
    }

    private void Replay(GuestRecord record, DomainHandle domain)
    {
        if (record.Power == GuestPower.Stopped)
        {
            return;
        }

        if (!Reserve(record, record.LiveVirtualCpus, record.LiveMemoryMb))
        {
            // Never over-allocate: a guest that no longer fits stays defined but shut off, and the driver's reconcile
            // reports the difference (INSTANCE_DRIFTED) instead of the host silently holding more than it has.
            var stopped = record with { Power = GuestPower.Stopped };
            _store.Save(stopped);
            _guests[record.InstanceId] = stopped;
            return;
        }

        LibvirtConnection.Create(domain);
        if (record.LiveVirtualCpus != record.Spec.Processors.VirtualProcessors.Desired)
        {
            LibvirtConnection.SetVcpus(domain, record.LiveVirtualCpus, LibvirtNative.AffectLive);
        }

        if (record.LiveMemoryMb != record.Spec.Memory.DesiredMb)
        {
            LibvirtConnection.SetMemory(domain, record.LiveMemoryMb * 1024, LibvirtNative.AffectLive);
        }

        if (record.Power == GuestPower.Paused)
        {
            LibvirtConnection.Suspend(domain);
        }
        else if (record.Power == GuestPower.Saved)
        {
            LibvirtConnection.ManagedSave(domain);
            if (System.TryGetReservation(Owner(record.InstanceId), out var held))
            {
                held.Release();
            }
        }
    }

    /// <summary>Reserves what the guest holds; false when it no longer fits (e.g. the overcommit ratios were lowered).</summary>
    private bool Reserve(GuestRecord record, int vcpus, long memoryMb)
    {
        var request = CapacityPlan.For(record.Spec.Processors.Mode, vcpus, memoryMb, Info.Profile);
        return System.TryGetReservation(Owner(record.InstanceId), out _)
            || System.TryReserve(request, Owner(record.InstanceId), out _, out _);
    }
}
