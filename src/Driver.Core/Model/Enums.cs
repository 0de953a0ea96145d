namespace PowerDrivers.Driver.Core.Model;

/// <summary>How processors are given to an instance.</summary>
public enum ProcessorMode
{
    /// <summary>Micro-partition (PowerVM) or overcommitted vCPUs (PowerKVM).</summary>
    Shared,
    /// <summary>Whole cores.</summary>
    Dedicated,
}

/// <summary>Shared-processor sharing mode.</summary>
public enum SharingMode
{
    /// <summary>May use idle pool capacity, ranked by weight.</summary>
    Uncapped,
    /// <summary>Never above the entitled processing units.</summary>
    Capped,
}

/// <summary>What a dedicated-processor partition does with idle cores.</summary>
public enum DedicatedSharingMode
{
    /// <summary>Idle cores stay with the partition.</summary>
    KeepIdleProcs,
    /// <summary>Idle cores are lent while the partition is inactive.</summary>
    ShareIdleProcs,
    /// <summary>Idle cores are lent while the partition is active.</summary>
    ShareIdleProcsActive,
    /// <summary>Idle cores are always lent.</summary>
    ShareIdleProcsAlways,
}

/// <summary>Memory mode.</summary>
public enum MemoryMode
{
    /// <summary>Memory owned by the instance.</summary>
    Dedicated,
    /// <summary>Active Memory Sharing pool (PowerVM).</summary>
    Shared,
}

/// <summary>Guest operating system family.</summary>
public enum OsType
{
    /// <summary>Linux on Power.</summary>
    Linux,
    /// <summary>AIX.</summary>
    Aix,
    /// <summary>IBM i (OS400).</summary>
    IbmI,
}

/// <summary>Guest byte order.</summary>
public enum Endianness
{
    /// <summary>ppc64le.</summary>
    Little,
    /// <summary>ppc64.</summary>
    Big,
}

/// <summary>How to power off.</summary>
public enum StopMode
{
    /// <summary>Through the OS, then hard after the timeout.</summary>
    Soft,
    /// <summary>Immediate.</summary>
    Hard,
}

/// <summary>How to restart.</summary>
public enum RebootMode
{
    /// <summary>Through the OS.</summary>
    Soft,
    /// <summary>Immediate reset.</summary>
    Hard,
}

/// <summary>Console kinds.</summary>
public enum ConsoleType
{
    /// <summary>Graphical console.</summary>
    Vnc,
    /// <summary>Serial text console.</summary>
    Serial,
    /// <summary>HMC virtual terminal.</summary>
    VTerm,
}

/// <summary>Server firmware: PHYP (PowerVM) or OPAL (PowerKVM).</summary>
public enum FirmwareKind
{
    /// <summary>POWER Hypervisor.</summary>
    Phyp,
    /// <summary>OpenPOWER Abstraction Layer.</summary>
    Opal,
}
