namespace PowerDrivers.Driver.Core.Errors;

/// <summary>
/// A resource other than an instance's power state forbids the call now: a volume attached or busy, a network still in use,
/// a volume on another host (gRPC FAILED_PRECONDITION with a PreconditionFailure naming the subject).
/// </summary>
public sealed class PreconditionError : DriverError
{
    /// <summary>Creates the error.</summary>
    /// <param name="reason">One of <see cref="ErrorReasons"/> (VOLUME_IN_USE, NETWORK_IN_USE, WRONG_HOST …).</param>
    /// <param name="subjectType">"volume", "network", "instance".</param>
    /// <param name="subjectId">Its id.</param>
    /// <param name="message">What is wrong, in words.</param>
    public PreconditionError(string reason, string subjectType, string subjectId, string message)
        : base(reason, message, new Dictionary<string, string> { [subjectType] = subjectId, ["subject"] = $"{subjectType}/{subjectId}" })
    {
    }

    /// <inheritdoc/>
    public override DriverErrorKind Kind => DriverErrorKind.InvalidState;
}
