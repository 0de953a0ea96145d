namespace PowerDrivers.Driver.Core.Errors;

/// <summary>The backend lacks a feature; the reason says why (the platform's limit, not ours).</summary>
public sealed class UnsupportedError : DriverError
{
    /// <summary>Creates the error for a feature (a <see cref="Backends.Capabilities"/> name such as "pause").</summary>
    public UnsupportedError(string feature, string backend, string reason)
        : base(ErrorReasons.Unsupported, $"{feature} is not supported by {backend}: {reason}",
            new Dictionary<string, string> { ["feature"] = feature, ["backend"] = backend })
    {
        Feature = feature;
        Backend = backend;
        Explanation = reason;
    }

    /// <summary>The feature.</summary>
    public string Feature { get; }

    /// <summary>The backend kind.</summary>
    public string Backend { get; }

    /// <summary>Why, in words.</summary>
    public string Explanation { get; }

    /// <inheritdoc/>
    public override DriverErrorKind Kind => DriverErrorKind.Unsupported;
}
