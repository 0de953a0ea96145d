namespace PowerDrivers.Hardware.Power8;

/// <summary>Tunables of a <see cref="ManagedSystem"/>'s bookkeeping; the defaults are documented per property.</summary>
public sealed record ManagedSystemOptions
{
    /// <summary>Defaults.</summary>
    public static ManagedSystemOptions Default { get; } = new();

    /// <summary>
    /// OPAL only: virtual CPUs per host hardware thread (cores × SMT). Default 4.0, the OpenStack
    /// <c>cpu_allocation_ratio</c> default; 1.0 means no overcommit. Ignored under PHYP, where processing units rule.
    /// </summary>
    public double CpuOvercommitRatio { get; init; } = 4.0;

    /// <summary>OPAL only: guest memory per MB of memory left after the host reserve. Default 1.0 (no overcommit).</summary>
    public double MemoryOvercommitRatio { get; init; } = 1.0;

    /// <summary>
    /// PHYP only: fixed part of the hypervisor's own memory, MB. Default 1024. PHYP also keeps
    /// installed memory / <see cref="HypervisorInstalledMemoryDivisor"/> (TCE tables, per-LMB structures); the sum is
    /// rounded up to whole LMBs. S822L with 512 GB: 1024 + 2048 = 3072 MB.
    /// </summary>
    public long HypervisorBaseReserveMb { get; init; } = 1024;

    /// <summary>PHYP only: divisor of installed memory added to the hypervisor reserve. Default 256 (≈ 0.4 %).</summary>
    public int HypervisorInstalledMemoryDivisor { get; init; } = 256;

    /// <summary>
    /// PHYP only: hardware page table ratio — each partition's HPT is its maximum memory / this, rounded up to whole
    /// LMBs, and is held by the hypervisor for as long as the partition holds memory. Default 64 (the PHYP default 1/64).
    /// </summary>
    public int HardwarePageTableRatio { get; init; } = 64;

    /// <summary>OPAL only: memory kept for the host Linux (PowerKVM) itself, MB, rounded up to LMBs. Default 4096.</summary>
    public long HostReserveMb { get; init; } = 4096;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        static void Require(bool ok, string name, object value, string rule)
        {
            if (!ok)
            {
                throw new ArgumentOutOfRangeException(name, value, $"{name} {rule}");
            }
        }

        Require(double.IsFinite(CpuOvercommitRatio) && CpuOvercommitRatio > 0, nameof(CpuOvercommitRatio), CpuOvercommitRatio, "must be a positive number");
        Require(double.IsFinite(MemoryOvercommitRatio) && MemoryOvercommitRatio > 0, nameof(MemoryOvercommitRatio), MemoryOvercommitRatio, "must be a positive number");
        Require(HypervisorBaseReserveMb >= 0, nameof(HypervisorBaseReserveMb), HypervisorBaseReserveMb, "must not be negative");
        Require(HypervisorInstalledMemoryDivisor > 0, nameof(HypervisorInstalledMemoryDivisor), HypervisorInstalledMemoryDivisor, "must be positive");
        Require(HardwarePageTableRatio > 0, nameof(HardwarePageTableRatio), HardwarePageTableRatio, "must be positive");
        Require(HostReserveMb >= 0, nameof(HostReserveMb), HostReserveMb, "must not be negative");
    }
}
