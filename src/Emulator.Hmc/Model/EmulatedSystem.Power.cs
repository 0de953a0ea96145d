using PowerDrivers.Hardware.Power8;

namespace PowerDrivers.Emulator.Hmc.Model;

/// <summary>The partition state machine: activation (granting between minimum and desired) and progressive power off.</summary>
public sealed partial class EmulatedSystem
{
    /// <summary>
    /// Activates a not activated partition: grants as much as free capacity allows between minimum and desired
    /// (refusing when even the minimum does not fit) and moves it to <c>starting</c>. <paramref name="bootMode"/>
    /// <c>of</c> will stop at Open Firmware.
    /// </summary>
    public PartitionView BeginPowerOn(string uuid, string bootMode = "norm")
    {
        lock (gate)
        {
            var p = Get(uuid);
            if (p.State is (PartitionState.Running or PartitionState.OpenFirmware) && !p.OperationInProgress)
            {
                throw new HmcException(Hscl.AlreadyPoweredOn, $"The partition {p.Definition.Name} is already powered on ({p.State.ToWire()}).", 409);
            }

            if (p.State is not (PartitionState.NotActivated or PartitionState.Error) || p.OperationInProgress)
            {
                throw Hscl.State(p.Definition.Name, p.State.ToWire());
            }

            if (bootMode is not ("norm" or "sms" or "of" or "dd" or "ds"))
            {
                throw Hscl.Value($"The boot mode '{bootMode}' is not valid; use norm, sms, of, dd or ds.");
            }

            p.Reservation?.Release();
            p.Reservation = null;
            Activate(p, bootMode);
            p.OperationInProgress = true;
            Changed(p, "PartitionState,Other");
            return p.View(this);
        }
    }

    /// <summary>Finishes an activation: the partition runs (RMC comes up with the OS), or waits at Open Firmware.</summary>
    public PartitionView CompletePowerOn(string uuid, string bootMode = "norm")
    {
        lock (gate)
        {
            var p = Get(uuid);
            p.OperationInProgress = false;
            if (p.State == PartitionState.Starting)
            {
                var firmwareOnly = bootMode is "of" or "sms";
                p.State = firmwareOnly ? PartitionState.OpenFirmware : PartitionState.Running;
                p.RmcActive = !firmwareOnly;
                Changed(p, "PartitionState,Other");
            }

            return p.View(this);
        }
    }

    /// <summary>
    /// Starts a power off. <c>osshutdown</c> needs the RMC connection (the OS must be up); <c>shutdown</c> and
    /// <c>vsp</c> go through the virtual service processor. Moves the partition to <c>shutting down</c>.
    /// </summary>
    public PartitionView BeginPowerOff(string uuid, PowerOffOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        lock (gate)
        {
            var p = Get(uuid);
            if (options.Operation is not ("osshutdown" or "shutdown" or "vsp"))
            {
                throw Hscl.Value($"The power off operation '{options.Operation}' is not valid; use osshutdown, shutdown or vsp.");
            }

            if (p.State == PartitionState.NotActivated && !p.OperationInProgress)
            {
                throw new HmcException(Hscl.AlreadyPoweredOff, $"The partition {p.Definition.Name} is already powered off.", 409);
            }

            if (p.State is not (PartitionState.Running or PartitionState.OpenFirmware or PartitionState.Starting or PartitionState.Error) || p.OperationInProgress)
            {
                throw Hscl.State(p.Definition.Name, p.State.ToWire());
            }

            if (options.Operation == "osshutdown" && !p.RmcActive)
            {
                throw new HmcException(Hscl.RmcInactive,
                    $"The operating system shutdown of partition {p.Definition.Name} requires an active RMC connection; use a VSP shutdown instead.", 409);
            }

            p.State = PartitionState.ShuttingDown;
            p.RmcActive = false;
            p.OperationInProgress = true;
            Changed(p, "PartitionState,Other");
            return p.View(this);
        }
    }

    /// <summary>Finishes a power off: capacity goes back to the system; with <paramref name="restart"/> it starts again.</summary>
    public PartitionView CompletePowerOff(string uuid, bool restart)
    {
        lock (gate)
        {
            var p = Get(uuid);
            if (p.State != PartitionState.ShuttingDown)
            {
                p.OperationInProgress = false;
                return p.View(this);
            }

            if (restart)
            {
                p.State = PartitionState.Starting;
                p.BootedAtMs = NowMs;
            }
            else
            {
                p.Reservation?.Release();
                p.Reservation = null;
                p.Current = Allocation.None;
                p.State = PartitionState.NotActivated;
                p.OperationInProgress = false;
            }

            Changed(p, "PartitionState,Other");
            return p.View(this);
        }
    }

