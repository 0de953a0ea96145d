using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;

namespace PowerDrivers.Backend.PowerVM.Wire;

/// <summary>Namespaces, media types and helpers shared by the uom (HMC REST) resource mappings.</summary>
internal static class Uom
{
    public static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    public static readonly XNamespace Ns = "http://www.ibm.com/xmlns/systems/power/firmware/uom/mc/2012_10/";
    public static readonly XNamespace Web = "http://www.ibm.com/xmlns/systems/power/firmware/web/mc/2012_10/";
    public const string K2 = "http://www.w3.org/XML/1998/namespace/k2";
    public const string AtomMediaType = "application/atom+xml";

    public static string UomType(string type) => $"application/vnd.ibm.powervm.uom+xml; type={type}";

    public static string WebType(string type) => $"application/vnd.ibm.powervm.web+xml; type={type}";

    /// <summary>An XML body with the exact uom/web media type (no charset parameter, as the HMC expects).</summary>
    public static HttpContent Content(XElement body, string mediaType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body.ToString(SaveOptions.DisableFormatting)));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);
        return content;
    }

    /// <summary>The root of a resource body a client sends: prefixed element, default namespace, schema version, empty Metadata.</summary>
    public static XElement Root(XNamespace ns, string type, string schemaVersion, params object?[] content) =>
        new(ns + type,
            new XAttribute(XNamespace.Xmlns + type, ns.NamespaceName),
            new XAttribute("xmlns", ns.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "ns2", K2),
            new XAttribute("schemaVersion", schemaVersion),
            new XElement(ns + "Metadata", new XElement(ns + "Atom")),
            content);

    /// <summary>A leaf property with its <c>kb</c>/<c>kxe</c> attributes.</summary>
    public static XElement P(string name, object value, string kb = "CUD", XNamespace? ns = null) =>
        new((ns ?? Ns) + name, new XAttribute("kb", kb), new XAttribute("kxe", "false"), Text(value));

    /// <summary>A nested object with <c>kb</c>, <c>schemaVersion</c> and an empty Metadata.</summary>
    public static XElement Group(string name, params object?[] content) =>
        new(Ns + name,
            new XAttribute("kb", "CUD"), new XAttribute("kxe", "false"), new XAttribute("schemaVersion", "V1_0"),
            new XElement(Ns + "Metadata", new XElement(Ns + "Atom")),
            content);

    public static string Text(object value) => value switch
    {
        bool b => b ? "true" : "false",
        decimal d => d.ToString("0.00", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>Parses a body that is an Atom feed, an Atom entry or a bare element.</summary>
    public static XElement Parse(string body) => XElement.Parse(body, LoadOptions.None);

    /// <summary>The uom elements of type <paramref name="type"/> in a feed/entry/bare body, each with its entry ETag if any.</summary>
    public static IEnumerable<(XElement Element, string? ETag)> Objects(XElement root, string type)
    {
        if (root.Name == Atom + "feed")
        {
            foreach (var entry in root.Elements(Atom + "entry"))
            {
                if (FromEntry(entry, type) is { } found)
                {
                    yield return found;
                }
            }
        }
        else if (root.Name == Atom + "entry")
        {
            if (FromEntry(root, type) is { } found)
            {
                yield return found;
            }
        }
        else if (root.Name.LocalName == type)
        {
            yield return (root, null);
        }
    }

    private static (XElement, string?)? FromEntry(XElement entry, string type)
    {
        var body = entry.Element(Atom + "content")?.Elements().FirstOrDefault(e => e.Name.LocalName == type);
        var etag = entry.Elements().FirstOrDefault(e => e.Name.LocalName == "etag")?.Value.Trim();
        return body is null ? null : (body, string.IsNullOrEmpty(etag) ? null : etag);
    }

    public static XElement? Child(this XElement? parent, string name) =>
        parent?.Elements().FirstOrDefault(c => c.Name.LocalName == name);

    public static string? Str(this XElement? parent, string name) =>
        parent.Child(name) is { } c && c.Value.Trim() is { Length: > 0 } v ? v : null;

    public static int? Int(this XElement? parent, string name) =>
        parent.Str(name) is { } v && int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    public static long? Long(this XElement? parent, string name) =>
        parent.Str(name) is { } v && decimal.TryParse(v, NumberStyles.Number, CultureInfo.InvariantCulture, out var n) ? (long)n : null;

    public static decimal? Dec(this XElement? parent, string name) =>
        parent.Str(name) is { } v && decimal.TryParse(v, NumberStyles.Number, CultureInfo.InvariantCulture, out var n) ? n : null;

    public static bool? Bool(this XElement? parent, string name) => parent.Str(name) switch
    {
        "true" => true,
        "false" => false,
        _ => null,
    };

    /// <summary>The last path segment of a link's href (a UUID), or null.</summary>
    public static string? HrefUuid(this XElement? parent, string name) =>
        parent.Child(name)?.Attribute("href")?.Value is { } href ? href.Split('?')[0].TrimEnd('/').Split('/')[^1] : null;
}
