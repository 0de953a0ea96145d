using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace PowerDrivers.Hardware.Power8;

/// <summary>
/// One POWER8 server built from a <see cref="HardwareProfile"/> under one <see cref="Power8.Firmware"/>: the single
/// source of capacity truth. Hands out cores, processing units (PHYP) or vCPUs (OPAL), memory and PCIe slots to
/// owners; every reservation and resize is atomic and thread-safe, and nothing is ever over-allocated.
/// </summary>
public sealed partial class ManagedSystem
{
    private const string SerialAlphabet = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ";
    private readonly Lock gate = new();
    private readonly Dictionary<string, Reservation> reservations = new(StringComparer.Ordinal);
    private int partitionCount;
    private readonly Dictionary<string, string> slotOwners = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> canonicalSlots;
    private readonly long memoryPoolMb;

    /// <summary>
    /// Builds the system. Throws <see cref="FirmwareNotSupportedException"/> when the profile cannot run
    /// <paramref name="firmware"/>, and <see cref="ArgumentException"/> for a bad name or serial. Without a serial, a
    /// stable 7-character one is derived from <paramref name="name"/>.
    /// </summary>
    public ManagedSystem(HardwareProfile profile, Firmware firmware, string name, string? serial = null, ManagedSystemOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!profile.Supports(firmware))
        {
            throw new FirmwareNotSupportedException(profile, firmware, NotSupportedMessage(profile, firmware));
        }

        serial ??= SerialFor(name);
        if (serial.Length is 0 or > 16 || !serial.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException($"serial must be 1 to 16 ASCII letters or digits (got '{serial}')", nameof(serial));
        }