    /// <summary>A boot that fails: the partition goes to <c>error</c>, keeping the capacity it was granted.</summary>
    internal void FailBoot(string uuid)
    {
        lock (gate)
        {
            var p = Get(uuid);
            p.OperationInProgress = false;
            p.State = PartitionState.Error;
            p.RmcActive = false;
            Changed(p, "PartitionState,ReferenceCode,Other");
        }
    }

    /// <summary>Clears a job's in-progress mark after a failure, leaving the state as it is.</summary>
    internal void EndOperation(string uuid)
    {
        lock (gate)
        {
            if (partitions.TryGetValue(uuid, out var p) && p.OperationInProgress)
            {
                p.OperationInProgress = false;
                Changed(p, "Other");
            }
        }
    }

    private void Changed(Partition p, string detail)
    {
        p.Version++;
        Save(p);
        events.Publish("MODIFY_URI", PartitionUri(p.Definition), detail);
        if (p.Definition.IsVios)
        {
            // A VIOS that stops running hands its bridging to a backup SEA; one that runs again takes it back.
            RecomputeBridges();
        }
    }

    /// <summary>Grants between minimum and desired as the free capacity allows, and holds it on the managed system.</summary>
    private void Activate(Partition p, string bootMode)
    {
        _ = bootMode;
        var d = p.Definition;
        var free = Machine.Snapshot();
        var lmb = Machine.Profile.LmbSizeMb;
        var freeForMemory = free.FreeMemoryMb - Machine.HardwarePageTableMb(d.Memory.MaximumMb);
        var memory = Math.Min(d.Memory.DesiredMb, freeForMemory / lmb * lmb);
        if (d.SharedMemory)
        {
            // Logical memory backed by the shared memory pool (overcommitted beyond it, paged by the paging VIOS).
            CheckPagingServiceRunning(d);
            memory = d.Memory.DesiredMb;
        }
        else if (memory < d.Memory.MinimumMb)
        {
            throw new HmcException(Hscl.InsufficientResources,
                $"There is not enough memory available on managed system {Name} to activate partition {d.Name}: minimum {d.Memory.MinimumMb} MB, available {Math.Max(0, freeForMemory / lmb * lmb)} MB (after its {Machine.HardwarePageTableMb(d.Memory.MaximumMb)} MB hardware page table).", 409);
        }

        Allocation grant;
        if (d.Processors.Dedicated)
        {
            var cores = Math.Min(d.Processors.DesiredProcessors, free.FreeCores);
            if (cores < d.Processors.MinimumProcessors)
            {
                throw new HmcException(Hscl.InsufficientResources,
                    $"There are not enough processors available on managed system {Name} to activate partition {d.Name}: minimum {d.Processors.MinimumProcessors}, available {free.FreeCores}.", 409);
            }

            grant = new Allocation(cores, 0, 0, memory);
        }
        else
        {
            var headroom = PoolHeadroom(d.Processors.PoolId, p);
            var units = Math.Min(d.Processors.DesiredUnitsCenti, Math.Min(free.FreeProcessingUnitsCenti, headroom));
            if (units < d.Processors.MinimumUnitsCenti)
            {
                var where = headroom < free.FreeProcessingUnitsCenti ? $"shared processor pool {pools[d.Processors.PoolId].Name}" : $"managed system {Name}";
                throw new HmcException(Hscl.InsufficientResources,
                    $"There are not enough processing units available in {where} to activate partition {d.Name}: minimum {Hscl.Units(d.Processors.MinimumUnitsCenti)}, available {Hscl.Units(Math.Max(0, Math.Min(free.FreeProcessingUnitsCenti, headroom)))}.", 409);
            }

            var vps = Math.Max(d.Processors.MinimumVirtualProcessors, Math.Min(d.Processors.DesiredVirtualProcessors, units / PartitionRules.MinimumCentiPerVirtualProcessor));
            PartitionRules.CheckRatio("activation", units, vps);
            grant = new Allocation(0, units, vps, memory);
        }

        try
        {
            p.Reservation = Machine.Reserve(RequestFor(d, grant), d.Uuid);
        }
        catch (InsufficientCapacityException ex)
        {
            throw Insufficient(ex);
        }

        p.Current = grant;
        p.State = PartitionState.Starting;
        p.RmcActive = false;
        p.BootedAtMs = NowMs;
    }
}
