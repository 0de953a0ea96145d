using System.Diagnostics.CodeAnalysis;

namespace PowerDrivers.Hardware.Power8;

/// <summary>
/// Capacity one owner holds on a <see cref="ManagedSystem"/>. Resize it atomically (all or nothing) and release it
/// when the owner goes away; releasing twice is harmless.
/// </summary>
public sealed class Reservation
{
    private volatile CapacityRequest request;
    private volatile bool released;
    private volatile Charge charge;

    internal Reservation(ManagedSystem system, string owner, ReservationKind kind, CapacityRequest request, Charge charge)
    {
        System = system;
        Owner = owner;
        Kind = kind;
        this.request = request;
        this.charge = charge;
    }

    /// <summary>The system the capacity is held on.</summary>
    public ManagedSystem System { get; }

    /// <summary>Who holds it (partition or guest name); unique among the system's live reservations.</summary>
    public string Owner { get; }

    /// <summary>Whether a partition holds it (and so uses a partition slot) or the hypervisor holds it for something else.</summary>
    public ReservationKind Kind { get; }

    /// <summary>What is currently held.</summary>
    public CapacityRequest Request => request;

    /// <summary>PHYP: memory the hypervisor holds for this partition's hardware page table, MB; 0 under OPAL.</summary>
    public long HardwarePageTableMb => Charge.HptMb;

    /// <summary>True once released.</summary>
    public bool IsReleased => released;

    internal Charge Charge => charge;

    /// <summary>Gives everything back to the system. Idempotent.</summary>
    public void Release() => System.Release(this);

    /// <summary>
    /// Replaces what is held with <paramref name="newRequest"/>: either all of it fits (counting what this reservation
    /// already holds) or nothing changes and <see cref="InsufficientCapacityException"/> is thrown.
    /// </summary>
    public void Resize(CapacityRequest newRequest)
    {
        var shortfalls = System.Resize(this, newRequest);
        if (shortfalls.Count > 0)
        {
            throw new InsufficientCapacityException(System.Name, shortfalls);
        }
    }

    /// <summary>Like <see cref="Resize"/>, but returns false with the first shortfall instead of throwing.</summary>
    public bool TryResize(CapacityRequest newRequest, [NotNullWhen(false)] out CapacityShortfall? shortfall)
    {
        var shortfalls = System.Resize(this, newRequest);
        shortfall = shortfalls.Count > 0 ? shortfalls[0] : null;
        return shortfall is null;
    }

    internal void Update(CapacityRequest newRequest, Charge newCharge)
    {
        request = newRequest;
        charge = newCharge;
    }

    internal void MarkReleased() => released = true;

    /// <inheritdoc />
    public override string ToString() => $"{Owner}@{System.Name}";
}
