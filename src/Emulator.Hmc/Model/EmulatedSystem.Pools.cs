using System.Globalization;
using PowerDrivers.Hardware.Power8;

namespace PowerDrivers.Emulator.Hmc.Model;

/// <summary>Shared processor pools: configuration, reserved units (held on the managed system) and the pool maximum.</summary>
public sealed partial class EmulatedSystem
{
    /// <summary>Every pool with its use, ordered by ID.</summary>
    public IReadOnlyList<SharedPoolView> Pools()
    {
        lock (gate)
        {
            return [.. pools.Values.Select(PoolView)];
        }
    }

    /// <summary>The UUID of pool <paramref name="id"/>, or null when there is no such pool.</summary>
    public string? PoolUuid(int id)
    {
        lock (gate)
        {
            return pools.TryGetValue(id, out var pool) ? pool.Uuid : null;
        }
    }

    /// <summary>
    /// Changes a pool (name, maximum, reserved units). Pool 0 cannot be changed; the maximum must cover the reserved
    /// units plus what active partitions in the pool are entitled to; reserved units must fit in free capacity.
    /// </summary>
    public SharedPoolView UpdatePool(int id, string? name, int maximumCenti, int reservedCenti)
    {
        lock (gate)
        {
            if (!pools.TryGetValue(id, out var pool))
            {
                throw Hscl.Missing("shared processor pool", id.ToString(CultureInfo.InvariantCulture));
            }

            if (id == 0)
            {
                throw Hscl.Value("The default shared processor pool cannot be changed.");
            }

            if (reservedCenti < 0 || maximumCenti < 0 || reservedCenti > maximumCenti)
            {
                throw Hscl.Value($"The shared processor pool values are not valid: 0 <= reserved ({Hscl.Units(reservedCenti)}) <= maximum ({Hscl.Units(maximumCenti)}) is required.");
            }

            name ??= pool.Name;
            PartitionRules.CheckName(name);
            if (pools.Values.Any(p => p.Id != id && string.Equals(p.Name, name, StringComparison.Ordinal)))
            {
                throw new HmcException(Hscl.DuplicateName, $"A shared processor pool named {name} already exists on the managed system.");
            }

            var used = UsedCenti(id);
            if (used + reservedCenti > maximumCenti)
            {
                throw new HmcException(Hscl.PoolCapacity,
                    $"The maximum processing units of pool {name} ({Hscl.Units(maximumCenti)}) cannot be less than the reserved units ({Hscl.Units(reservedCenti)}) plus the {Hscl.Units(used)} units entitled to its active partitions.");
            }

            var owner = PoolOwner(id);
            try
            {
                if (Machine.TryGetReservation(owner, out var held))
                {
                    if (reservedCenti == 0)
                    {
                        held.Release();
                    }
                    else
                    {
                        held.Resize(new CapacityRequest { ProcessingUnitsCenti = reservedCenti });
                    }
                }
                else if (reservedCenti > 0)
                {
                    Machine.Reserve(new CapacityRequest { ProcessingUnitsCenti = reservedCenti }, owner, ReservationKind.System);
                }
            }
            catch (InsufficientCapacityException ex)
            {
                throw Insufficient(ex);
            }

            var updated = pool with { Name = name, MaximumCenti = maximumCenti, ReservedCenti = reservedCenti, Version = pool.Version + 1 };
            pools[id] = updated;
            Save(updated);
            events.Publish("MODIFY_URI", $"{RelativeUri}/SharedProcessorPool/{updated.Uuid}", "Other");
            Touch("Other");
            return PoolView(updated);
        }
    }

    private static string PoolOwner(int id) => $"pool:{id}";

    private SharedPoolView PoolView(SharedPool pool)
    {
        var used = UsedCenti(pool.Id);
        var members = partitions.Values.Where(p => !p.Definition.Processors.Dedicated && p.Definition.Processors.PoolId == pool.Id)
            .OrderBy(p => p.Definition.Id).Select(p => p.View(this)).ToList();
        var available = pool.Id == 0
            ? Machine.Snapshot().FreeProcessingUnitsCenti
            : Math.Max(0, pool.MaximumCenti - pool.ReservedCenti - used);
        return new SharedPoolView(pool, used, available, members);
    }

    private int UsedCenti(int poolId) =>
        partitions.Values.Where(p => p.State.IsActive() && !p.Definition.Processors.Dedicated && p.Definition.Processors.PoolId == poolId).Sum(p => p.Current.UnitsCenti);

    /// <summary>Units a partition in <paramref name="poolId"/> may still be entitled to (excluding <paramref name="except"/>).</summary>
    private int PoolHeadroom(int poolId, Partition? except)
    {
        if (poolId == 0)
        {
            return int.MaxValue;
        }

        var pool = pools[poolId];
        var used = UsedCenti(poolId) - (except is { } e && e.State.IsActive() ? e.Current.UnitsCenti : 0);
        return pool.MaximumCenti - pool.ReservedCenti - used;
    }

    private void CreatePools(SystemSetup setup)
    {
        if (setup.SharedPoolCount < 1)
        {
            throw new ArgumentException("a managed system has at least the default shared processor pool", nameof(setup));
        }

        for (var id = 0; id < setup.SharedPoolCount; id++)
        {
            var configured = setup.Pools.FirstOrDefault(p => p.Id == id);
            var pool = new SharedPool
            {
                Id = id,
                Uuid = NameUuid($"SharedProcessorPool:{Machine.MachineTypeModelSerial}:{id}"),
                Name = configured?.Name ?? (id == 0 ? "DefaultPool" : $"SharedPool{id:D2}"),
                MaximumCenti = id == 0 ? Machine.Profile.ActivatedCores * 100 : CapacityRequest.ToCenti(configured?.MaximumUnits ?? 0),
                ReservedCenti = id == 0 ? 0 : CapacityRequest.ToCenti(configured?.ReservedUnits ?? 0),
            };
            pools[id] = pool;
            HoldPoolReserve(pool);
            Save(pool);
        }

        foreach (var extra in setup.Pools.Where(p => p.Id <= 0 || p.Id >= setup.SharedPoolCount))
        {
            throw new ArgumentException($"shared processor pool {extra.Id} is outside 1..{setup.SharedPoolCount - 1}", nameof(setup));
        }
    }

    private void HoldPoolReserve(SharedPool pool)
    {
        if (pool.ReservedCenti > 0)
        {
            Machine.Reserve(new CapacityRequest { ProcessingUnitsCenti = pool.ReservedCenti }, PoolOwner(pool.Id), ReservationKind.System);
        }
    }
}
