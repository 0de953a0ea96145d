namespace PowerDrivers.Driver.Core.Errors;

/// <summary>A concurrent request changed the resource first, or a name is already taken.</summary>
public sealed class ConflictError : DriverError
{
    /// <summary>Creates the error; <paramref name="reason"/> is <see cref="ErrorReasons.Conflict"/> or <see cref="ErrorReasons.NameInUse"/>.</summary>
    public ConflictError(string message, string reason = ErrorReasons.Conflict, IReadOnlyDictionary<string, string>? metadata = null)
        : base(reason, message, metadata)
    {
    }

    /// <summary>The name is in use on the host.</summary>
    public static ConflictError NameInUse(string name, string host) =>
        new($"an instance named '{name}' already exists on host {host}", ErrorReasons.NameInUse,
            new Dictionary<string, string> { ["name"] = name, ["host"] = host });

    /// <inheritdoc/>
    public override DriverErrorKind Kind => DriverErrorKind.Conflict;
}
