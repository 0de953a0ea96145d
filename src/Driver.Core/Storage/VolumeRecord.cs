using PowerDrivers.Driver.Core.Model;

namespace PowerDrivers.Driver.Core.Storage;

/// <summary>
/// The driver's durable record of one volume: a block device of a host's storage (a shared-storage-pool logical unit on
/// PowerVM, a qcow2/raw image on PowerKVM). A volume created without a host is bound to the host of the first instance
/// it is attached to, and created there at that moment.
/// </summary>
public sealed record VolumeRecord
{
    /// <summary>Driver-assigned id.</summary>
    public required Guid Id { get; init; }
    /// <summary>Display name (1–255 characters; need not be unique).</summary>
    public required string Name { get; init; }
    /// <summary>Size in GiB (1–16384).</summary>
    public required long SizeGb { get; init; }
    /// <summary>Thin or thick.</summary>
    public required Provisioning Provisioning { get; init; }
    /// <summary>The host whose storage holds it; empty until bound.</summary>
    public string Host { get; init; } = "";
    /// <summary>The backend kind of <see cref="Host"/> ("" until bound).</summary>
    public string Backend { get; init; } = "";
    /// <summary>Status.</summary>
    public required VolumeStatus Status { get; init; }
    /// <summary>The platform's id (LU UDID, image path); empty until created.</summary>
    public string NativeId { get; init; } = "";
    /// <summary>The instance it is attached to.</summary>
    public Guid? InstanceId { get; init; }
    /// <summary>The operation in progress on it.</summary>
    public Guid? ActiveOperationId { get; init; }
    /// <summary>Why it is in <see cref="VolumeStatus.Error"/>.</summary>
    public string Fault { get; init; } = "";
    /// <summary>Free-form key/value pairs.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
    /// <summary>Created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>Last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }
    /// <summary>Increases by one on every stored change.</summary>
    public long Version { get; init; } = 1;
}

/// <summary>A VLAN-backed network instances' interfaces attach to. Networks are driver-wide (every host can reach every VLAN).</summary>
public sealed record NetworkRecord
{
    /// <summary>Driver-assigned id.</summary>
    public required Guid Id { get; init; }
    /// <summary>Name, unique among networks.</summary>
    public required string Name { get; init; }
    /// <summary>802.1Q VLAN ID (1–4094), unique among networks.</summary>
    public required int VlanId { get; init; }
    /// <summary>Created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
}
