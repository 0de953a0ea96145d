using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using PowerDrivers.Driver.Core.Errors;
using Status = Google.Rpc.Status;

namespace PowerDrivers.Driver.Grpc.Mapping;

/// <summary>
/// The one place where driver errors become gRPC statuses: a status code per kind, plus google.rpc details —
/// ErrorInfo (stable reason + facts) always, BadRequest for invalid requests, PreconditionFailure for state
/// refusals, ResourceInfo for missing resources — in the standard <c>grpc-status-details-bin</c> trailer.
/// </summary>
internal static class ErrorMapper
{
    public const string DetailsTrailer = "grpc-status-details-bin";

    public static StatusCode CodeFor(DriverErrorKind kind, string reason) => kind switch
    {
        DriverErrorKind.NotFound => StatusCode.NotFound,
        DriverErrorKind.InvalidSpec => StatusCode.InvalidArgument,
        DriverErrorKind.InvalidState => StatusCode.FailedPrecondition,
        DriverErrorKind.Conflict when reason == ErrorReasons.NameInUse => StatusCode.AlreadyExists,
        DriverErrorKind.Conflict => StatusCode.Aborted,
        DriverErrorKind.InsufficientCapacity => StatusCode.ResourceExhausted,
        DriverErrorKind.Unsupported => StatusCode.Unimplemented,
        DriverErrorKind.Unavailable => StatusCode.Unavailable,
        _ => StatusCode.Internal,
    };

    public static RpcException ToRpcException(DriverError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var status = ToStatus(error.Kind, error.Reason, error.Message, error.Metadata,
            error is InvalidSpecError invalid ? invalid.Violations : []);
        var trailers = new Metadata { { DetailsTrailer, status.ToByteArray() } };
        return new RpcException(new global::Grpc.Core.Status((StatusCode)status.Code, status.Message), trailers, status.Message);
    }

    public static Status ToStatus(DriverErrorKind kind, string reason, string message, IReadOnlyDictionary<string, string> metadata, IReadOnlyList<FieldViolation> violations)
    {
        var status = new Status { Code = (int)CodeFor(kind, reason), Message = message };
        var info = new ErrorInfo { Reason = reason, Domain = ErrorReasons.Domain };
        info.Metadata.AddAll(metadata);
        status.Details.Add(Any.Pack(info));
        if (violations.Count > 0)
        {
            var bad = new BadRequest();
            bad.FieldViolations.Add(violations.Select(v => new BadRequest.Types.FieldViolation { Field = v.Field, Description = v.Description }));
            status.Details.Add(Any.Pack(bad));
        }

        if (kind == DriverErrorKind.InvalidState)
        {
            var failure = new PreconditionFailure();
            failure.Violations.Add(new PreconditionFailure.Types.Violation
            {
                Type = reason,
                Subject = metadata.TryGetValue("subject", out var subject) ? subject
                    : metadata.TryGetValue("instance", out var i) ? $"instance/{i}" : "",
                Description = message,
            });
            status.Details.Add(Any.Pack(failure));
        }

        if (kind == DriverErrorKind.NotFound && metadata.TryGetValue("resource_type", out var type))
        {
            status.Details.Add(Any.Pack(new ResourceInfo
            {
                ResourceType = type,
                ResourceName = metadata.TryGetValue("resource_name", out var name) ? name : "",
                Description = message,
            }));
        }

        return status;
    }
}