        Options = options ?? ManagedSystemOptions.Default;
        Options.Validate();
        Profile = profile;
        Firmware = firmware;
        Name = name;
        Serial = serial;
        canonicalSlots = profile.PcieSlots.ToDictionary(s => s.LocationCode, s => s.LocationCode, StringComparer.OrdinalIgnoreCase);
        HypervisorBaseReserveMb = firmware == Firmware.Phyp
            ? RoundUpToLmb(Options.HypervisorBaseReserveMb + (profile.InstalledMemoryMb / Options.HypervisorInstalledMemoryDivisor))
            : RoundUpToLmb(Options.HostReserveMb);
        var left = profile.ActivatedMemoryMb - HypervisorBaseReserveMb;
        memoryPoolMb = firmware == Firmware.Phyp ? left : RoundDownToLmb((long)Math.Floor(left * Options.MemoryOvercommitRatio));
        if (left <= 0 || memoryPoolMb <= 0)
        {
            throw new ArgumentException(
                $"{profile}: activated memory {profile.ActivatedMemoryMb} MB does not cover the {firmware.ToString().ToUpperInvariant()} reserve of {HypervisorBaseReserveMb} MB",
                nameof(profile));
        }
    }

    /// <summary>The hardware profile the system is built from.</summary>
    public HardwareProfile Profile { get; }

    /// <summary>The firmware the system runs.</summary>
    public Firmware Firmware { get; }

    /// <summary>System name (as the HMC or the host shows it).</summary>
    public string Name { get; }

    /// <summary>Serial number (ASCII letters and digits).</summary>
    public string Serial { get; }

    /// <summary>Machine type-model*serial, e.g. <c>8247-22L*ABC1234</c>.</summary>
    public string MachineTypeModelSerial => $"{Profile.MachineTypeModel}*{Serial}";

    /// <summary>Bookkeeping tunables.</summary>
    public ManagedSystemOptions Options { get; }

    /// <summary>
    /// Memory held before any partition exists, MB: under PHYP the hypervisor base reserve (see
    /// <see cref="ManagedSystemOptions.HypervisorBaseReserveMb"/>), under OPAL the host OS reserve.
    /// </summary>
    public long HypervisorBaseReserveMb { get; }

    /// <summary>A stable 7-character serial derived from a system name (same name → same serial).</summary>
    public static string SerialFor(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        return string.Concat(hash.Take(7).Select(b => SerialAlphabet[b % SerialAlphabet.Length]));
    }

    /// <summary>PHYP: the hardware page table for a partition of <paramref name="maxMemoryMb"/>, MB (max / ratio, up to whole LMBs); 0 under OPAL.</summary>
    public long HardwarePageTableMb(long maxMemoryMb) =>
        Firmware == Firmware.Phyp && maxMemoryMb > 0
            ? RoundUpToLmb((maxMemoryMb + Options.HardwarePageTableRatio - 1) / Options.HardwarePageTableRatio)
            : 0;

    /// <summary>
    /// Reserves <paramref name="request"/> for <paramref name="owner"/>. Throws <see cref="InsufficientCapacityException"/>
    /// (with every shortfall) when it does not fit, <see cref="InvalidCapacityRequestException"/> when it is malformed for
    /// this system, and <see cref="InvalidOperationException"/> when the owner already holds a reservation.
    /// </summary>
    public Reservation Reserve(CapacityRequest request, string owner) => Reserve(request, owner, ReservationKind.Partition);

    /// <summary>Like <see cref="Reserve(CapacityRequest, string)"/> for an owner of <paramref name="kind"/>; only partitions use partition slots.</summary>
    public Reservation Reserve(CapacityRequest request, string owner, ReservationKind kind)
    {
        var result = ReserveCore(request, owner, kind, out var shortfalls);
        return result ?? throw new InsufficientCapacityException(Name, shortfalls);
    }

    /// <summary>Like <see cref="Reserve(CapacityRequest, string)"/>, but returns false with the first shortfall when the request does not fit.</summary>
    public bool TryReserve(CapacityRequest request, string owner, [NotNullWhen(true)] out Reservation? reservation, [NotNullWhen(false)] out CapacityShortfall? shortfall) =>
        TryReserve(request, owner, ReservationKind.Partition, out reservation, out shortfall);

    /// <summary>Like <see cref="TryReserve(CapacityRequest, string, out Reservation?, out CapacityShortfall?)"/> for an owner of <paramref name="kind"/>.</summary>
    public bool TryReserve(CapacityRequest request, string owner, ReservationKind kind, [NotNullWhen(true)] out Reservation? reservation, [NotNullWhen(false)] out CapacityShortfall? shortfall)
    {
        reservation = ReserveCore(request, owner, kind, out var shortfalls);
        shortfall = reservation is null ? shortfalls[0] : null;
        return reservation is not null;
    }

    /// <summary>The live reservation of <paramref name="owner"/>, if any.</summary>
    public bool TryGetReservation(string owner, [NotNullWhen(true)] out Reservation? reservation)
    {
        ArgumentNullException.ThrowIfNull(owner);
        lock (gate)
        {
            return reservations.TryGetValue(owner, out reservation);
        }
    }

    /// <summary>Every live reservation, ordered by owner.</summary>
    public IReadOnlyList<Reservation> Reservations()
    {
        lock (gate)
        {
            return [.. reservations.Values.OrderBy(r => r.Owner, StringComparer.Ordinal)];
        }
    }

    /// <summary>Who owns the slot at <paramref name="locationCode"/>, or null when free; throws <see cref="KeyNotFoundException"/> for an unknown slot.</summary>
    public string? SlotOwner(string locationCode)
    {
        ArgumentNullException.ThrowIfNull(locationCode);
        if (!canonicalSlots.TryGetValue(locationCode, out var canonical))
        {
            throw new KeyNotFoundException($"{Name} has no PCIe slot '{locationCode}'");
        }

        lock (gate)
        {
            return slotOwners.GetValueOrDefault(canonical);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({MachineTypeModelSerial}, {Firmware.ToString().ToLowerInvariant()})";

    private static string NotSupportedMessage(HardwareProfile profile, Firmware firmware)
    {
        var supported = string.Join(", ", profile.SupportedFirmware.Select(f => f.ToString().ToLowerInvariant()));
        var tail = firmware == Firmware.Opal
            ? "opal (PowerKVM) runs only on the Linux-only scale-out models (S812L, S822L)"
            : "phyp (PowerVM) is not listed in this profile";
        return $"profile {profile} supports {supported} only; {tail}";
    }

    private long RoundUpToLmb(long mb) => (mb + Profile.LmbSizeMb - 1) / Profile.LmbSizeMb * Profile.LmbSizeMb;

    private long RoundDownToLmb(long mb) => mb / Profile.LmbSizeMb * Profile.LmbSizeMb;
}
