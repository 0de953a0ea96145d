using System.Globalization;
using System.Xml.Linq;

namespace PowerDrivers.Emulator.Hmc.Wire;

/// <summary>Namespaces, media types and the element builders every uom resource mapping shares.</summary>
internal static class Uom
{
    public static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    public static readonly XNamespace Ns = "http://www.ibm.com/xmlns/systems/power/firmware/uom/mc/2012_10/";
    public static readonly XNamespace Web = "http://www.ibm.com/xmlns/systems/power/firmware/web/mc/2012_10/";
    public const string K2 = "http://www.w3.org/XML/1998/namespace/k2";
    public const string OpenSearch = "http://a9.com/-/spec/opensearch/1.1/";
    public const string Xhtml = "http://www.w3.org/1999/xhtml";
    public const string Generator = "IBM Power Systems Management Console";
    public const string AtomMediaType = "application/atom+xml";

    public static string UomType(string type) => $"application/vnd.ibm.powervm.uom+xml; type={type}";

    public static string WebType(string type) => $"application/vnd.ibm.powervm.web+xml; type={type}";

    /// <summary>The root of a resource, e.g. <c>&lt;ManagedSystem:ManagedSystem xmlns:ManagedSystem=… xmlns=… xmlns:ns2=k2 schemaVersion=…&gt;</c>.</summary>
    public static XElement Root(XNamespace ns, string type, string schemaVersion, string? atomId, long atomCreated, params object?[] content)
    {
        var atom = atomId is null
            ? new XElement(ns + "Atom")
            : new XElement(ns + "Atom", new XElement(ns + "AtomID", atomId), new XElement(ns + "AtomCreated", atomCreated));
        return new XElement(ns + type,
            new XAttribute(XNamespace.Xmlns + type, ns.NamespaceName),
            new XAttribute("xmlns", ns.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "ns2", K2),
            new XAttribute("schemaVersion", schemaVersion),
            new XElement(ns + "Metadata", atom),
            content);
    }

    /// <summary>A leaf property with its <c>kb</c>/<c>kxe</c> attributes.</summary>
    public static XElement P(string name, object? value, string kb = "CUD", XNamespace? ns = null) =>
        new((ns ?? Ns) + name, new XAttribute("kb", kb), new XAttribute("kxe", "false"), Text(value));

    /// <summary>A nested object with <c>schemaVersion</c> and an empty Metadata.</summary>
    public static XElement Group(string name, string? kb, params object?[] content) => Group(Ns, name, kb, content);

    public static XElement Group(XNamespace ns, string name, string? kb, params object?[] content) =>
        new(ns + name,
            kb is null ? null : new XAttribute("kb", kb),
            kb is null ? null : new XAttribute("kxe", "false"),
            new XAttribute("schemaVersion", "V1_0"),
            new XElement(ns + "Metadata", new XElement(ns + "Atom")),
            content);

    /// <summary>A list of <c>link rel="related"</c>.</summary>
    public static XElement Links(string name, IEnumerable<string> hrefs, string kb = "CUD") =>
        new(Ns + name, new XAttribute("kb", kb), new XAttribute("kxe", "false"),
            hrefs.Select(h => new XElement(Ns + "link", new XAttribute("href", h), new XAttribute("rel", "related"))));

    /// <summary>A property that is itself a link (<c>&lt;AssociatedManagedSystem href=… rel="related"/&gt;</c>).</summary>
    public static XElement Link(string name, string href, string kb = "CUD") =>
        new(Ns + name, new XAttribute("kb", kb), new XAttribute("kxe", "false"), new XAttribute("href", href), new XAttribute("rel", "related"));

    public static string? Text(object? value) => value switch
    {
        null => null,
        bool b => b ? "true" : "false",
        decimal d => d.ToString("0.00", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    public static string Units(int centi) => (centi / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>An Atom entry wrapping <paramref name="body"/>.</summary>
    public static XElement Entry(string id, string title, DateTimeOffset published, string? selfHref, string? etag, string contentType, XElement body, params XElement[] extraLinks) =>
        new(Atom + "entry",
            AtomNamespaces(),
            new XElement(Atom + "id", id),
            new XElement(Atom + "title", title),
            new XElement(Atom + "published", Timestamp(published)),
            selfHref is null ? null : new XElement(Atom + "link", new XAttribute("rel", "SELF"), new XAttribute("href", selfHref)),
            extraLinks,
            new XElement(Atom + "author", new XElement(Atom + "name", Generator)),
            etag is null ? null : new XElement(Ns + "etag", new XAttribute(XNamespace.Xmlns + "etag", Ns.NamespaceName), new XAttribute("xmlns", Ns.NamespaceName), etag),
            new XElement(Atom + "content", new XAttribute("type", contentType), body));

    /// <summary>An Atom feed of <paramref name="entries"/> (entries lose their own namespace declarations).</summary>
    public static XElement Feed(string id, DateTimeOffset updated, string selfHref, string? consoleHref, IEnumerable<XElement> entries)
    {
        var feed = new XElement(Atom + "feed",
            AtomNamespaces(),
            new XElement(Atom + "id", id),
            new XElement(Atom + "updated", Timestamp(updated)),
            new XElement(Atom + "link", new XAttribute("rel", "SELF"), new XAttribute("href", selfHref)),
            consoleHref is null ? null : new XElement(Atom + "link", new XAttribute("rel", "MANAGEMENT_CONSOLE"), new XAttribute("href", consoleHref)),
            new XElement(Atom + "generator", Generator));
        foreach (var entry in entries)
        {
            entry.Attributes().Where(a => a.IsNamespaceDeclaration).Remove();
            feed.Add(entry);
        }

        return feed;
    }

    public static string Timestamp(DateTimeOffset value) => value.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    private static object[] AtomNamespaces() =>
    [
        new XAttribute("xmlns", Atom.NamespaceName),
        new XAttribute(XNamespace.Xmlns + "ns2", OpenSearch),
        new XAttribute(XNamespace.Xmlns + "ns3", Xhtml),
    ];
}
