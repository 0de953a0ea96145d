using System.Globalization;
using System.Text.RegularExpressions;

namespace PowerDrivers.Parity.Support;

/// <summary>Text helpers that keep generated documents free of per-run values.</summary>
internal static partial class Words
{
    /// <summary>PascalCase enum name → UPPER_SNAKE (the proto spelling without the type prefix).</summary>
    public static string Upper<T>(T value) where T : struct, Enum =>
        CamelBoundary().Replace(value.ToString(), "$1_$2").ToUpperInvariant();

    /// <summary>Replaces UUIDs (instance ids, partition UUIDs, domain UUIDs) with &lt;id&gt;.</summary>
    public static string Scrub(string text) => Uuid().Replace(text, "<id>");

    public static string Num(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex("([a-z0-9])([A-Z])")]
    private static partial Regex CamelBoundary();

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex Uuid();
}
