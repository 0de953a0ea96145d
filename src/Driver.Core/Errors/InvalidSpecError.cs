namespace PowerDrivers.Driver.Core.Errors;

/// <summary>The request breaks one or more rules; every violation is listed.</summary>
public sealed class InvalidSpecError : DriverError
{
    /// <summary>Creates the error from its violations (at least one).</summary>
    public InvalidSpecError(IReadOnlyList<FieldViolation> violations, string reason = ErrorReasons.InvalidSpec, IReadOnlyDictionary<string, string>? metadata = null)
        : base(reason, Describe(violations), metadata)
    {
        ArgumentOutOfRangeException.ThrowIfZero(violations.Count);
        Violations = violations;
    }

    /// <summary>Creates the error for one field.</summary>
    public InvalidSpecError(string field, string description)
        : this([new FieldViolation(field, description)])
    {
    }

    /// <summary>Each broken rule.</summary>
    public IReadOnlyList<FieldViolation> Violations { get; }

    /// <inheritdoc/>
    public override DriverErrorKind Kind => DriverErrorKind.InvalidSpec;

    private static string Describe(IReadOnlyList<FieldViolation> violations) =>
        "invalid request: " + string.Join("; ", violations.Select(v => $"{v.Field}: {v.Description}"));
}
