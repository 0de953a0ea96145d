namespace PowerDrivers.Hardware.Power8;

/// <summary>Bookkeeping: validation of requests, the fit check, and the pool totals (all mutated under <c>gate</c>).</summary>
public sealed partial class ManagedSystem
{
    private int dedicatedCores;
    private int sharedCenti;
    private int pooledVcpus;
    private long assignedMemoryMb;
    private long hptMb;

    /// <summary>A consistent picture of capacity right now.</summary>
    public CapacitySnapshot Snapshot()
    {
        var phyp = Firmware == Firmware.Phyp;
        var activated = Profile.ActivatedCores;
        lock (gate)
        {
            var freeCenti = phyp ? (activated * 100) - (dedicatedCores * 100) - sharedCenti : 0;
            var totalVcpus = phyp ? 0 : VcpuCapacity(activated - dedicatedCores);
            return new CapacitySnapshot
            {
                Firmware = Firmware,
                InstalledCores = Profile.InstalledCores,
                ActivatedCores = activated,
                DedicatedCores = dedicatedCores,
                FreeCores = phyp ? freeCenti / 100 : MaxDedicatedFor(activated - dedicatedCores, pooledVcpus),
                TotalProcessingUnitsCenti = phyp ? activated * 100 : 0,
                FreeProcessingUnitsCenti = freeCenti,
                TotalProcessingUnits = phyp ? activated : 0,
                FreeProcessingUnits = freeCenti / 100m,
                SmtThreads = Profile.SmtThreads,
                TotalVirtualCpus = totalVcpus,
                FreeVirtualCpus = Math.Max(0, totalVcpus - pooledVcpus),
                InstalledMemoryMb = Profile.InstalledMemoryMb,
                ActivatedMemoryMb = Profile.ActivatedMemoryMb,
                HypervisorReservedMemoryMb = HypervisorBaseReserveMb + hptMb,
                AssignedMemoryMb = assignedMemoryMb,
                FreeMemoryMb = memoryPoolMb - assignedMemoryMb - hptMb,
                LmbSizeMb = Profile.LmbSizeMb,
                TotalSlots = Profile.PcieSlots.Count,
                UsedSlots = slotOwners.Count,
                ReservationCount = reservations.Count,
                PartitionCount = partitionCount,
                MaxPartitions = Profile.MaxPartitions,
            };
        }
    }

    internal void Release(Reservation reservation)
    {
        lock (gate)
        {
            if (reservation.IsReleased)
            {
                return;
            }

            Apply(reservation.Owner, reservation.Charge, Charge.None);
            reservations.Remove(reservation.Owner);
            if (reservation.Kind == ReservationKind.Partition)
            {
                partitionCount--;
            }

            reservation.MarkReleased();
        }
    }

    internal IReadOnlyList<CapacityShortfall> Resize(Reservation reservation, CapacityRequest request)
    {
        var charge = ChargeFor(request);
        lock (gate)
        {
            if (reservation.IsReleased)
            {
                throw new InvalidOperationException($"the reservation of {reservation.Owner} on {Name} was released");
            }

            var shortfalls = Check(reservation.Owner, reservation.Charge, charge, newPartition: false);
            if (shortfalls.Count == 0)
            {
                Apply(reservation.Owner, reservation.Charge, charge);
                reservation.Update(request, charge);
            }

            return shortfalls;
        }
    }

