using Google.Rpc;
using Grpc.Core;
using Status = Google.Rpc.Status;

namespace PowerDrivers.Parity.Support;

/// <summary>A typed refusal as a gRPC client sees it: status code, ErrorInfo reason + metadata, message.</summary>
internal sealed record Refusal(string Code, string Reason, SortedDictionary<string, string> Facts, string Message)
{
    private static readonly HashSet<string> PerRunKeys = new(StringComparer.Ordinal) { "instance", "operation", "resource_name" };

    /// <summary>From a unary call's exception (details in the grpc-status-details-bin trailer).</summary>
    public static Refusal From(RpcException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        var entry = ex.Trailers.Get("grpc-status-details-bin");
        if (entry is null)
        {
            return new Refusal(Words.Upper(ex.StatusCode), "", new(StringComparer.Ordinal), Words.Scrub(ex.Status.Detail));
        }

        return From(Status.Parser.ParseFrom(entry.ValueBytes));
    }

    /// <summary>From a failed operation's error (the same status a unary call would have returned).</summary>
    public static Refusal From(Status status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var info = status.Details.Where(d => d.Is(ErrorInfo.Descriptor)).Select(d => d.Unpack<ErrorInfo>()).FirstOrDefault();
        var facts = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in info?.Metadata ?? [])
        {
            if (!PerRunKeys.Contains(k))
            {
                facts[k] = Words.Scrub(v);
            }
        }

        return new Refusal(Words.Upper((StatusCode)status.Code), info?.Reason ?? "", facts, Words.Scrub(status.Message));
    }
}
