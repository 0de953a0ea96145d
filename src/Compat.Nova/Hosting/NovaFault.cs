using System.Text.Json.Nodes;
using Google.Rpc;
using Grpc.Core;

namespace PowerDrivers.Compat.Nova.Hosting;

/// <summary>
/// A Nova fault: <c>{"&lt;name&gt;": {"message": …, "code": …}}</c>. Thrown by handlers and written by the
/// front's middleware; <see cref="FromRpc"/> is the one place where gRPC statuses become Nova faults.
/// </summary>
internal sealed class NovaFault : Exception
{
    public NovaFault(int code, string name, string message)
        : base(message)
    {
        Code = code;
        Name = name;
    }

    public NovaFault()
        : this(500, "computeFault", "Unexpected API Error.")
    {
    }

    public NovaFault(string message)
        : this(500, "computeFault", message)
    {
    }

    public NovaFault(string message, Exception inner)
        : base(message, inner)
    {
        Code = 500;
        Name = "computeFault";
    }

    public int Code { get; }

    public string Name { get; }

    /// <summary>
    /// Nova's (and Cinder's) fault body, Keystone's <c>{"error": {code, message, title}}</c> for identity faults, or
    /// Neutron's <c>{"NeutronError": {type, message, detail}}</c> for network faults.
    /// </summary>
    public JsonObject Body()
    {
        if (Name.StartsWith("error:", StringComparison.Ordinal))
        {
            return new JsonObject { ["error"] = new JsonObject { ["code"] = Code, ["message"] = Message, ["title"] = Name["error:".Length..] } };
        }

        if (Name.StartsWith(NeutronPrefix, StringComparison.Ordinal))
        {
            return new JsonObject { ["NeutronError"] = new JsonObject { ["type"] = Name[NeutronPrefix.Length..], ["message"] = Message, ["detail"] = "" } };
        }

        return new JsonObject { [Name] = new JsonObject { ["message"] = Message, ["code"] = Code } };
    }

    private const string NeutronPrefix = "neutron:";

    /// <summary>A Neutron fault of a type (<c>NetworkNotFound</c>, <c>PortInUse</c>, …).</summary>
    public static NovaFault Neutron(int code, string type, string message) => new(code, NeutronPrefix + type, message);

    /// <summary>The same fault in Neutron's shape (identity faults and Neutron faults stay as they are).</summary>
    public NovaFault AsNeutron()
    {
        if (Name.StartsWith(NeutronPrefix, StringComparison.Ordinal) || Name.StartsWith("error:", StringComparison.Ordinal))
        {
            return this;
        }

        var type = Code switch
        {
            400 => "BadRequest",
            403 => "Forbidden",
            404 => "NotFound",
            405 => "MethodNotAllowed",
            409 => "Conflict",
            503 => "ServiceUnavailable",
            _ => "InternalServerError",
        };
        return Neutron(Code, type, Message);
    }

    /// <summary>The <c>feature</c> the driver named in an UNIMPLEMENTED refusal (e.g. <c>live_volume_attach</c>), or null.</summary>
    public static string? Feature(RpcException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        var info = RichStatus(ex)?.Details.Where(d => d.Is(ErrorInfo.Descriptor)).Select(d => d.Unpack<ErrorInfo>()).FirstOrDefault();
        return info?.Metadata.TryGetValue("feature", out var f) == true ? f : null;
    }

    /// <summary>The stable reason the driver gave (ErrorInfo.reason, e.g. <c>VOLUME_IN_USE</c>), or null.</summary>
    public static string? Reason(RpcException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        return RichStatus(ex)?.Details.Where(d => d.Is(ErrorInfo.Descriptor)).Select(d => d.Unpack<ErrorInfo>()).FirstOrDefault()?.Reason;
    }

    public static NovaFault BadRequest(string message) => new(400, "badRequest", message);

    public static NovaFault NotFound(string message) => new(404, "itemNotFound", message);

    public static NovaFault Forbidden(string message) => new(403, "forbidden", message);

    public static NovaFault Conflict(string message) => new(409, "conflictingRequest", message);

    public static NovaFault ServerNotFound(string id) => NotFound($"Instance {id} could not be found.");

    /// <summary>
    /// Maps a driver error: INVALID_ARGUMENT → 400 badRequest (with each field violation); NOT_FOUND → 404 itemNotFound;
    /// FAILED_PRECONDITION, ABORTED, ALREADY_EXISTS → 409 conflictingRequest; RESOURCE_EXHAUSTED → 403 forbidden
    /// (Nova's answer to quota and capacity refusals at the API); UNIMPLEMENTED → 400 badRequest with the backend's
    /// reason (Nova's <c>raise_feature_not_supported</c>); UNAVAILABLE → 409 conflictingRequest (Nova's
    /// ComputeServiceUnavailable); anything else → 500 computeFault.
    /// </summary>
    public static NovaFault FromRpc(RpcException ex, string? instanceId = null)
    {
        ArgumentNullException.ThrowIfNull(ex);
        var detail = ex.Status.Detail;
        var status = RichStatus(ex);
        var info = status?.Details.Where(d => d.Is(ErrorInfo.Descriptor)).Select(d => d.Unpack<ErrorInfo>()).FirstOrDefault();
        return ex.StatusCode switch
        {
            StatusCode.InvalidArgument => BadRequest(WithViolations(detail, status)),
            StatusCode.NotFound when info?.Reason == "INSTANCE_NOT_FOUND" || (info is null && instanceId is not null) =>
                ServerNotFound(instanceId ?? (info?.Metadata.TryGetValue("instance", out var i) == true ? i : "")),
            StatusCode.NotFound => NotFound(detail),
            StatusCode.FailedPrecondition or StatusCode.Aborted or StatusCode.AlreadyExists => Conflict(detail),
            StatusCode.ResourceExhausted => Forbidden(detail),
            StatusCode.Unimplemented => BadRequest(detail),
            StatusCode.Unavailable => Conflict(
                info?.Metadata.TryGetValue("host", out var h) == true
                    ? $"Compute service of {h} is unavailable at this time. {detail}"
                    : $"Compute service is unavailable at this time. {detail}"),
            StatusCode.DeadlineExceeded or StatusCode.Cancelled => new NovaFault(503, "serviceUnavailable", detail),
            _ => new NovaFault(500, "computeFault", detail.Length > 0 ? detail : "Unexpected API Error."),
        };
    }

    private static Google.Rpc.Status? RichStatus(RpcException ex)
    {
        var entry = ex.Trailers.Get("grpc-status-details-bin");
        if (entry is null || !entry.IsBinary)
        {
            return null;
        }

        try
        {
            return Google.Rpc.Status.Parser.ParseFrom(entry.ValueBytes);
        }
        catch (Google.Protobuf.InvalidProtocolBufferException)
        {
            return null;
        }
    }

    private static string WithViolations(string detail, Google.Rpc.Status? status)
    {
        var bad = status?.Details.Where(d => d.Is(Google.Rpc.BadRequest.Descriptor)).Select(d => d.Unpack<BadRequest>()).FirstOrDefault();
        if (bad is null || bad.FieldViolations.Count == 0)
        {
            return detail;
        }

        var fields = string.Join("; ", bad.FieldViolations.Select(v => $"{v.Field}: {v.Description}"));
        return detail.Contains(fields, StringComparison.Ordinal) ? detail : $"{detail} ({fields})";
    }
}
