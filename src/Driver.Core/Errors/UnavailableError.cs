namespace PowerDrivers.Driver.Core.Errors;

/// <summary>The host's backend is not configured or cannot be reached.</summary>
public sealed class UnavailableError : DriverError
{
    /// <summary>Creates the error.</summary>
    public UnavailableError(string host, string backend, string message)
        : base(ErrorReasons.BackendUnavailable, message,
            new Dictionary<string, string> { ["host"] = host, ["backend"] = backend })
    {
        Host = host;
        Backend = backend;
    }

    /// <summary>The host.</summary>
    public string Host { get; }

    /// <summary>The backend kind.</summary>
    public string Backend { get; }

    /// <inheritdoc/>
    public override DriverErrorKind Kind => DriverErrorKind.Unavailable;
}
