namespace PowerDrivers.Driver.Core.Errors;

/// <summary>No such resource.</summary>
public sealed class NotFoundError : DriverError
{
    /// <summary>Creates the error for a resource type ("instance", "host", "operation", "volume", "network", "interface") and id.</summary>
    public NotFoundError(string resourceType, string id)
        : base(ReasonFor(resourceType), $"{resourceType} '{id}' not found",
            new Dictionary<string, string> { ["resource_type"] = resourceType, ["resource_name"] = id })
    {
        ResourceType = resourceType;
        ResourceId = id;
    }

    /// <summary>"instance", "host", "operation", "volume", "network" or "interface".</summary>
    public string ResourceType { get; }

    /// <summary>The id that was asked for.</summary>
    public string ResourceId { get; }

    /// <inheritdoc/>
    public override DriverErrorKind Kind => DriverErrorKind.NotFound;

    private static string ReasonFor(string type) => type switch
    {
        "host" => ErrorReasons.HostNotFound,
        "operation" => ErrorReasons.OperationNotFound,
        "volume" => ErrorReasons.VolumeNotFound,
        "network" => ErrorReasons.NetworkNotFound,
        "interface" => ErrorReasons.InterfaceNotFound,
        _ => ErrorReasons.InstanceNotFound,
    };
}
