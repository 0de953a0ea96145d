using Api = PowerDrivers.V1;

namespace PowerDrivers.Compat.Nova.Volume;

/// <summary>
/// What Cinder knows of a volume beyond the driver's record (owner, description, requested zone, an empty name) is
/// kept in the volume's own metadata under <c>cinder:</c> keys, durable with the volume. User metadata is every other key.
/// </summary>
internal static class CinderMetadata
{
    public const string Prefix = "cinder:";
    public const string ProjectId = "cinder:project_id";
    public const string UserId = "cinder:user_id";
    public const string Description = "cinder:description";
    public const string Zone = "cinder:availability_zone";
    public const string Unnamed = "cinder:unnamed";

    public static string Get(Api.Volume volume, string key) => volume.Metadata.TryGetValue(key, out var v) ? v : "";

    public static Dictionary<string, string> User(Api.Volume volume) =>
        volume.Metadata.Where(kv => !kv.Key.StartsWith(Prefix, StringComparison.Ordinal)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
}
