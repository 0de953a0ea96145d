using Google.Rpc;
using Grpc.Core;

namespace PowerDrivers.Driver.Grpc.Tests.Support;

/// <summary>Reads the google.rpc details a client gets in the grpc-status-details-bin trailer.</summary>
internal static class RichStatus
{
    public static Google.Rpc.Status Details(RpcException ex)
    {
        var entry = ex.Trailers.Get("grpc-status-details-bin") ?? throw new Xunit.Sdk.XunitException("no grpc-status-details-bin trailer");
        return Google.Rpc.Status.Parser.ParseFrom(entry.ValueBytes);
    }

    public static ErrorInfo Info(RpcException ex) =>
        Details(ex).Details.Single(d => d.Is(ErrorInfo.Descriptor)).Unpack<ErrorInfo>();

    public static BadRequest? BadRequest(RpcException ex) =>
        Details(ex).Details.Where(d => d.Is(Google.Rpc.BadRequest.Descriptor)).Select(d => d.Unpack<BadRequest>()).SingleOrDefault();

    public static PreconditionFailure? Precondition(RpcException ex) =>
        Details(ex).Details.Where(d => d.Is(PreconditionFailure.Descriptor)).Select(d => d.Unpack<PreconditionFailure>()).SingleOrDefault();
}
