using PowerDrivers.Hardware.Power8;

namespace PowerDrivers.Emulator.Hmc.Model;

/// <summary>Creating, changing (including DLPAR) and deleting partitions.</summary>
public sealed partial class EmulatedSystem
{
    /// <summary>
    /// Defines a partition (not activated, holding nothing). An empty <see cref="PartitionDefinition.Uuid"/> gets a new
    /// one; <see cref="PartitionDefinition.Id"/> 0 gets the lowest free ID. Throws <see cref="HmcException"/> for
    /// every rule the HMC enforces.
    /// </summary>
    public PartitionView Create(PartitionDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        lock (gate)
        {
            var d = definition with
            {
                Uuid = string.IsNullOrEmpty(definition.Uuid) ? Guid.NewGuid().ToString().ToUpperInvariant() : definition.Uuid.ToUpperInvariant(),
                Id = definition.Id == 0 ? NextFreeId() : definition.Id,
            };
            PartitionRules.Check(d, Machine, ameCapable, ActiveMemorySharingCapable, memoryPool);
            CheckUnique(d, except: null);
            CheckPool(d.Processors);
            if (partitions.ContainsKey(d.Uuid))
            {
                throw new HmcException(Hscl.InvalidId, $"A partition with UUID {d.Uuid} already exists.", 409);
            }

            var p = new Partition(d, NowMs);
            Save(p);
            partitions[d.Uuid] = p;
            events.Publish("ADD_URI", PartitionUri(d), string.Empty);
            Touch("Other");
            return p.View(this);
        }
    }

    /// <summary>
    /// Replaces a partition's definition. When <paramref name="ifMatch"/> is given it must equal the current ETag
    /// (else HTTP 412). While the partition is active only desired values may move (DLPAR), within [min, max], and
    /// growth must fit the free capacity; min/max, processor mode, pool, compatibility mode and type change only when off.
    /// </summary>
    public PartitionView Update(string uuid, PartitionDefinition definition, string? ifMatch = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        lock (gate)
        {
            var p = Get(uuid);
            if (ifMatch is not null && !string.Equals(ifMatch.Trim('"'), p.View(this).ETag, StringComparison.Ordinal))
            {
                throw new HmcException(Hscl.EtagMismatch, $"The object {uuid} was changed by another request (ETag {ifMatch} is stale); read it again and retry.", 412);
            }

            var old = p.Definition;
            var d = definition with { Uuid = old.Uuid, Id = definition.Id == 0 ? old.Id : definition.Id, Type = old.Type == PartitionDefinition.Vios ? old.Type : definition.Type, Slots = definition.Slots.Count == 0 ? old.Slots : definition.Slots };
            PartitionRules.Check(d, Machine, ameCapable, ActiveMemorySharingCapable, memoryPool);
            CheckUnique(d, except: p);
            CheckPool(d.Processors);
            if (p.State.IsActive())
            {
                Dlpar(p, old, d);
            }
            else if (p.State != PartitionState.NotActivated)
            {
                throw Hscl.State(old.Name, p.State.ToWire());
            }

            var nameChanged = !string.Equals(old.Name, d.Name, StringComparison.Ordinal);
            p.Definition = d;
            p.Version++;
            Save(p);
            events.Publish("MODIFY_URI", PartitionUri(d), nameChanged ? "PartitionName,Other" : "Other");
            return p.View(this);
        }
    }

    /// <summary>Deletes a partition; only a not activated partition can be deleted.</summary>
    public void Delete(string uuid)
    {
        lock (gate)
        {
            var p = Get(uuid);
            if (p.State != PartitionState.NotActivated || p.OperationInProgress)
            {
                throw Hscl.State(p.Definition.Name, p.State.ToWire());
            }

            if (!p.Definition.IsVios)
            {
                RemoveClientMappings(p);
            }
            else
            {
                ForgetVios(p);
            }

            Fsp.Nvram.Delete(PartitionKeyPrefix + p.Definition.Uuid);
            partitions.Remove(p.Definition.Uuid);
            events.Publish("DELETE_URI", PartitionUri(p.Definition), string.Empty);
            Touch("Other");
        }
    }

    private Partition Get(string uuid) =>
        partitions.TryGetValue(uuid, out var p) ? p : throw Hscl.Missing("partition", uuid);

    private int NextFreeId()
    {
        var used = partitions.Values.Select(p => p.Definition.Id).ToHashSet();
        for (var id = 1; id <= Machine.Profile.MaxPartitions; id++)
        {
            if (!used.Contains(id))
            {
                return id;
            }
        }

        throw new HmcException(Hscl.InvalidId, $"The managed system already has the maximum of {Machine.Profile.MaxPartitions} partitions.");
    }

