namespace PowerDrivers.Emulator.Hmc.Model;

/// <summary>
/// How long a SEA failover takes: the hypervisor tells the backup trunk at once that the primary's trunk went
/// inactive (<see cref="DetectionMilliseconds"/>), then the backup announces each bridged VLAN to the physical switch
/// (<see cref="PerVlanMilliseconds"/> each). Computed, never slept.
/// </summary>
/// <param name="DetectionMilliseconds">Time to notice the primary is gone.</param>
/// <param name="PerVlanMilliseconds">Takeover cost per bridged VLAN.</param>
public sealed record SeaFailoverModel(double DetectionMilliseconds = 1.0, double PerVlanMilliseconds = 0.05)
{
    /// <summary>Failover time for a bridge carrying <paramref name="vlans"/> VLANs.</summary>
    public double TimeFor(int vlans) => DetectionMilliseconds + (PerVlanMilliseconds * vlans);
}