    private Reservation? ReserveCore(CapacityRequest request, string owner, ReservationKind kind, out IReadOnlyList<CapacityShortfall> shortfalls)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        var charge = ChargeFor(request);
        lock (gate)
        {
            if (reservations.ContainsKey(owner))
            {
                throw new InvalidOperationException($"{owner} already holds a reservation on {Name}; resize it instead");
            }

            shortfalls = Check(owner, Charge.None, charge, newPartition: kind == ReservationKind.Partition);
            if (shortfalls.Count > 0)
            {
                return null;
            }

            Apply(owner, Charge.None, charge);
            var reservation = new Reservation(this, owner, kind, request, charge);
            reservations.Add(owner, reservation);
            if (kind == ReservationKind.Partition)
            {
                partitionCount++;
            }

            return reservation;
        }
    }

    /// <summary>Validates a request for this system and firmware and works out what it draws; never rounds.</summary>
    private Charge ChargeFor(CapacityRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        static void Require(bool ok, string field, string message)
        {
            if (!ok)
            {
                throw new InvalidCapacityRequestException(field, message);
            }
        }

        var phyp = Firmware == Firmware.Phyp;
        var lmb = Profile.LmbSizeMb;
        Require(request.DedicatedCores >= 0, nameof(request.DedicatedCores), $"must not be negative (got {request.DedicatedCores})");
        Require(request.ProcessingUnitsCenti >= 0, nameof(request.ProcessingUnitsCenti), $"must not be negative (got {request.ProcessingUnitsCenti})");
        Require(request.VirtualCpus >= 0, nameof(request.VirtualCpus), $"must not be negative (got {request.VirtualCpus})");
        Require(phyp || request.ProcessingUnitsCenti == 0, nameof(request.ProcessingUnitsCenti),
            $"processing units exist only under PHYP (PowerVM); {Name} runs OPAL (PowerKVM): request VirtualCpus instead");
        Require(request.DedicatedCores == 0 || request.ProcessingUnitsCenti == 0, nameof(request.ProcessingUnitsCenti),
            "a partition uses dedicated cores or shared processing units, not both");
        Require(request.VirtualCpus <= Profile.MaxVirtualProcessorsPerPartition, nameof(request.VirtualCpus),
            $"must not exceed {Profile.MaxVirtualProcessorsPerPartition} per partition on {Profile} (got {request.VirtualCpus})");
        Require(phyp || request.DedicatedCores == 0 || request.VirtualCpus <= request.DedicatedCores * Profile.SmtThreads, nameof(request.VirtualCpus),
            $"vCPUs on {request.DedicatedCores} dedicated core(s) must not exceed {request.DedicatedCores * Profile.SmtThreads} threads (got {request.VirtualCpus})");
        Require(request.MemoryMb >= 0 && request.MemoryMb % lmb == 0, nameof(request.MemoryMb),
            $"must be a non-negative multiple of the {lmb} MB logical memory block (got {request.MemoryMb})");
        Require(request.MaxMemoryMb >= 0 && request.MaxMemoryMb % lmb == 0, nameof(request.MaxMemoryMb),
            $"must be a non-negative multiple of the {lmb} MB logical memory block (got {request.MaxMemoryMb})");
        var max = request.MaxMemoryMb == 0 ? request.MemoryMb : request.MaxMemoryMb;
        Require(max >= request.MemoryMb, nameof(request.MaxMemoryMb), $"must not be below MemoryMb {request.MemoryMb} (got {max})");
        Require(max <= Profile.MaxMemoryMb, nameof(request.MaxMemoryMb), $"must not exceed the {Profile.MaxMemoryMb} MB {Profile.Model} can hold (got {max})");

        var slots = new List<string>();
        foreach (var slot in request.Slots ?? [])
        {
            Require(slot is not null && canonicalSlots.ContainsKey(slot), nameof(request.Slots), $"{Name} has no PCIe slot '{slot}'");
            var canonical = canonicalSlots[slot!];
            Require(!slots.Contains(canonical), nameof(request.Slots), $"slot '{canonical}' is listed twice");
            slots.Add(canonical);
        }

        // Under PHYP virtual processors are not a host resource; under OPAL vCPUs on dedicated cores stay on them.
        var pooled = phyp || request.DedicatedCores > 0 ? 0 : request.VirtualCpus;
        var hpt = request.MemoryMb > 0 ? HardwarePageTableMb(max) : 0;
        return new Charge(request.DedicatedCores, request.ProcessingUnitsCenti, pooled, request.MemoryMb, hpt, slots);
    }

    private List<CapacityShortfall> Check(string owner, Charge old, Charge add, bool newPartition)
    {
        var result = new List<CapacityShortfall>();
        if (newPartition && partitionCount >= Profile.MaxPartitions)
        {
            result.Add(new(CapacityResource.Partitions, partitionCount + 1, Profile.MaxPartitions, "partitions", $"{Profile} holds at most {Profile.MaxPartitions}"));
        }

        var activated = Profile.ActivatedCores;
        var otherDedicated = dedicatedCores - old.DedicatedCores;
        if (Firmware == Firmware.Phyp)
        {
            var freeCenti = (activated * 100) - (otherDedicated * 100) - (sharedCenti - old.Centi);
            if (add.DedicatedCores * 100 > freeCenti)
            {
                result.Add(new(CapacityResource.DedicatedCores, add.DedicatedCores, freeCenti / 100, "cores",
                    $"{activated} activated, {otherDedicated} dedicated elsewhere, {(sharedCenti - old.Centi) / 100m} processing units entitled"));
            }
            else if (add.Centi > freeCenti)
            {
                result.Add(new(CapacityResource.ProcessingUnits, add.Centi / 100m, freeCenti / 100m, "processing units",
                    $"{activated} activated cores, {otherDedicated} dedicated"));
            }
        }
        else
        {
            var otherVcpus = pooledVcpus - old.PooledVcpus;
            var maxDedicated = MaxDedicatedFor(activated - otherDedicated, otherVcpus);
            if (add.DedicatedCores > maxDedicated)
            {
                result.Add(new(CapacityResource.DedicatedCores, add.DedicatedCores, maxDedicated, "cores",
                    $"{activated} activated, {otherDedicated} dedicated elsewhere, {otherVcpus} vCPUs placed on the shared cores"));
            }
            else
            {
                var freeVcpus = VcpuCapacity(activated - otherDedicated - add.DedicatedCores) - otherVcpus;
                if (add.PooledVcpus > freeVcpus)
                {
                    result.Add(new(CapacityResource.VirtualCpus, add.PooledVcpus, Math.Max(0, freeVcpus), "vCPUs",
                        $"{Profile.SmtThreads} threads per core × CPU overcommit {Options.CpuOvercommitRatio}"));
                }
            }
        }

        var freeMemory = memoryPoolMb - (assignedMemoryMb - old.MemoryMb) - (hptMb - old.HptMb);
        if (add.MemoryMb + add.HptMb > freeMemory)
        {
            var detail = add.HptMb > 0 ? $"{add.MemoryMb} MB + {add.HptMb} MB hardware page table" : string.Empty;
            result.Add(new(CapacityResource.Memory, add.MemoryMb + add.HptMb, freeMemory, "MB", detail));
        }

        foreach (var slot in add.Slots)
        {
            if (slotOwners.TryGetValue(slot, out var holder) && !string.Equals(holder, owner, StringComparison.Ordinal))
            {
                result.Add(new(CapacityResource.Slot, 1, 0, "slots", $"{slot} is assigned to {holder}"));
            }
        }

        return result;
    }

    private void Apply(string owner, Charge old, Charge add)
    {
        dedicatedCores += add.DedicatedCores - old.DedicatedCores;
        sharedCenti += add.Centi - old.Centi;
        pooledVcpus += add.PooledVcpus - old.PooledVcpus;
        assignedMemoryMb += add.MemoryMb - old.MemoryMb;
        hptMb += add.HptMb - old.HptMb;
        foreach (var slot in old.Slots)
        {
            slotOwners.Remove(slot);
        }

        foreach (var slot in add.Slots)
        {
            slotOwners[slot] = owner;
        }
    }

    /// <summary>OPAL: vCPUs that <paramref name="cores"/> shared cores offer (threads × overcommit, rounded down).</summary>
    private int VcpuCapacity(int cores) =>
        cores <= 0 ? 0 : (int)Math.Floor((cores * Profile.SmtThreads * Options.CpuOvercommitRatio) + 1e-9);

    /// <summary>OPAL: most cores of <paramref name="sharedCores"/> that can become dedicated while <paramref name="vcpus"/> still fit.</summary>
    private int MaxDedicatedFor(int sharedCores, int vcpus)
    {
        var d = sharedCores;
        while (d > 0 && VcpuCapacity(sharedCores - d) < vcpus)
        {
            d--;
        }

        return d;
    }
}
