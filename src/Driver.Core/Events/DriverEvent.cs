using PowerDrivers.Driver.Core.Operations;
using PowerDrivers.Driver.Core.States;

namespace PowerDrivers.Driver.Core.Events;

/// <summary>One committed change. <see cref="Sequence"/> is assigned by the store (0 before).</summary>
public sealed record DriverEvent
{
    /// <summary>Strictly increasing, durable.</summary>
    public long Sequence { get; init; }
    /// <summary>When.</summary>
    public required DateTimeOffset Time { get; init; }
    /// <summary>Kind.</summary>
    public required EventKind Kind { get; init; }
    /// <summary>Host.</summary>
    public string Host { get; init; } = "";
    /// <summary>Instance, if any.</summary>
    public Guid? InstanceId { get; init; }
    /// <summary>Operation, if any.</summary>
    public Guid? OperationId { get; init; }
    /// <summary>Instance state after.</summary>
    public InstanceState? State { get; init; }
    /// <summary>Instance state before.</summary>
    public InstanceState? PreviousState { get; init; }
    /// <summary>Operation state.</summary>
    public OperationState? OperationState { get; init; }
    /// <summary>Words.</summary>
    public string Message { get; init; } = "";
    /// <summary>Extra facts.</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();
}
