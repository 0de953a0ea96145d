namespace PowerDrivers.Driver.Core.Model;

/// <summary>Everything needed to create an instance; backend-neutral.</summary>
/// <param name="Name">1–31 printable ASCII characters (see <see cref="Validation.SpecValidator"/>).</param>
/// <param name="Host">Target host; empty = placement picks one.</param>
/// <param name="Processors">Processor configuration.</param>
/// <param name="Memory">Memory configuration.</param>
/// <param name="Guest">Guest OS.</param>
/// <param name="Metadata">Free-form key/value pairs.</param>
/// <param name="AvailabilityPriority">0–255, PowerVM partition availability priority.</param>
public sealed record InstanceSpec(
    string Name,
    string Host,
    ProcessorSpec Processors,
    MemorySpec Memory,
    GuestSpec Guest,
    IReadOnlyDictionary<string, string> Metadata,
    int AvailabilityPriority = InstanceSpec.DefaultAvailabilityPriority)
{
    /// <summary>The HMC's default availability priority.</summary>
    public const int DefaultAvailabilityPriority = 127;

    /// <summary>Metadata compared by content, so specs with equal metadata are equal.</summary>
    public bool Equals(InstanceSpec? other) =>
        other is not null
        && Name == other.Name && Host == other.Host && Processors == other.Processors
        && Memory == other.Memory && Guest == other.Guest && AvailabilityPriority == other.AvailabilityPriority
        && Metadata.Count == other.Metadata.Count
        && Metadata.All(kv => other.Metadata.TryGetValue(kv.Key, out var v) && v == kv.Value);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Name, Host, Processors, Memory, Guest, AvailabilityPriority, Metadata.Count);
}
