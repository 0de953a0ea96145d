namespace PowerDrivers.Driver.Core.Operations;

/// <summary>The durable record of one operation. Immutable: progress makes a new value.</summary>
public sealed record OperationRecord
{
    /// <summary>Id.</summary>
    public required Guid Id { get; init; }
    /// <summary>Kind.</summary>
    public required OperationKind Kind { get; init; }
    /// <summary>The instance (<see cref="Guid.Empty"/> for work on a volume alone).</summary>
    public required Guid InstanceId { get; init; }
    /// <summary>The volume a volume operation works on (create, delete, attach, detach).</summary>
    public Guid? VolumeId { get; init; }
    /// <summary>The host.</summary>
    public required string Host { get; init; }
    /// <summary>State.</summary>
    public required OperationState State { get; init; }
    /// <summary>0–100.</summary>
    public int Progress { get; init; }
    /// <summary>The step in progress.</summary>
    public string Step { get; init; } = "";
    /// <summary>Set when failed.</summary>
    public OperationError? Error { get; init; }
    /// <summary>The caller's idempotency key.</summary>
    public string RequestId { get; init; } = "";
    /// <summary>Created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>Last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }
    /// <summary>Ended.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>True when succeeded or failed.</summary>
    public bool IsDone => State is OperationState.Succeeded or OperationState.Failed;
}
