namespace PowerDrivers.Driver.Core.Errors;

/// <summary>Stable reason strings (the v1 ErrorReason names) carried with every error.</summary>
public static class ErrorReasons
{
    /// <summary>The error domain of ErrorInfo.</summary>
    public const string Domain = "powerdrivers.v1";
#pragma warning disable CS1591 // the names are the documentation (see protos/powerdrivers/v1/errors.proto)
    public const string InvalidSpec = "INVALID_SPEC";
    public const string InstanceNotFound = "INSTANCE_NOT_FOUND";
    public const string HostNotFound = "HOST_NOT_FOUND";
    public const string OperationNotFound = "OPERATION_NOT_FOUND";
    public const string InvalidState = "INVALID_STATE";
    public const string Conflict = "CONFLICT";
    public const string NameInUse = "NAME_IN_USE";
    public const string InsufficientCapacity = "INSUFFICIENT_CAPACITY";
    public const string InsufficientProcessors = "INSUFFICIENT_PROCESSORS";
    public const string InsufficientProcessingUnits = "INSUFFICIENT_PROCESSING_UNITS";
    public const string InsufficientMemory = "INSUFFICIENT_MEMORY";
    public const string NoValidHost = "NO_VALID_HOST";
    public const string Unsupported = "UNSUPPORTED";
    public const string BackendFailure = "BACKEND_FAILURE";
    public const string BackendUnavailable = "BACKEND_UNAVAILABLE";
    public const string RequiresStopped = "REQUIRES_STOPPED";
#pragma warning restore CS1591

    /// <summary>No such volume.</summary>
    public const string VolumeNotFound = "VOLUME_NOT_FOUND";
    /// <summary>No such network.</summary>
    public const string NetworkNotFound = "NETWORK_NOT_FOUND";
    /// <summary>No such interface on the instance.</summary>
    public const string InterfaceNotFound = "INTERFACE_NOT_FOUND";
    /// <summary>The volume is attached, or busy with another operation.</summary>
    public const string VolumeInUse = "VOLUME_IN_USE";
    /// <summary>The network still carries interfaces.</summary>
    public const string NetworkInUse = "NETWORK_IN_USE";
    /// <summary>The volume lives on another host's storage than the instance.</summary>
    public const string WrongHost = "WRONG_HOST";
}
