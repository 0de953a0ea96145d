namespace PowerDrivers.Backend.PowerKVM.Domain;

/// <summary>How domain XML is written for one connection.</summary>
/// <param name="DomainType">"kvm" (PowerKVM on POWER8, and the embedded test connection) or "qemu" (TCG emulation).</param>
/// <param name="HostSmtThreads">Threads a guest core may have: the host's SMT threads, or those of one sub-core under split-core.</param>
/// <param name="SingleThreadPerCore">TCG runs one thread per guest core: the default topology then has threads=1.</param>
internal sealed record DomainXmlOptions(string DomainType, int HostSmtThreads, bool SingleThreadPerCore)
{
    /// <summary>PowerKVM on a POWER8 host (SMT8).</summary>
    public static DomainXmlOptions Kvm { get; } = new("kvm", 8, false);
}
