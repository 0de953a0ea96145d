using System.Text.Json;
using PowerDrivers.Hardware.Power8;

namespace PowerDrivers.Emulator.Hmc.Model;

/// <summary>Active Memory Sharing: the shared memory pool, its paging VIOS partitions, and what shared-memory partitions may do.</summary>
public sealed partial class EmulatedSystem
{
    private const string MemoryPoolKey = "mempool";
    private const string MemoryPoolOwner = "mempool";
    private SharedMemoryPool? memoryPool;

    /// <summary>The system has the Active Memory Sharing capability (PowerVM Enterprise Edition).</summary>
    public bool ActiveMemorySharingCapable { get; }

    /// <summary>The shared memory pool, or null when none is configured.</summary>
    public SharedMemoryPool? MemoryPool
    {
        get
        {
            lock (gate)
            {
                return memoryPool;
            }
        }
    }

    /// <summary>Logical memory of the shared-memory partitions now active, MB (may exceed the pool: overcommit).</summary>
    public long SharedMemoryLogicalMb
    {
        get
        {
            lock (gate)
            {
                return partitions.Values.Where(p => p.Definition.SharedMemory && p.State.IsActive()).Sum(p => p.Current.MemoryMb);
            }
        }
    }

    /// <summary>
    /// Creates (or, when one exists, resizes and re-points) the shared memory pool: sizes in LMB multiples with
    /// size ≤ maximum, paging VIOS partitions that are VIOS partitions of this system (primary ≠ secondary), physical
    /// memory taken from the system (refused when it does not fit). Durable in the FSP NVRAM.
    /// </summary>
    public SharedMemoryPool SetMemoryPool(long poolSizeMb, long maximumPoolSizeMb, int primaryPagingViosId, int? secondaryPagingViosId)
    {
        lock (gate)
        {
            if (!ActiveMemorySharingCapable)
            {
                throw new HmcException(Hscl.MemoryFeature, $"The managed system {Name} is not capable of Active Memory Sharing.");
            }

            var lmb = Machine.Profile.LmbSizeMb;
            if (poolSizeMb <= 0 || poolSizeMb % lmb != 0 || maximumPoolSizeMb % lmb != 0)
            {
                throw new HmcException(Hscl.MemoryNotLmbMultiple, $"The shared memory pool size {poolSizeMb} MB and maximum {maximumPoolSizeMb} MB must be positive multiples of the {lmb} MB logical memory block size.");
            }

            if (poolSizeMb > maximumPoolSizeMb)
            {
                throw Hscl.Value($"The shared memory pool size {poolSizeMb} MB exceeds its maximum {maximumPoolSizeMb} MB.");
            }

            CheckPagingVios(primaryPagingViosId, "primary");
            if (secondaryPagingViosId is { } secondary)
            {
                CheckPagingVios(secondary, "secondary");
                if (secondary == primaryPagingViosId)
                {
                    throw Hscl.Value("The secondary paging VIOS partition must differ from the primary one.");
                }
            }

            var request = new CapacityRequest { MemoryMb = poolSizeMb };
            try
            {
                if (Machine.TryGetReservation(MemoryPoolOwner, out var held))
                {
                    held.Resize(request);
                }
                else
                {
                    Machine.Reserve(request, MemoryPoolOwner, ReservationKind.System);
                }
            }
            catch (InsufficientCapacityException ex)
            {
                throw new HmcException(Hscl.InsufficientResources, $"There is not enough memory available on managed system {Name} for a shared memory pool of {poolSizeMb} MB: {ex.Message}", 409);
            }

            memoryPool = new SharedMemoryPool(poolSizeMb, maximumPoolSizeMb, primaryPagingViosId, secondaryPagingViosId) { Version = (memoryPool?.Version ?? 0) + 1 };
            SaveMemoryPool();
            Touch("Other");
            return memoryPool;
        }
    }

    /// <summary>Removes the shared memory pool; refused while any partition is defined to use shared memory.</summary>
    public void DeleteMemoryPool()
    {
        lock (gate)
        {
            if (memoryPool is null)
            {
                throw new HmcException(Hscl.NotFound, $"The managed system {Name} has no shared memory pool.", 404);
            }

            if (partitions.Values.FirstOrDefault(p => p.Definition.SharedMemory) is { } user)
            {
                throw new HmcException(Hscl.MemoryFeature, $"The shared memory pool cannot be removed while partition {user.Definition.Name} uses shared memory.", 409);
            }

            if (Machine.TryGetReservation(MemoryPoolOwner, out var held))
            {
                held.Release();
            }

            memoryPool = null;
            Fsp.Nvram.Delete(MemoryPoolKey);
            Touch("Other");
        }
    }

    /// <summary>Refuses activating a shared-memory partition when no paging VIOS of the pool is running.</summary>
    private void CheckPagingServiceRunning(PartitionDefinition d)
    {
        var pool = memoryPool ?? throw new HmcException(Hscl.MemoryFeature, $"Active Memory Sharing requires a shared memory pool with paging VIOS partitions; none is configured on managed system {Name}.");
        var running = partitions.Values.Any(p => p.Definition.IsVios && p.State == PartitionState.Running
            && (p.Definition.Id == pool.PrimaryPagingViosId || p.Definition.Id == pool.SecondaryPagingViosId));
        if (!running)
        {
            throw new HmcException(Hscl.InsufficientResources, $"The partition {d.Name} uses shared memory, but no paging VIOS partition of the shared memory pool is running.", 409);
        }
    }

    private void CheckPagingVios(int id, string role)
    {
        if (!partitions.Values.Any(p => p.Definition.IsVios && p.Definition.Id == id))
        {
            throw Hscl.Value($"The {role} paging VIOS partition ID {id} is not a Virtual I/O Server partition of managed system {Name}.");
        }
    }

    private void SaveMemoryPool() =>
        Fsp.Nvram.Write(MemoryPoolKey, JsonSerializer.SerializeToUtf8Bytes(memoryPool, Json));

    private void LoadMemoryPool(SystemSetup setup, bool firstStart)
    {
        if (!firstStart && Fsp.Nvram.TryRead(MemoryPoolKey, out var bytes))
        {
            memoryPool = JsonSerializer.Deserialize<SharedMemoryPool>(bytes, Json);
            if (memoryPool is not null && !Machine.TryReserve(new CapacityRequest { MemoryMb = memoryPool.PoolSizeMb }, MemoryPoolOwner, ReservationKind.System, out _, out _))
            {
                // The profile shrank under it: PHYP could not keep the pool's memory.
                memoryPool = null;
            }
        }
        else if (firstStart && setup.SharedMemoryPool is { } pool)
        {
            SetMemoryPool(pool.PoolSizeMb, pool.MaximumPoolSizeMb, pool.PrimaryPagingViosId, pool.SecondaryPagingViosId);
        }
    }
}
