using PowerDrivers.Backend.PowerKVM.Domain;
using PowerDrivers.Backend.PowerKVM.Hosting;
using PowerDrivers.Backend.PowerKVM.Interop;
using PowerDrivers.Backend.PowerKVM.Libvirt;
using PowerDrivers.Backend.PowerKVM.Policy;
using PowerDrivers.Backend.PowerKVM.Records;
using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.Model;
using PowerDrivers.Driver.Core.States;

namespace PowerDrivers.Backend.PowerKVM;

/// <summary>
/// PowerKVM on the real libvirt library: one libvirt connection per host (the embedded <c>test:///</c> hypervisor over a
/// node file generated from the hardware profile, or any URI by configuration), PowerKVM policy on top (Linux only, one
/// byte order per host, maxima, OPAL capacity from the managed system), and durable guest records so domains survive a
/// connection that forgets them. Capacity is held while a guest holds host resources: reserved at start and resume,
/// resized by live changes, released at stop, suspend (managed save) and delete.
/// </summary>
public sealed partial class PowerKvmBackend : IComputeBackend, IDisposable
{
    /// <summary>The backend kind.</summary>
    public const string BackendKind = "powerkvm";

    private readonly Dictionary<string, PowerKvmHost> _hosts;
    private readonly PowerKvmSettings _settings;

    /// <summary>Opens one libvirt connection per host and replays the stored guests onto it.</summary>
    public PowerKvmBackend(IReadOnlyList<BackendHost> hosts, PowerKvmSettings settings)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _hosts = new Dictionary<string, PowerKvmHost>(StringComparer.Ordinal);
        try
        {
            foreach (var host in hosts)
            {
                _hosts.Add(host.Name, new PowerKvmHost(host, settings));
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public string Kind => BackendKind;

    /// <inheritdoc/>
    public IReadOnlyCollection<string> Hosts => _hosts.Keys;

    /// <summary>The latest domain lifecycle events libvirt delivered for <paramref name="host"/> (event loop thread), oldest first.</summary>
    public IReadOnlyList<DomainLifecycleEvent> RecentEvents(string host) => Host(host).RecentEvents;

    /// <summary>
    /// KSM page-sharing figures of the machine running the guests (read from <c>/sys/kernel/mm/ksm</c> when the
    /// connection is local), or null when unreadable or when the host is remote.
    /// </summary>
    public KsmFigures? GetPageSharing(string host)
    {
        var uri = Host(host).Uri;
        var local = uri.StartsWith("test://", StringComparison.Ordinal) || uri.Contains(":///", StringComparison.Ordinal);
        return local ? KsmFigures.Read() : null;
    }

    /// <summary>The libvirt connection of <paramref name="host"/> (tests reach libvirt behind the backend's back through it).</summary>
    internal LibvirtConnection ConnectionOf(string host) => Available(host).Connection!;

    /// <summary>The libvirt URI of <paramref name="host"/>.</summary>
    public string UriOf(string host) => Host(host).Uri;

    /// <inheritdoc/>
    public Capabilities GetCapabilities(string host) => Host(host).Capabilities;

    /// <inheritdoc/>
    public string? GetUnavailableReason(string host) => Host(host).UnavailableReason;

    /// <inheritdoc/>
    public Task<HostInfo> GetHostAsync(string host, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var h = Host(host);
        var info = h.Info.Describe(h.Capabilities, h.UnavailableReason is null, h.UnavailableReason ?? "");
        return Task.FromResult(GetPageSharing(host) is { } k
            ? info with { PageSharing = new PageSharingFigures(k.Running, k.PagesShared, k.PagesSharing, k.PagesUnshared, k.FullScans, k.SavedMb) }
            : info);
    }

    /// <summary>The domain XML libvirt holds for an instance now (live when active), as <c>virsh dumpxml</c> would print it.</summary>
    public string DumpXml(InstanceRecord instance, bool inactive = false)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var host = Available(instance.Host);
        return Call(host, instance, "read the domain XML", "lifecycle", () =>
        {
            using var domain = Lookup(host, instance);
            return LibvirtConnection.GetXml(domain, inactive);
        });
    }

    /// <summary>The live domain XML of the domain with UUID <paramref name="instanceId"/> on any host, or null when libvirt has none.</summary>
    public string? DumpXmlOrNull(string instanceId)
    {
        foreach (var host in _hosts.Values.Where(h => h.Connection is not null))
        {
            try
            {
                using var domain = host.Connection!.TryLookup(instanceId);
                if (domain is not null)
                {
                    return LibvirtConnection.GetXml(domain);
                }
            }
            catch (LibvirtException ex)
            {
                throw LibvirtErrors.ToDriverError(ex, "read the domain XML", "lifecycle", host.Uri, instanceId);
            }
        }

        return null;
    }

    /// <inheritdoc/>
    public Task ValidateCreateAsync(InstanceSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        cancellationToken.ThrowIfCancellationRequested();
        var host = Available(spec.Host);
        PowerKvmPolicy.EnsureSpec(spec, host.Capabilities, host.XmlOptions.HostSmtThreads);
        lock (host.Gate)
        {
            EnsureEndianness(host, Guid.Empty, spec);
        }

        EnsureNameFree(host, Guid.Empty, spec.Name);
        PowerKvmPolicy.EnsureFits(host.System, host.Name, CapacityPlan.For(spec, host.Info.Profile), null);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<BackendObservation> CreateAsync(InstanceRecord instance, IOperationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(context);
        cancellationToken.ThrowIfCancellationRequested();
        var host = Available(instance.Host);
        PowerKvmPolicy.EnsureSpec(instance.Spec, host.Capabilities, host.XmlOptions.HostSmtThreads);
        context.Report("defining the domain", 20);
        var xml = DomainXmlBuilder.Build(instance.Id, instance.Spec, host.XmlOptions);
        var record = new GuestRecord(instance.Id, host.Name, instance.Spec, xml, GuestPower.Stopped,
            instance.Spec.Processors.VirtualProcessors.Desired, instance.Spec.Memory.DesiredMb);
        lock (host.Gate)
        {
            // Checked again under the host lock: two creates of opposite byte order cannot both pass.
            EnsureEndianness(host, instance.Id, instance.Spec);
            EnsureNameFree(host, instance.Id, instance.Spec.Name);
            Call(host, instance, "define the domain", "lifecycle", () =>
            {
                using var domain = host.Connection!.Define(xml);
                try
                {
                    host.Save(record);
                }
                catch (IOException)
                {
                    LibvirtConnection.Undefine(domain);
                    throw;
                }

                return 0;
            });
        }

        return Task.FromResult(Observe(host, instance) ?? throw new BackendFailureError(Kind, $"domain {instance.Id} vanished right after it was defined"));
    }

    /// <inheritdoc/>
    public Task<BackendObservation?> ObserveAsync(InstanceRecord instance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Observe(Available(instance.Host), instance));
    }

    /// <inheritdoc/>
    public Task<NativeDescription> DescribeNativeAsync(InstanceRecord instance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        cancellationToken.ThrowIfCancellationRequested();
        var host = Available(instance.Host);
        var xml = Call(host, instance, "read the domain XML", "lifecycle", () =>
        {
            using var domain = host.Connection!.TryLookup(instance.Id.ToString("D"))
                ?? throw new NotFoundError("instance", instance.Id.ToString());
            return LibvirtConnection.GetXml(domain);
        });
        return Task.FromResult(new NativeDescription("libvirt-domain-xml", xml));
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var host in _hosts.Values)
        {
            host.Dispose();
        }
    }

