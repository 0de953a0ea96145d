namespace PowerDrivers.Emulator.Hmc.Model;

/// <summary>A logical unit of the shared storage pool: thin (allocates on write) or thick (reserved at creation).</summary>
public sealed record LogicalUnit
{
    /// <summary>LU name (unique in the pool).</summary>
    public required string Name { get; init; }

    /// <summary>Unique device ID (64 hex digits), assigned at creation.</summary>
    public required string Udid { get; init; }

    /// <summary>Capacity in GB.</summary>
    public required decimal CapacityGb { get; init; }

    /// <summary>Thin provisioned: consumes no pool capacity up front.</summary>
    public bool Thin { get; init; } = true;

    /// <summary>UDID of the LU it was cloned from, if any.</summary>
    public string? ClonedFrom { get; init; }
}
