using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.Model;

namespace PowerDrivers.Driver.Core.Placement;

/// <summary>
/// Picks a host for a spec that names none, as Nova's filter scheduler would: hosts that can run it
/// (capabilities), then hosts with room (free capacity), then the one with the most free memory
/// (ties by name, so the choice is deterministic).
/// </summary>
public static class PlacementPolicy
{
    /// <summary>The chosen host, or <see cref="InsufficientCapacityError"/> (NO_VALID_HOST) saying why each host was passed over.</summary>
    public static HostInfo Choose(InstanceSpec spec, IEnumerable<HostInfo> hosts)
    {
        var rejected = new List<string>();
        HostInfo? best = null;
        foreach (var host in hosts.OrderBy(h => h.Name, StringComparer.Ordinal))
        {
            var why = Rejection(spec, host);
            if (why is not null)
            {
                rejected.Add($"{host.Name}: {why}");
                continue;
            }

            if (best is null || host.Memory.FreeMb > best.Memory.FreeMb)
            {
                best = host;
            }
        }

        return best ?? throw new InsufficientCapacityError(
            ErrorReasons.NoValidHost,
            "no valid host was found" + (rejected.Count > 0 ? ": " + string.Join("; ", rejected) : ": no hosts are configured"),
            "", spec.Memory.DesiredMb, 0, "MB");
    }

    /// <summary>Why the host cannot take the spec, or null when it can.</summary>
    public static string? Rejection(InstanceSpec spec, HostInfo host)
    {
        var caps = host.Capabilities;
        if (!host.Operating)
        {
            return $"not operating ({host.StatusReason})";
        }

        if (!caps.GuestOsTypes.Contains(spec.Guest.OsType))
        {
            return $"{host.Backend} does not run {spec.Guest.OsType} guests";
        }

        var p = spec.Processors;
        if (p.Mode == ProcessorMode.Dedicated && !caps.DedicatedProcessors)
        {
            return $"{host.Backend} has no dedicated processors";
        }

        if (p.Mode == ProcessorMode.Shared && !caps.SharedProcessors)
        {
            return $"{host.Backend} has no shared processors";
        }

        if (spec.Memory.Mode == MemoryMode.Shared && !caps.SharedMemory)
        {
            return $"{host.Backend} has no shared memory (AMS)";
        }

        if (spec.Memory.ExpansionFactor != 0 && !caps.MemoryExpansion)
        {
            return $"{host.Backend} has no memory expansion (AME)";
        }

        if (host.Memory.FreeMb < spec.Memory.DesiredMb)
        {
            return $"{host.Memory.FreeMb} MB free, {spec.Memory.DesiredMb} MB wanted";
        }

        var cpu = host.Processors;
        if (p.Mode == ProcessorMode.Dedicated && cpu.FreeCores < p.VirtualProcessors.Desired)
        {
            return $"{cpu.FreeCores} cores free, {p.VirtualProcessors.Desired} wanted";
        }

        if (p.Mode == ProcessorMode.Shared && caps.MicroPartitioning && p.ProcessingUnits is { } pu && cpu.FreeProcessingUnits < pu.Desired)
        {
            return $"{cpu.FreeProcessingUnits} processing units free, {pu.Desired} wanted";
        }

        if (p.Mode == ProcessorMode.Shared && !caps.MicroPartitioning && cpu.FreeVirtualCpus < p.VirtualProcessors.Desired)
        {
            return $"{cpu.FreeVirtualCpus} vCPUs free, {p.VirtualProcessors.Desired} wanted";
        }

        return null;
    }
}
