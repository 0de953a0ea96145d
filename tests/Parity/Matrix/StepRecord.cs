namespace PowerDrivers.Parity.Matrix;

/// <summary>
/// One call of a scenario on one backend: its outcome (ok, or refused with the gRPC code and the typed ErrorInfo reason and
/// metadata), the observable state afterwards, and how long it took. <see cref="Milliseconds"/> never goes into the docs.
/// </summary>
internal sealed record StepRecord
{
    public required string Name { get; init; }

    /// <summary>"ok" or "refused".</summary>
    public required string Outcome { get; init; }

    /// <summary>gRPC status code name of a refusal (UNIMPLEMENTED, RESOURCE_EXHAUSTED, ...).</summary>
    public string? Code { get; init; }

    /// <summary>google.rpc.ErrorInfo reason of a refusal (UNSUPPORTED, INSUFFICIENT_MEMORY, ...).</summary>
    public string? Reason { get; init; }

    /// <summary>ErrorInfo metadata of a refusal, without per-run identifiers.</summary>
    public IReadOnlyDictionary<string, string> Facts { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The refusal's message (identifiers replaced by &lt;id&gt;).</summary>
    public string? Message { get; init; }

    /// <summary>What could be seen after the step: instance state and size as GetInstance reports, or a host/capability reading.</summary>
    public string? Observed { get; init; }

    /// <summary>Wall-clock time of the step (console only).</summary>
    public double Milliseconds { get; init; }

    public bool Ok => Outcome == "ok";

    /// <summary>"CODE/REASON" of a refusal, with the feature or platform code when there is one.</summary>
    public string RefusalWords()
    {
        if (Ok)
        {
            return "ok";
        }

        var extra = Facts.TryGetValue("feature", out var f) ? $" feature={f}" : Facts.TryGetValue("hscl", out var h) ? $" hscl={h}" : "";
        return $"{Code}/{Reason}{extra}";
    }
}