    private static BackendObservation? Observe(PowerKvmHost host, InstanceRecord instance) =>
        Call(host, instance, "look up the domain", "lifecycle", () =>
        {
            using var domain = host.Connection!.TryLookup(instance.Id.ToString("D"));
            return domain is null ? null : ObserveDomain(host, instance.Id, domain);
        });

    private static BackendObservation ObserveDomain(PowerKvmHost host, Guid id, DomainHandle domain)
    {
        var (state, _) = LibvirtConnection.GetState(domain);
        var saved = state == LibvirtNative.DomainShutoff && LibvirtConnection.HasManagedSave(domain);
        var (word, canonical) = DomainStates.Map(state, saved);
        var allocation = Allocation.None;
        if (DomainStates.HoldsResources(state))
        {
            var facts = LibvirtConnection.GetInfo(domain);
            var cores = host.System.TryGetReservation(PowerKvmHost.Owner(id), out var held) ? held.Request.DedicatedCores : 0;
            allocation = new Allocation(facts.VirtualCpus, 0m, cores, facts.MemoryKib / 1024);
        }

        return new BackendObservation(canonical, word, LibvirtConnection.UuidOf(domain), allocation);
    }

    private static void EnsureEndianness(PowerKvmHost host, Guid self, InstanceSpec spec) =>
        PowerKvmPolicy.EnsureEndianness(host.Name, spec.Guest.Endianness,
            host.Guests.Values.Where(g => g.InstanceId != self).Select(g => (g.InstanceId, g.Spec.Guest.Endianness)), host.Capabilities);

    /// <summary>A domain libvirt already has under the name (defined outside this driver) makes the name taken on the host.</summary>
    private static void EnsureNameFree(PowerKvmHost host, Guid self, string name)
    {
        string? owner;
        try
        {
            using var existing = host.Connection!.TryLookupByName(name);
            owner = existing is null ? null : LibvirtConnection.UuidOf(existing);
        }
        catch (LibvirtException ex)
        {
            throw LibvirtErrors.ToDriverError(ex, "look up the domain name", "lifecycle", host.Uri, self.ToString());
        }

        if (owner is not null && !string.Equals(owner, self.ToString("D"), StringComparison.OrdinalIgnoreCase))
        {
            throw new ConflictError($"libvirt on host {host.Name} already has a domain named '{name}' (UUID {owner})", ErrorReasons.NameInUse,
                new Dictionary<string, string> { ["name"] = name, ["host"] = host.Name, ["uuid"] = owner });
        }
    }

    private PowerKvmHost Host(string host) =>
        _hosts.TryGetValue(host, out var h) ? h : throw new NotFoundError("host", host);

    private PowerKvmHost Available(string host)
    {
        var h = Host(host);
        return h.UnavailableReason is { } why ? throw new UnavailableError(host, Kind, why) : h;
    }

    private static DomainHandle Lookup(PowerKvmHost host, InstanceRecord instance) =>
        host.Connection!.TryLookup(instance.Id.ToString("D")) ?? throw new NotFoundError("instance", instance.Id.ToString());

    private static GuestRecord RecordOf(PowerKvmHost host, InstanceRecord instance) =>
        host.Find(instance.Id) ?? throw new NotFoundError("instance", instance.Id.ToString());

    /// <summary>Runs libvirt work and turns a libvirt failure into the typed error (read on the failing thread).</summary>
    private static T Call<T>(PowerKvmHost host, InstanceRecord instance, string what, string feature, Func<T> work)
    {
        try
        {
            return work();
        }
        catch (LibvirtException ex)
        {
            throw LibvirtErrors.ToDriverError(ex, what, feature, host.Uri, instance.Id.ToString());
        }
    }
}
