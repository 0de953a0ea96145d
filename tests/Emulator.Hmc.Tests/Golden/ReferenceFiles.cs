using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace PowerDrivers.Emulator.Hmc.Tests.Golden;

/// <summary>The recorded real-HMC responses (INFO / HEADERS / BODY sections) under Reference/.</summary>
internal static partial class ReferenceFiles
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    public static string PathOf(string file) => Path.Combine(AppContext.BaseDirectory, "Reference", file);

    /// <summary>The BODY documents of a recorded file (or the file itself when it is plain XML).</summary>
    public static IReadOnlyList<XElement> Bodies(string file)
    {
        var text = File.ReadAllText(PathOf(file));
        var bodies = BodyPattern().Matches(text).Select(m => m.Groups[1].Value.Trim()).ToList();
        return bodies.Count == 0 ? [XElement.Parse(text)] : [.. bodies.Select(b => XElement.Parse(b))];
    }

    /// <summary>The uom/web objects inside the Atom <c>content</c> elements of a file, by local name.</summary>
    public static IReadOnlyList<XElement> Contents(string file, string localName) =>
        [.. Bodies(file).SelectMany(b => b.DescendantsAndSelf(Atom + "content")).Select(c => c.Elements().First()).Where(e => e.Name.LocalName == localName)];

    [GeneratedRegex(@"BODY\{\n(.*?)END OF SECTION\}", RegexOptions.Singleline)]
    private static partial Regex BodyPattern();
}