    private void CheckUnique(PartitionDefinition d, Partition? except)
    {
        foreach (var other in partitions.Values.Where(o => !ReferenceEquals(o, except)))
        {
            if (string.Equals(other.Definition.Name, d.Name, StringComparison.Ordinal))
            {
                throw new HmcException(Hscl.DuplicateName, $"A partition with the name {d.Name} already exists on managed system {Name}. Specify a unique name.", 409);
            }

            if (other.Definition.Id == d.Id)
            {
                throw new HmcException(Hscl.InvalidId, $"The partition ID {d.Id} is already in use by partition {other.Definition.Name}.", 409);
            }
        }

        foreach (var slot in d.Slots)
        {
            var holder = partitions.Values.FirstOrDefault(o => !ReferenceEquals(o, except) && o.Definition.Slots.Contains(slot, StringComparer.OrdinalIgnoreCase));
            if (holder is not null)
            {
                throw Hscl.Value($"The I/O slot {slot} is assigned to partition {holder.Definition.Name}.");
            }
        }
    }

    private void CheckPool(ProcessorSettings p)
    {
        if (p.Dedicated)
        {
            return;
        }

        if (!pools.TryGetValue(p.PoolId, out var pool) || !pool.IsConfigured)
        {
            throw Hscl.Value($"The shared processor pool with ID {p.PoolId} does not exist or is not configured on managed system {Name}.");
        }
    }

    /// <summary>Dynamic LPAR: moves the desired values of an active partition; everything else needs it off.</summary>
    private void Dlpar(Partition p, PartitionDefinition old, PartitionDefinition d)
    {
        var name = old.Name;
        void OffOnly(bool changed, string what)
        {
            if (changed)
            {
                throw Hscl.OffOnly(what, name);
            }
        }

        OffOnly(old.Processors.Dedicated != d.Processors.Dedicated, "the processing mode (dedicated or shared)");
        OffOnly(old.Memory.MinimumMb != d.Memory.MinimumMb || old.Memory.MaximumMb != d.Memory.MaximumMb, "the minimum or maximum memory");
        OffOnly(old.Processors.MinimumProcessors != d.Processors.MinimumProcessors || old.Processors.MaximumProcessors != d.Processors.MaximumProcessors
            || old.Processors.MinimumUnitsCenti != d.Processors.MinimumUnitsCenti || old.Processors.MaximumUnitsCenti != d.Processors.MaximumUnitsCenti
            || old.Processors.MinimumVirtualProcessors != d.Processors.MinimumVirtualProcessors || old.Processors.MaximumVirtualProcessors != d.Processors.MaximumVirtualProcessors,
            "the minimum or maximum processor values");
        OffOnly(old.Processors.PoolId != d.Processors.PoolId, "the shared processor pool");
        OffOnly(!string.Equals(old.CompatibilityMode, d.CompatibilityMode, StringComparison.OrdinalIgnoreCase), "the processor compatibility mode");
        OffOnly(!string.Equals(old.Type, d.Type, StringComparison.Ordinal), "the partition type");
        OffOnly(!old.Slots.SequenceEqual(d.Slots, StringComparer.OrdinalIgnoreCase), "the physical I/O slots");
        OffOnly(old.Processors.DedicatedSharingMode != d.Processors.DedicatedSharingMode, "the dedicated processor sharing mode");
        OffOnly(old.ExpansionFactor != d.ExpansionFactor, "the Active Memory Expansion factor");

        var target = d.Processors.Dedicated
            ? new Allocation(d.Processors.DesiredProcessors, 0, 0, d.Memory.DesiredMb)
            : new Allocation(0, d.Processors.DesiredUnitsCenti, d.Processors.DesiredVirtualProcessors, d.Memory.DesiredMb);
        if (target == p.Current)
        {
            return;
        }

        if (p.State != PartitionState.Running || (!p.RmcActive && !old.IsVios))
        {
            throw new HmcException(Hscl.RmcInactive,
                $"Dynamic reconfiguration of partition {name} requires an active RMC connection with the partition (state {p.State.ToWire()}).", 409);
        }

        if (!d.Processors.Dedicated && target.UnitsCenti > p.Current.UnitsCenti && target.UnitsCenti > PoolHeadroom(d.Processors.PoolId, p))
        {
            throw new HmcException(Hscl.PoolCapacity,
                $"The shared processor pool {pools[d.Processors.PoolId].Name} cannot provide {Hscl.Units(target.UnitsCenti)} processing units to partition {name}.");
        }

        try
        {
            p.Reservation!.Resize(RequestFor(d, target));
        }
        catch (InsufficientCapacityException ex)
        {
            throw Insufficient(ex);
        }

        p.Current = target;
    }

    private static HmcException Insufficient(InsufficientCapacityException ex) =>
        new(Hscl.InsufficientResources,
            $"There are not enough resources available on the managed system {ex.System} to perform this operation: {string.Join("; ", ex.Shortfalls.Select(s => s.Message))}.");
}
