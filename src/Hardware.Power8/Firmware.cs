namespace PowerDrivers.Hardware.Power8;

/// <summary>The system firmware a POWER8 server runs; one per managed system, never both.</summary>
public enum Firmware
{
    /// <summary>PowerVM hypervisor (YAML <c>phyp</c>): logical partitions managed through an HMC.</summary>
    Phyp,

    /// <summary>OpenPOWER Abstraction Layer (YAML <c>opal</c>): the host runs Linux with KVM (PowerKVM).</summary>
    Opal,
}
