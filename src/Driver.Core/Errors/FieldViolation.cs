namespace PowerDrivers.Driver.Core.Errors;

/// <summary>One broken rule in a request: the field path (as in the v1 contract, e.g. "spec.memory.min_mb") and why.</summary>
/// <param name="Field">The field path.</param>
/// <param name="Description">What is wrong, with the values.</param>
public sealed record FieldViolation(string Field, string Description);
