using System.Globalization;
using System.Xml.Linq;
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

public sealed partial class PowerKvmBackend
{
    /// <inheritdoc/>
    public Task ValidateResizeAsync(InstanceRecord instance, InstanceSpec newSpec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(newSpec);
        cancellationToken.ThrowIfCancellationRequested();
        var host = Available(instance.Host);
        var record = RecordOf(host, instance);
        EnsureResizable(host, instance, record, newSpec);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<BackendObservation> ResizeAsync(InstanceRecord instance, InstanceSpec newSpec, IOperationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(newSpec);
        ArgumentNullException.ThrowIfNull(context);
        cancellationToken.ThrowIfCancellationRequested();
        var host = Available(instance.Host);
        var record = RecordOf(host, instance);
        var live = EnsureResizable(host, instance, record, newSpec);
        var xml = record.BuildXml(newSpec, host.XmlOptions);
        var vcpus = newSpec.Processors.VirtualProcessors.Desired;
        var memoryMb = newSpec.Memory.DesiredMb;
        using var domain = Call(host, instance, "look up the domain", "lifecycle", () => Lookup(host, instance));
        if (live)
        {
            var held = host.System.TryGetReservation(PowerKvmHost.Owner(instance.Id), out var r) ? r : null;
            var before = held?.Request;
            if (held is not null && !held.TryResize(CapacityPlan.For(newSpec, host.Info.Profile), out var shortfall))
            {
                throw PowerKvmPolicy.ToError(shortfall, host.Name);
            }

            try
            {
                context.Report("hot plugging vCPUs and memory", 40);
                Call(host, instance, "change vCPUs live", "live_processor_resize", () => Run(() =>
                {
                    if (vcpus != record.LiveVirtualCpus)
                    {
                        LibvirtConnection.SetVcpus(domain, vcpus, LibvirtNative.AffectLive);
                    }
                }));
                Call(host, instance, "change memory live", "live_memory_resize", () => Run(() =>
                {
                    if (memoryMb != record.LiveMemoryMb)
                    {
                        LibvirtConnection.SetMemory(domain, memoryMb * 1024, LibvirtNative.AffectLive);
                    }
                }));
            }
            catch
            {
                // Put back what was changed, so a failed resize leaves the guest as it was.
                TryRun(() => LibvirtConnection.SetVcpus(domain, record.LiveVirtualCpus, LibvirtNative.AffectLive));
                TryRun(() => LibvirtConnection.SetMemory(domain, record.LiveMemoryMb * 1024, LibvirtNative.AffectLive));
                if (before is not null)
                {
                    held!.Resize(before);
                }

                throw;
            }
        }

        context.Report("redefining the domain", 80);
        // The persistent definition follows the new spec (for the next start), live or not.
        Call(host, instance, "redefine the domain", "offline_resize", () =>
        {
            using var redefined = host.Connection!.Define(xml);
            return 0;
        });
        host.Save(record with { Spec = newSpec, DomainXml = xml, LiveVirtualCpus = vcpus, LiveMemoryMb = memoryMb });
        return Task.FromResult(Observed(host, instance));
    }

    /// <inheritdoc/>
    public Task<ConsoleInfo> GetConsoleAsync(InstanceRecord instance, ConsoleType? type, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        cancellationToken.ThrowIfCancellationRequested();
        var host = Available(instance.Host);
        var xml = XDocument.Parse(DumpXml(instance));
        var devices = xml.Root?.Element("devices");
        var kind = type ?? ConsoleType.Serial;
        if (kind == ConsoleType.Vnc)
        {
            var vnc = devices?.Elements("graphics").FirstOrDefault(g => (string?)g.Attribute("type") == "vnc")
                ?? throw new UnsupportedError("console_vnc", Kind, $"domain {instance.Id} has no VNC graphics device");
            var listen = (string?)vnc.Attribute("listen") ?? "127.0.0.1";
            var port = int.TryParse((string?)vnc.Attribute("port"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) ? p : -1;
            if (port <= 0)
            {
                // A limit of the connection, not a failure: libvirt's test driver never assigns autoport VNC ports.
                throw new UnsupportedError("console_vnc", Kind,
                    $"the libvirt connection {host.Uri} has not assigned a VNC port to domain {instance.Id} (the test driver never does; use the serial console or a qemu:///system connection)");
            }

            return Task.FromResult(new ConsoleInfo(ConsoleType.Vnc, $"vnc://{listen}:{port}", listen, port, ""));
        }

        if (kind != ConsoleType.Serial)
        {
            throw new UnsupportedError("console_vterm", Kind, host.Capabilities.Unsupported["console_vterm"]);
        }

        var console = devices?.Elements("console").FirstOrDefault();
        var pty = (string?)console?.Element("source")?.Attribute("path") ?? (string?)console?.Attribute("tty") ?? "";
        var name = (string?)xml.Root?.Element("name") ?? instance.Name;
        var url = pty.Length > 0 ? $"pty://{host.Name}{pty}" : $"{host.Uri}#console={Uri.EscapeDataString(name)}";
        return Task.FromResult(new ConsoleInfo(ConsoleType.Serial, url, host.Name, 0, ""));
    }

    /// <summary>
    /// The rules of a resize: the new spec obeys PowerKVM policy; while the domain holds resources only the desired
    /// vCPUs (within the unchanged maximum and topology) and the balloon size (within the unchanged maximum) may change —
    /// anything else REQUIRES_STOPPED; growth must fit the host. Returns true when the change is live.
    /// </summary>
    private static bool EnsureResizable(PowerKvmHost host, InstanceRecord instance, GuestRecord record, InstanceSpec newSpec)
    {
        PowerKvmPolicy.EnsureSpec(newSpec, host.Capabilities, host.XmlOptions.HostSmtThreads);
        var old = record.Spec;
        var active = Call(host, instance, "read the domain state", "lifecycle", () =>
        {
            using var domain = Lookup(host, instance);
            return DomainStates.HoldsResources(LibvirtConnection.GetState(domain).State);
        });
        if (newSpec.Guest != old.Guest)
        {
            throw new InvalidSpecError("spec.guest", "the guest OS and byte order cannot change by resize");
        }

        if (!active)
        {
            return false;
        }

        var p = old.Processors;
        var q = newSpec.Processors;
        if (q.Mode != p.Mode || q.VirtualProcessors.Max != p.VirtualProcessors.Max || q.Topology != p.Topology || q.CompatibilityMode != p.CompatibilityMode)
        {
            throw RequiresStopped(instance, "the processor mode, maximum vCPUs, topology and compatibility mode are fixed while it runs (vCPUs hot plug up to the maximum only)");
        }

        if (newSpec.Memory.MaxMb != old.Memory.MaxMb)
        {
            throw RequiresStopped(instance, "the maximum memory is fixed while it runs (memory changes live up to the maximum only)");
        }

        var held = host.System.TryGetReservation(PowerKvmHost.Owner(instance.Id), out var r) ? r.Request : null;
        PowerKvmPolicy.EnsureFits(host.System, host.Name, CapacityPlan.For(newSpec, host.Info.Profile), held);
        return true;
    }

    private static InvalidStateError RequiresStopped(InstanceRecord instance, string why) =>
        new(instance.Id.ToString(), instance.State, InstanceAction.Resize, ErrorReasons.RequiresStopped,
            $"instance {instance.Id} must be stopped to resize: {why}");

    private static void TryRun(Action action)
    {
        try
        {
            action();
        }
        catch (LibvirtException)
        {
            // Best effort while undoing; the original error is what the caller sees.
        }
    }
}
