using System.Xml.Linq;

namespace PowerDrivers.Parity.Support;

/// <summary>Picks a few values out of a platform XML document by element local names, ignoring namespaces.</summary>
internal static class NativeExcerpt
{
    public static string Read(string document, IEnumerable<string> queries)
    {
        var root = XDocument.Parse(document).Root;
        if (root is null)
        {
            return "(empty)";
        }

        var found = new List<string>();
        foreach (var query in queries)
        {
            var (path, attribute) = query.Split('@') is [var p, var a] ? (p, a) : (query, null);
            XElement? at = root;
            foreach (var name in path.Split('/'))
            {
                at = at?.Descendants().FirstOrDefault(e => e.Name.LocalName == name);
            }

            var value = at is null ? null : attribute is null ? at.Value.Trim() : at.Attribute(attribute)?.Value;
            if (value is not null)
            {
                found.Add($"{query}={value}");
            }
        }

        return found.Count == 0 ? "(none of the queried elements)" : string.Join(", ", found);
    }
}
