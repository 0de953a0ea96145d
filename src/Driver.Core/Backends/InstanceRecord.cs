using PowerDrivers.Driver.Core.Model;
using PowerDrivers.Driver.Core.States;

namespace PowerDrivers.Driver.Core.Backends;

/// <summary>The driver's durable record of one instance. Immutable: changes make a new version.</summary>
public sealed record InstanceRecord
{
    /// <summary>Driver-assigned id.</summary>
    public required Guid Id { get; init; }
    /// <summary>Current spec (host always set).</summary>
    public required InstanceSpec Spec { get; init; }
    /// <summary>"powervm" or "powerkvm".</summary>
    public required string Backend { get; init; }
    /// <summary>Canonical state.</summary>
    public required InstanceState State { get; init; }
    /// <summary>The backend's own state word.</summary>
    public string NativeState { get; init; } = "";
    /// <summary>Platform id (partition UUID, domain UUID).</summary>
    public string NativeId { get; init; } = "";
    /// <summary>Granted resources.</summary>
    public Allocation Allocation { get; init; } = Allocation.None;
    /// <summary>Set in <see cref="InstanceState.Error"/>.</summary>
    public InstanceFault? Fault { get; init; }
    /// <summary>The spec before an unconfirmed resize.</summary>
    public InstanceSpec? PreviousSpec { get; init; }
    /// <summary>The state before a resize started (running or stopped), to return to on confirm/revert.</summary>
    public InstanceState? StateBeforeResize { get; init; }
    /// <summary>The operation in progress.</summary>
    public Guid? ActiveOperationId { get; init; }
    /// <summary>Created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>Last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }
    /// <summary>Volumes attached, in attach order.</summary>
    public IReadOnlyList<VolumeAttachment> Volumes { get; init; } = [];
    /// <summary>Network interfaces, in attach order.</summary>
    public IReadOnlyList<InterfaceAttachment> Interfaces { get; init; } = [];
    /// <summary>Increases by one on every stored change.</summary>
    public long Version { get; init; } = 1;

    /// <summary>Name (from the spec).</summary>
    public string Name => Spec.Name;
    /// <summary>Host (from the spec).</summary>
    public string Host => Spec.Host;

    /// <summary>Every stored field equal; attachments compared by content, in order.</summary>
    public bool Equals(InstanceRecord? other) =>
        other is not null
        && Id == other.Id && Spec == other.Spec && Backend == other.Backend && State == other.State
        && NativeState == other.NativeState && NativeId == other.NativeId && Allocation == other.Allocation
        && Fault == other.Fault && PreviousSpec == other.PreviousSpec && StateBeforeResize == other.StateBeforeResize
        && ActiveOperationId == other.ActiveOperationId && CreatedAt == other.CreatedAt && UpdatedAt == other.UpdatedAt
        && Version == other.Version && Volumes.SequenceEqual(other.Volumes) && Interfaces.SequenceEqual(other.Interfaces);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Id, Version, State);
}
