using PowerDrivers.Driver.Core.Model;
using PowerDrivers.Hardware.Power8;

namespace PowerDrivers.Backend.PowerKVM.Policy;

/// <summary>
/// What a running guest draws from its host's managed system under OPAL: its online vCPUs from the overcommitted
/// vCPU pool (shared), or whole cores holding its vCPUs (dedicated: ⌈vCPUs ÷ SMT⌉ cores), and its balloon size in
/// memory rounded up to the LMB.
/// </summary>
internal static class CapacityPlan
{
    /// <summary>The request for a guest in <paramref name="mode"/> with <paramref name="vcpus"/> online and <paramref name="memoryMb"/> ballooned.</summary>
    public static CapacityRequest For(ProcessorMode mode, int vcpus, long memoryMb, HardwareProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var lmb = profile.LmbSizeMb;
        var memory = (memoryMb + lmb - 1) / lmb * lmb;
        return new CapacityRequest
        {
            VirtualCpus = vcpus,
            DedicatedCores = mode == ProcessorMode.Dedicated ? DedicatedCoresFor(vcpus, profile) : 0,
            MemoryMb = memory,
        };
    }

    /// <summary>The request for a spec's desired size.</summary>
    public static CapacityRequest For(InstanceSpec spec, HardwareProfile profile)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return For(spec.Processors.Mode, spec.Processors.VirtualProcessors.Desired, spec.Memory.DesiredMb, profile);
    }

    /// <summary>Whole cores that hold <paramref name="vcpus"/> threads.</summary>
    public static int DedicatedCoresFor(int vcpus, HardwareProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return (vcpus + profile.SmtThreads - 1) / profile.SmtThreads;
    }
}
