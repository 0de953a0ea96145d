using PowerDrivers.Driver.Grpc.Hosting;
using PowerDrivers.Hardware.Power8;

namespace PowerDrivers.Driver.Grpc.Backends;

/// <summary>A configured host: its settings, hardware profile, the managed system built from it, and its FSP.</summary>
/// <param name="Options">Configuration.</param>
/// <param name="Profile">Hardware profile.</param>
/// <param name="System">Capacity bookkeeping under the host's firmware.</param>
/// <param name="Fsp">Service processor with NVRAM.</param>
public sealed record HostSystem(Hosting.HostOptions Options, HardwareProfile Profile, ManagedSystem System, Fsp Fsp)
{
    /// <summary>Host name.</summary>
    public string Name => Options.Name;

    /// <summary>Backend kind.</summary>
    public string Backend => Options.Backend;
}
