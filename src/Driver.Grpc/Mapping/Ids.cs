using PowerDrivers.Driver.Core.Errors;

namespace PowerDrivers.Driver.Grpc.Mapping;

/// <summary>Parses ids from requests; a malformed id is a field violation, an unknown one NOT_FOUND later.</summary>
internal static class Ids
{
    public static Guid Instance(string id, string field = "id") => Parse(id, field);

    public static Guid Operation(string id) => Parse(id, "id");

    public static Guid Of(string id, string field) => Parse(id, field);

    private static Guid Parse(string id, string field) =>
        Guid.TryParse(id, out var g) ? g
        : throw new InvalidSpecError(field, id.Length == 0 ? "is required" : $"must be a UUID (got '{id}')");
}
