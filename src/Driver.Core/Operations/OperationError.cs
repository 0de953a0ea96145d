using PowerDrivers.Driver.Core.Errors;

namespace PowerDrivers.Driver.Core.Operations;

/// <summary>The error a failed operation ended with, kept in a storable shape.</summary>
/// <param name="Kind">Error kind (decides the status code).</param>
/// <param name="Reason">Stable reason.</param>
/// <param name="Message">Words.</param>
/// <param name="Metadata">Facts.</param>
/// <param name="Violations">Field violations, for invalid requests.</param>
public sealed record OperationError(
    DriverErrorKind Kind, string Reason, string Message,
    IReadOnlyDictionary<string, string> Metadata, IReadOnlyList<FieldViolation> Violations)
{
    /// <summary>The stored shape of a driver error.</summary>
    public static OperationError From(DriverError error) => new(
        error.Kind, error.Reason, error.Message, error.Metadata,
        error is InvalidSpecError invalid ? invalid.Violations : []);
}
