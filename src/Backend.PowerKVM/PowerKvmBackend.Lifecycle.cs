using PowerDrivers.Backend.PowerKVM.Domain;
using PowerDrivers.Backend.PowerKVM.Hosting;
using PowerDrivers.Backend.PowerKVM.Interop;
using PowerDrivers.Backend.PowerKVM.Libvirt;
using PowerDrivers.Backend.PowerKVM.Policy;
using PowerDrivers.Backend.PowerKVM.Records;
using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.Model;

namespace PowerDrivers.Backend.PowerKVM;

public sealed partial class PowerKvmBackend
{
    /// <inheritdoc/>
    public Task<BackendObservation> StartAsync(InstanceRecord instance, IOperationContext context, CancellationToken cancellationToken) =>
        PowerOnAsync(instance, context, "start the domain", "powering on", cancellationToken);

    /// <inheritdoc/>
    public Task<BackendObservation> ResumeAsync(InstanceRecord instance, IOperationContext context, CancellationToken cancellationToken) =>
        PowerOnAsync(instance, context, "restore the domain from its managed-save image", "restoring", cancellationToken);

    /// <inheritdoc/>
    public async Task<BackendObservation> StopAsync(InstanceRecord instance, StopMode mode, TimeSpan timeout, IOperationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(context);
        var host = Available(instance.Host);
        var record = RecordOf(host, instance);
        using (var domain = Call(host, instance, "look up the domain", "lifecycle", () => Lookup(host, instance)))
        {
            if (mode == StopMode.Soft && Call(host, instance, "read the domain state", "lifecycle", () => LibvirtConnection.GetState(domain)).State == LibvirtNative.DomainRunning)
            {
                context.Report("asking the guest to shut down", 10);
                Call(host, instance, "shut the domain down", "soft_stop", () => Run(() => LibvirtConnection.Shutdown(domain)));
                if (!await WaitForShutoffAsync(host, instance, domain, timeout, cancellationToken).ConfigureAwait(false))
                {
                    context.Report("the guest did not shut down in time: powering off", 80);
                }
            }

            Call(host, instance, "power the domain off", "lifecycle", () => Run(() =>
            {
                var (state, _) = LibvirtConnection.GetState(domain);
                if (DomainStates.HoldsResources(state))
                {
                    LibvirtConnection.Destroy(domain);
                }
            }));
        }

        Release(host, instance.Id);
        host.Save(record with { Power = GuestPower.Stopped });
        return Observed(host, instance);
    }

    /// <inheritdoc/>
    public Task<BackendObservation> RebootAsync(InstanceRecord instance, RebootMode mode, IOperationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        cancellationToken.ThrowIfCancellationRequested();
        var host = Available(instance.Host);
        using (var domain = Call(host, instance, "look up the domain", "lifecycle", () => Lookup(host, instance)))
        {
            if (mode == RebootMode.Soft)
            {
                Call(host, instance, "reboot the domain", "soft_reboot", () => Run(() => LibvirtConnection.Reboot(domain)));
            }
            else
            {
                Call(host, instance, "reset the domain", "lifecycle", () => Run(() => LibvirtConnection.Reset(domain)));
            }
        }

        host.Save(RecordOf(host, instance) with { Power = GuestPower.Running });
        return Task.FromResult(Observed(host, instance));
    }

    /// <inheritdoc/>
    public Task<BackendObservation> PauseAsync(InstanceRecord instance, IOperationContext context, CancellationToken cancellationToken) =>
        Simple(instance, "suspend the domain's vCPUs", "pause", LibvirtConnection.Suspend, GuestPower.Paused, cancellationToken);

    /// <inheritdoc/>
    public Task<BackendObservation> UnpauseAsync(InstanceRecord instance, IOperationContext context, CancellationToken cancellationToken) =>
        Simple(instance, "resume the domain's vCPUs", "pause", LibvirtConnection.Resume, GuestPower.Running, cancellationToken);

    /// <inheritdoc/>
    public async Task<BackendObservation> SuspendAsync(InstanceRecord instance, IOperationContext context, CancellationToken cancellationToken)
    {
        var observed = await Simple(instance, "save the domain (managed save)", "suspend", LibvirtConnection.ManagedSave, GuestPower.Saved, cancellationToken).ConfigureAwait(false);
        var host = Available(instance.Host);
        Release(host, instance.Id);
        return observed with { Allocation = Allocation.None };
    }

