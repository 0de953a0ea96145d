using System.Globalization;
using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.Storage;

namespace PowerDrivers.Driver.Core.Store;

/// <summary>The conflicts every <see cref="IDriverStore"/> reports, in one shape (names: <see cref="ConflictError.NameInUse"/>).</summary>
public static class StoreConflicts
{
    /// <summary>A compare-and-set update found another version (or no record) stored.</summary>
    /// <param name="id">The instance.</param>
    /// <param name="expected">The version the update expected to replace.</param>
    /// <param name="stored">The stored version, or null when no such instance is stored.</param>
    public static ConflictError StaleVersion(Guid id, long expected, long? stored) =>
        new(stored is { } v
                ? $"instance {id} was changed by another request (version {v} stored, {expected} expected)"
                : $"instance {id} was changed by another request (no longer stored, version {expected} expected)",
            ErrorReasons.Conflict,
            new Dictionary<string, string>
            {
                ["instance"] = id.ToString(),
                ["expected_version"] = expected.ToString(CultureInfo.InvariantCulture),
                ["stored_version"] = stored?.ToString(CultureInfo.InvariantCulture) ?? "",
            });

    /// <summary>An inserted instance reuses the id of a stored one.</summary>
    public static ConflictError InstanceExists(Guid id) =>
        new($"instance {id} already exists", ErrorReasons.Conflict,
            new Dictionary<string, string> { ["instance"] = id.ToString() });

    /// <summary>An operation reuses the idempotency key of another stored operation.</summary>
    public static ConflictError RequestIdInUse(string requestId, Guid holder) =>
        new($"request id '{requestId}' already belongs to operation {holder}", ErrorReasons.Conflict,
            new Dictionary<string, string> { ["request_id"] = requestId, ["operation"] = holder.ToString() });

    /// <summary>A volume insert or compare-and-set update found another version (or a record) stored.</summary>
    /// <param name="id">The volume.</param>
    /// <param name="expected">The version the change expected to replace (0 for an insert).</param>
    /// <param name="stored">The stored version, or null when none is stored.</param>
    public static ConflictError StaleVolume(Guid id, long expected, long? stored) =>
        new($"volume {id} was changed by another request (version {stored?.ToString(CultureInfo.InvariantCulture) ?? "none"} stored, {expected} expected)",
            ErrorReasons.Conflict,
            new Dictionary<string, string>
            {
                ["volume"] = id.ToString(),
                ["expected_version"] = expected.ToString(CultureInfo.InvariantCulture),
                ["stored_version"] = stored?.ToString(CultureInfo.InvariantCulture) ?? "",
            });

    /// <summary>A new network reuses the name or VLAN of a stored one.</summary>
    public static ConflictError NetworkInUse(string what, Guid holder) =>
        new($"a network with {what} already exists ({holder})", ErrorReasons.Conflict,
            new Dictionary<string, string> { ["network"] = holder.ToString() });

    /// <summary>Checks a network insert against the stored networks.</summary>
    public static void RequireNetworkFree(NetworkRecord network, IEnumerable<NetworkRecord> stored)
    {
        ArgumentNullException.ThrowIfNull(network);
        foreach (var n in stored)
        {
            if (n.Id == network.Id || string.Equals(n.Name, network.Name, StringComparison.Ordinal))
                throw NetworkInUse($"name '{network.Name}'", n.Id);
            if (n.VlanId == network.VlanId)
                throw NetworkInUse($"VLAN {network.VlanId.ToString(CultureInfo.InvariantCulture)}", n.Id);
        }
    }
}
