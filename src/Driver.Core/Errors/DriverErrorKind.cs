namespace PowerDrivers.Driver.Core.Errors;

/// <summary>The closed set of error kinds; each maps to one gRPC status and one Nova fault.</summary>
public enum DriverErrorKind
{
    /// <summary>No such instance, host or operation.</summary>
    NotFound,
    /// <summary>The request or spec breaks a rule.</summary>
    InvalidSpec,
    /// <summary>The instance's state forbids the request.</summary>
    InvalidState,
    /// <summary>A concurrent request got there first, or the name is taken.</summary>
    Conflict,
    /// <summary>Not enough capacity.</summary>
    InsufficientCapacity,
    /// <summary>The backend lacks the feature.</summary>
    Unsupported,
    /// <summary>The backend failed.</summary>
    BackendFailure,
    /// <summary>The backend cannot be reached or is not configured.</summary>
    Unavailable,
}
