using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.Model;

namespace PowerDrivers.Driver.Core.Conformance.Fakes;

/// <summary>What one instance holds on its host while it exists (the fake reserves from create to delete).</summary>
internal sealed record FakeReservation(long MemoryMb, decimal ProcessingUnits, int DedicatedCores, int VirtualCpus)
{
    public static FakeReservation Nothing { get; } = new(0, 0m, 0, 0);
}

/// <summary>The capacity of one fake host: cores (1.00 processing unit each), vCPUs and memory in LMBs.</summary>
internal sealed class FakeHostModel(string name, FakeBackendOptions options)
{
    public string Name { get; } = name;
    public string? UnavailableReason { get; set; }
    public long UsedMemoryMb { get; private set; }
    public decimal UsedProcessingUnits { get; private set; }
    public int UsedDedicatedCores { get; private set; }
    public int UsedVirtualCpus { get; private set; }

    public long FreeMemoryMb => options.MemoryMb - options.HypervisorReservedMb - UsedMemoryMb;
    public decimal FreeProcessingUnits => options.Cores - UsedDedicatedCores - UsedProcessingUnits;
    public int FreeCores => (int)decimal.Floor(FreeProcessingUnits);
    public int FreeVirtualCpus => (options.Cores * options.VirtualCpusPerCore) - UsedVirtualCpus;

    /// <summary>What a spec holds: desired memory rounded up to the LMB, desired units, cores or vCPUs.</summary>
    public FakeReservation ReservationFor(InstanceSpec spec)
    {
        var lmb = options.LmbSizeMb;
        var memory = (spec.Memory.DesiredMb + lmb - 1) / lmb * lmb;
        var p = spec.Processors;
        return p.Mode == ProcessorMode.Dedicated
            ? new FakeReservation(memory, 0m, p.VirtualProcessors.Desired, 0)
            : options.MicroPartitioning
                ? new FakeReservation(memory, p.ProcessingUnits?.Desired ?? 0m, 0, 0)
                : new FakeReservation(memory, 0m, 0, p.VirtualProcessors.Desired);
    }

    /// <summary>Throws <see cref="InsufficientCapacityError"/> when <paramref name="wanted"/> does not fit once <paramref name="released"/> is given back.</summary>
    public void EnsureFits(FakeReservation wanted, FakeReservation released)
    {
        var freeMemory = FreeMemoryMb + released.MemoryMb;
        if (wanted.MemoryMb > freeMemory)
        {
            throw new InsufficientCapacityError(ErrorReasons.InsufficientMemory,
                $"host {Name} has {freeMemory} MB free, {wanted.MemoryMb} MB wanted", Name, wanted.MemoryMb, freeMemory, "MB");
        }

        var freeUnits = FreeProcessingUnits + released.ProcessingUnits + released.DedicatedCores;
        if (wanted.ProcessingUnits > freeUnits)
        {
            throw new InsufficientCapacityError(ErrorReasons.InsufficientProcessingUnits,
                $"host {Name} has {freeUnits} processing units free, {wanted.ProcessingUnits} wanted", Name, wanted.ProcessingUnits, freeUnits, "processing units");
        }

        var freeCores = (int)decimal.Floor(freeUnits);
        if (wanted.DedicatedCores > freeCores)
        {
            throw new InsufficientCapacityError(ErrorReasons.InsufficientProcessors,
                $"host {Name} has {freeCores} cores free, {wanted.DedicatedCores} wanted", Name, wanted.DedicatedCores, freeCores, "cores");
        }

        var freeVcpus = FreeVirtualCpus + released.VirtualCpus;
        if (wanted.VirtualCpus > freeVcpus)
        {
            throw new InsufficientCapacityError(ErrorReasons.InsufficientProcessors,
                $"host {Name} has {freeVcpus} vCPUs free, {wanted.VirtualCpus} wanted", Name, wanted.VirtualCpus, freeVcpus, "vCPUs");
        }
    }

    public void ReserveMemory(long mb) => UsedMemoryMb += mb;

    public void ReserveProcessors(FakeReservation r)
    {
        UsedProcessingUnits += r.ProcessingUnits;
        UsedDedicatedCores += r.DedicatedCores;
        UsedVirtualCpus += r.VirtualCpus;
    }

    public void Release(FakeReservation r)
    {
        UsedMemoryMb -= r.MemoryMb;
        UsedProcessingUnits -= r.ProcessingUnits;
        UsedDedicatedCores -= r.DedicatedCores;
        UsedVirtualCpus -= r.VirtualCpus;
    }
}
