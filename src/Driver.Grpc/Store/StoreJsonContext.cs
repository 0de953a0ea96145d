using System.Text.Json.Serialization;
using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Events;
using PowerDrivers.Driver.Core.Operations;

namespace PowerDrivers.Driver.Grpc.Store;

/// <summary>
/// The JSON shape of stored bodies. Enums are stored by name so the numbers in the contract may be renumbered;
/// computed properties (Name, Host, IsDone …) are left out because they are derived on read.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UseStringEnumConverter = true,
    IgnoreReadOnlyProperties = true)]
[JsonSerializable(typeof(InstanceRecord))]
[JsonSerializable(typeof(OperationRecord))]
[JsonSerializable(typeof(DriverEvent))]
[JsonSerializable(typeof(PowerDrivers.Driver.Core.Storage.VolumeRecord))]
[JsonSerializable(typeof(PowerDrivers.Driver.Core.Storage.NetworkRecord))]
internal sealed partial class StoreJsonContext : JsonSerializerContext;
