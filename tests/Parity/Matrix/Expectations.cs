using System.Text.Json;
using System.Text.Json.Serialization;

namespace PowerDrivers.Parity.Matrix;

/// <summary>What the platform documentation says for one backend: Y, N or partial, and the platform's mechanism in words.</summary>
internal sealed record ExpectedValue(
    [property: JsonPropertyName("expected")] string Expected,
    [property: JsonPropertyName("platform")] string Platform);

/// <summary>One row of tests/Parity/expected.json.</summary>
internal sealed record ExpectedRow(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("feature")] string Feature,
    [property: JsonPropertyName("powervm")] ExpectedValue PowerVm,
    [property: JsonPropertyName("powerkvm")] ExpectedValue PowerKvm,
    [property: JsonPropertyName("source")] string Source)
{
    /// <summary>Why a backend's behaviour here differs from the platform documentation, by backend kind; a difference without one fails.</summary>
    [JsonPropertyName("known_difference")]
    public Dictionary<string, string> KnownDifference { get; init; } = [];

    public ExpectedValue For(string backend) => backend == "powervm" ? PowerVm : PowerKvm;
}

/// <summary>The expected values of every row, with a source note per row (tests/Parity/expected.json).</summary>
internal sealed record Expectations([property: JsonPropertyName("rows")] IReadOnlyList<ExpectedRow> Rows)
{
    public static Expectations Load(string path) =>
        JsonSerializer.Deserialize<Expectations>(File.ReadAllText(path)) ?? throw new InvalidDataException($"{path} is empty");

    public ExpectedRow? Row(string id) => Rows.FirstOrDefault(r => r.Id == id);
}
