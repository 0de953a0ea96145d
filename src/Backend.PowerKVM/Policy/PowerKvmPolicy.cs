using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.Model;
using PowerDrivers.Hardware.Power8;

namespace PowerDrivers.Backend.PowerKVM.Policy;

/// <summary>
/// The PowerKVM rules libvirt's test driver does not enforce and a PowerKVM host does: Linux guests only, no AMS/AME,
/// domain names libvirt accepts, vCPU and memory maxima, one byte order per host, and free capacity.
/// </summary>
internal static class PowerKvmPolicy
{
    private const string Kind = PowerKvmBackend.BackendKind;

    /// <summary>
    /// Throws the typed refusal for the first rule <paramref name="spec"/> breaks on a host with <paramref name="caps"/>, whose
    /// guest cores may have at most <paramref name="threadsPerGuestCore"/> threads (8, or fewer under split-core).
    /// </summary>
    public static void EnsureSpec(InstanceSpec spec, Capabilities caps, int threadsPerGuestCore)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(caps);
        if (!caps.GuestOsTypes.Contains(spec.Guest.OsType))
        {
            throw new UnsupportedError("guest_os_types", Kind,
                $"{OsName(spec.Guest.OsType)} guests cannot run on PowerKVM: {caps.Unsupported["guest_os_types"]}");
        }

        if (spec.Memory.Mode == MemoryMode.Shared)
        {
            throw new UnsupportedError("shared_memory", Kind, caps.Unsupported["shared_memory"]);
        }

        if (spec.Memory.ExpansionFactor != 0m)
        {
            throw new UnsupportedError("memory_expansion", Kind, caps.Unsupported["memory_expansion"]);
        }

        var violations = new List<FieldViolation>();
        if (spec.Name.Contains('/', StringComparison.Ordinal))
        {
            violations.Add(new FieldViolation("spec.name", $"libvirt domain names cannot contain '/' (got '{spec.Name}')"));
        }

        if (spec.Processors.VirtualProcessors.Max > caps.MaxVirtualProcessors)
        {
            violations.Add(new FieldViolation("spec.processors.virtual_processors.max",
                $"must be at most {caps.MaxVirtualProcessors} vCPUs on this host (its hardware threads) (got {spec.Processors.VirtualProcessors.Max})"));
        }

        if (spec.Processors.Topology is { } topology && topology.Threads > threadsPerGuestCore)
        {
            violations.Add(new FieldViolation("spec.processors.topology.threads",
                $"must be at most {threadsPerGuestCore} on this host: with {caps.GuestsPerCore} sub-core(s) per core (split-core micro-threading) a guest core has {threadsPerGuestCore} threads (got {topology.Threads})"));
        }

        if (spec.Memory.MaxMb > caps.MaxMemoryMb)
        {
            violations.Add(new FieldViolation("spec.memory.max_mb",
                $"must be at most {caps.MaxMemoryMb} MB on this host (activated memory less the host reserve) (got {spec.Memory.MaxMb})"));
        }

        if (violations.Count > 0)
        {
            throw new InvalidSpecError(violations);
        }
    }

    /// <summary>
    /// The endianness rule: refuses <paramref name="endianness"/> when another guest on the host runs the other byte order.
    /// </summary>
    public static void EnsureEndianness(string host, Endianness endianness, IEnumerable<(Guid Id, Endianness Endianness)> others, Capabilities caps)
    {
        ArgumentNullException.ThrowIfNull(others);
        ArgumentNullException.ThrowIfNull(caps);
        var clashing = others.Where(o => o.Endianness != endianness).ToList();
        if (clashing.Count > 0)
        {
            throw new UnsupportedError(PowerKvmCapabilities.MixedEndianness, Kind,
                $"host {host} runs {Words(clashing[0].Endianness)} guests ({clashing.Count} defined), so a {Words(endianness)} guest is refused: "
                + caps.Unsupported[PowerKvmCapabilities.MixedEndianness]);
        }
    }

    /// <summary>Refuses, with the numbers, a request that would not fit the host's free capacity once <paramref name="held"/> is given back.</summary>
    public static void EnsureFits(ManagedSystem system, string host, CapacityRequest wanted, CapacityRequest? held)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(wanted);
        var s = system.Snapshot();
        var heldCores = held?.DedicatedCores ?? 0;
        var heldPooled = held is { DedicatedCores: 0 } ? held.VirtualCpus : 0;
        var heldMemory = held?.MemoryMb ?? 0;
        var freeMemory = s.FreeMemoryMb + heldMemory;
        if (wanted.MemoryMb > freeMemory)
        {
            throw new InsufficientCapacityError(ErrorReasons.InsufficientMemory,
                $"host {host} has {freeMemory} MB of guest memory free, {wanted.MemoryMb} MB wanted", host, wanted.MemoryMb, freeMemory, "MB");
        }

        if (wanted.DedicatedCores > 0)
        {
            var freeCores = s.FreeCores + heldCores;
            if (wanted.DedicatedCores > freeCores)
            {
                throw new InsufficientCapacityError(ErrorReasons.InsufficientProcessors,
                    $"host {host} has {freeCores} cores free to dedicate, {wanted.DedicatedCores} wanted", host, wanted.DedicatedCores, freeCores, "cores");
            }
        }
        else
        {
            var freeVcpus = s.FreeVirtualCpus + heldPooled;
            if (wanted.VirtualCpus > freeVcpus)
            {
                throw new InsufficientCapacityError(ErrorReasons.InsufficientProcessors,
                    $"host {host} has {freeVcpus} vCPUs free (hardware threads × CPU overcommit {system.Options.CpuOvercommitRatio}), {wanted.VirtualCpus} wanted",
                    host, wanted.VirtualCpus, freeVcpus, "vCPUs");
            }
        }
    }

    /// <summary>The typed error for a reservation the managed system refused.</summary>
    public static InsufficientCapacityError ToError(CapacityShortfall shortfall, string host)
    {
        ArgumentNullException.ThrowIfNull(shortfall);
        var reason = shortfall.Resource switch
        {
            CapacityResource.Memory => ErrorReasons.InsufficientMemory,
            CapacityResource.DedicatedCores or CapacityResource.VirtualCpus => ErrorReasons.InsufficientProcessors,
            _ => ErrorReasons.InsufficientCapacity,
        };
        return new InsufficientCapacityError(reason, $"host {host}: {shortfall.Message}", host, shortfall.Requested, shortfall.Available, shortfall.Unit);
    }

    private static string Words(Endianness e) => e == Endianness.Little ? "little-endian (ppc64le)" : "big-endian (ppc64)";

    private static string OsName(OsType os) => os switch
    {
        OsType.Aix => "AIX",
        OsType.IbmI => "IBM i",
        _ => os.ToString(),
    };
}
