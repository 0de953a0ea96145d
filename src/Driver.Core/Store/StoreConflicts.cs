using System.Globalization;
using PowerDrivers.Driver.Core.Errors;

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
}
