namespace PowerDrivers.Parity.Matrix;

/// <summary>One backend's result for one scenario.</summary>
internal sealed record Cell(Verdict Verdict, string Reason, Evidence Evidence, IReadOnlyList<StepRecord> Steps)
{
    /// <summary>Set when the scenario itself broke (an unexpected exception), so a test can fail on it.</summary>
    public string? HarnessError { get; init; }

    public string Symbol => Verdict switch
    {
        Verdict.Yes => "✓",
        Verdict.No => "✗",
        _ => "partial",
    };

    /// <summary>The expected-file token of the verdict.</summary>
    public string Token => Verdict switch
    {
        Verdict.Yes => "Y",
        Verdict.No => "N",
        _ => "partial",
    };
}

/// <summary>One scenario's cells, by backend kind ("powervm", "powerkvm").</summary>
internal sealed record ScenarioResult(string Id, string Title, IReadOnlyDictionary<string, Cell> Cells)
{
    /// <summary>"same result" when both backends reached the same verdict, else "different result".</summary>
    public string Comparison => Cells.Values.Select(c => c.Verdict).Distinct().Count() == 1 ? "same result" : "different result";
}
