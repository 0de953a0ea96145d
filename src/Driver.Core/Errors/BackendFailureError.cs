namespace PowerDrivers.Driver.Core.Errors;

/// <summary>The backend failed; its own message and code (HSCL code, libvirt error) are kept.</summary>
public sealed class BackendFailureError : DriverError
{
    /// <summary>Creates the error.</summary>
    public BackendFailureError(string backend, string message, string? nativeCode = null, Exception? inner = null)
        : base(ErrorReasons.BackendFailure, message,
            nativeCode is null
                ? new Dictionary<string, string> { ["backend"] = backend }
                : new Dictionary<string, string> { ["backend"] = backend, ["native_code"] = nativeCode },
            inner)
    {
        Backend = backend;
        NativeCode = nativeCode;
    }

    /// <summary>The backend kind.</summary>
    public string Backend { get; }

    /// <summary>The platform's code, if any.</summary>
    public string? NativeCode { get; }

    /// <inheritdoc/>
    public override DriverErrorKind Kind => DriverErrorKind.BackendFailure;
}