    /// <inheritdoc/>
    public Task DeleteAsync(InstanceRecord instance, IOperationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        cancellationToken.ThrowIfCancellationRequested();
        var host = Available(instance.Host);
        Call(host, instance, "remove the domain", "lifecycle", () => Run(() =>
        {
            using var domain = host.Connection!.TryLookup(instance.Id.ToString("D"));
            if (domain is not null)
            {
                var (state, _) = LibvirtConnection.GetState(domain);
                if (DomainStates.HoldsResources(state))
                {
                    LibvirtConnection.Destroy(domain);
                }

                LibvirtConnection.Undefine(domain);
            }
        }));
        Release(host, instance.Id);
        host.Forget(instance.Id);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<BackendObservation> RenameAsync(InstanceRecord instance, string newName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentException.ThrowIfNullOrEmpty(newName);
        cancellationToken.ThrowIfCancellationRequested();
        var host = Available(instance.Host);
        var record = RecordOf(host, instance);
        var renamed = record.Spec with { Name = newName };
        PowerKvmPolicy.EnsureSpec(renamed, host.Capabilities, host.XmlOptions.HostSmtThreads);
        EnsureNameFree(host, instance.Id, newName);
        Call(host, instance, "rename the domain", "rename", () => Run(() =>
        {
            using var domain = Lookup(host, instance);
            if (DomainStates.HoldsResources(LibvirtConnection.GetState(domain).State))
            {
                throw new InvalidStateError(instance.Id.ToString(), instance.State, Driver.Core.States.InstanceAction.Resize, ErrorReasons.RequiresStopped,
                    $"instance {instance.Id} must be stopped to rename it: libvirt renames only inactive domains");
            }

            LibvirtConnection.Rename(domain, newName);
        }));
        host.Save(record with { Spec = renamed, DomainXml = record.BuildXml(renamed, host.XmlOptions) });
        return Task.FromResult(Observed(host, instance));
    }

    private Task<BackendObservation> PowerOnAsync(InstanceRecord instance, IOperationContext context, string what, string step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(context);
        cancellationToken.ThrowIfCancellationRequested();
        var host = Available(instance.Host);
        var record = RecordOf(host, instance);
        var request = CapacityPlan.For(record.Spec, host.Info.Profile);
        if (!host.System.TryReserve(request, PowerKvmHost.Owner(instance.Id), out var reservation, out var shortfall))
        {
            throw PowerKvmPolicy.ToError(shortfall, host.Name);
        }

        context.Report(step, 60);
        try
        {
            using var domain = Call(host, instance, "look up the domain", "lifecycle", () => Lookup(host, instance));
            Call(host, instance, what, "lifecycle", () => Run(() => LibvirtConnection.Create(domain)));
        }
        catch
        {
            reservation.Release();
            throw;
        }

        host.Save(record with
        {
            Power = GuestPower.Running,
            LiveVirtualCpus = record.Spec.Processors.VirtualProcessors.Desired,
            LiveMemoryMb = record.Spec.Memory.DesiredMb,
        });
        return Task.FromResult(Observed(host, instance));
    }

    private Task<BackendObservation> Simple(InstanceRecord instance, string what, string feature, Action<DomainHandle> call, GuestPower after, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        cancellationToken.ThrowIfCancellationRequested();
        var host = Available(instance.Host);
        var record = RecordOf(host, instance);
        Call(host, instance, what, feature, () => Run(() =>
        {
            using var domain = Lookup(host, instance);
            call(domain);
        }));
        host.Save(record with { Power = after });
        return Task.FromResult(Observed(host, instance));
    }

    private async Task<bool> WaitForShutoffAsync(PowerKvmHost host, InstanceRecord instance, DomainHandle domain, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var (state, _) = Call(host, instance, "read the domain state", "lifecycle", () => LibvirtConnection.GetState(domain));
            if (!DomainStates.HoldsResources(state))
            {
                return true;
            }

            if (DateTimeOffset.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(_settings.ShutdownPollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private static BackendObservation Observed(PowerKvmHost host, InstanceRecord instance) =>
        Observe(host, instance) ?? throw new NotFoundError("instance", instance.Id.ToString());

    private static void Release(PowerKvmHost host, Guid id)
    {
        if (host.System.TryGetReservation(PowerKvmHost.Owner(id), out var held))
        {
            held.Release();
        }
    }

    private static int Run(Action action)
    {
        action();
        return 0;
    }
}
