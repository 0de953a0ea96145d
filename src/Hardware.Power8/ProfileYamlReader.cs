using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace PowerDrivers.Hardware.Power8;

/// <summary>
/// Reads the fields of one YAML mapping by hand so every error can name file, line and field, and so fields
/// nobody asked for are rejected (<see cref="RejectUnknown"/>).
/// </summary>
internal sealed class ProfileYamlReader
{
    private readonly YamlMappingNode node;
    private readonly string prefix;
    private readonly HashSet<string> consumed = new(StringComparer.Ordinal);

    public ProfileYamlReader(string file, YamlNode node, string prefix)
    {
        File = file;
        this.prefix = prefix;
        this.node = node as YamlMappingNode ?? throw Fail(node, prefix.Length == 0 ? null : prefix.TrimEnd('.'), "must be a mapping");
    }

    public string File { get; }

    public HardwareProfileException Fail(YamlNode at, string? field, string problem) =>
        new(File, checked((int)at.Start.Line), field, problem);

    public HardwareProfileException FailField(string key, string problem) =>
        new(File, LineOf(key), Path(key), problem);

    /// <summary>Line of <paramref name="key"/>'s value, or of the mapping when the key is absent.</summary>
    public int LineOf(string key) =>
        checked((int)(Find(key)?.Start.Line ?? node.Start.Line));

    public string Path(string key) => prefix + key;

    public YamlNode? Optional(string key)
    {
        consumed.Add(key);
        return Find(key);
    }

    public YamlNode Required(string key) =>
        Optional(key) ?? throw new HardwareProfileException(File, checked((int)node.Start.Line), Path(key), "is required");

    public string RequiredString(string key)
    {
        var value = Scalar(key, Required(key));
        return value.Length == 0 ? throw FailField(key, "must not be empty") : value;
    }

    public string OptionalString(string key, string fallback) =>
        Optional(key) is { } n ? Scalar(key, n) : fallback;

    public int RequiredPositiveInt(string key) => PositiveInt(key, Required(key));

    public int OptionalPositiveInt(string key, int fallback) =>
        Optional(key) is { } n ? PositiveInt(key, n) : fallback;

    public long RequiredPositiveLong(string key)
    {
        var n = Required(key);
        var text = Scalar(key, n);
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw Fail(n, Path(key), $"must be an integer (got '{text}')");
        }

        return value > 0 ? value : throw Fail(n, Path(key), $"must be positive (got {value})");
    }

    public double RequiredPositiveDouble(string key)
    {
        var n = Required(key);
        var text = Scalar(key, n);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw Fail(n, Path(key), $"must be a number (got '{text}')");
        }

        return value > 0 ? value : throw Fail(n, Path(key), $"must be positive (got {value.ToString(CultureInfo.InvariantCulture)})");
    }

    public bool OptionalBool(string key, bool fallback)
    {
        if (Optional(key) is not { } n)
        {
            return fallback;
        }

        return Scalar(key, n) switch
        {
            "true" => true,
            "false" => false,
            var other => throw Fail(n, Path(key), $"must be true or false (got '{other}')"),
        };
    }

    public IReadOnlyList<(YamlNode Node, string Value)> RequiredStringList(string key)
    {
        var items = RequiredSequence(key);
        return [.. items.Select((item, i) => (item, Scalar($"{key}[{i}]", item)))];
    }

    public IReadOnlyList<YamlNode> RequiredSequence(string key)
    {
        var n = Required(key);
        if (n is not YamlSequenceNode seq)
        {
            throw Fail(n, Path(key), "must be a list");
        }

        return seq.Children.Count == 0 ? throw Fail(n, Path(key), "must not be empty") : [.. seq.Children];
    }

    /// <summary>Throws for the first key of the mapping that no reader call asked for.</summary>
    public void RejectUnknown()
    {
        foreach (var (key, _) in node.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? "?";
            if (!consumed.Contains(name))
            {
                throw Fail(key, Path(name), "is not a known field");
            }
        }
    }

    private int PositiveInt(string key, YamlNode n)
    {
        var text = Scalar(key, n);
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw Fail(n, Path(key), $"must be an integer (got '{text}')");
        }

        return value > 0 ? value : throw Fail(n, Path(key), $"must be positive (got {value})");
    }

    private string Scalar(string key, YamlNode n) =>
        n is YamlScalarNode s ? (s.Value ?? string.Empty).Trim() : throw Fail(n, Path(key), "must be a single value, not a list or mapping");

    private YamlNode? Find(string key)
    {
        foreach (var (k, v) in node.Children)
        {
            if (k is YamlScalarNode s && string.Equals(s.Value, key, StringComparison.Ordinal))
            {
                return v;
            }
        }

        return null;
    }
}
