using Api = PowerDrivers.V1;

namespace PowerDrivers.Compat.Nova.Compute;

/// <summary>
/// What Nova knows of a server beyond the driver's spec (owner, flavor, image, key, zone, description) is kept in
/// the instance's own metadata under <c>nova:</c> keys, so it is durable with the instance and survives restarts.
/// User metadata is every other key.
/// </summary>
internal static class NovaMetadata
{
    public const string Prefix = "nova:";
    public const string ProjectId = "nova:project_id";
    public const string UserId = "nova:user_id";
    public const string FlavorId = "nova:flavor_id";
    public const string OldFlavorId = "nova:old_flavor_id";
    public const string ImageId = "nova:image_id";
    public const string KeyName = "nova:key_name";
    public const string Zone = "nova:availability_zone";
    public const string Description = "nova:description";
    public const string Name = "nova:name";
    public const string ResizeRestart = "nova:resize_restart";

    public static string Get(Api.Instance instance, string key) =>
        instance.Spec?.Metadata.TryGetValue(key, out var v) == true ? v : "";

    public static Dictionary<string, string> User(Api.Instance instance) =>
        instance.Spec?.Metadata.Where(kv => !kv.Key.StartsWith(Prefix, StringComparison.Ordinal)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal) ?? [];

    /// <summary>The server's Nova name: the driver name, or the longer Nova name when the driver's limit cut it.</summary>
    public static string ServerName(Api.Instance instance) => Get(instance, Name) is { Length: > 0 } n ? n : instance.Name;
}
