using System.Xml.Linq;

namespace PowerDrivers.Emulator.Hmc.Tests.Golden;

/// <summary>
/// What the recorded documents contain at each element path: child names in order (per occurrence), namespaces and
/// whether the element carries <c>kb</c>. <see cref="AssertConforms"/> checks that every element we write exists at
/// the same path in the reference, in the same namespace, with the same relative order among its siblings.
/// </summary>
internal sealed class ShapeIndex
{
    private readonly Dictionary<string, List<List<string>>> sequences = new(StringComparer.Ordinal);
    private readonly Dictionary<string, XNamespace> namespaces = new(StringComparer.Ordinal);
    private readonly HashSet<string> withKb = new(StringComparer.Ordinal);

    private ShapeIndex()
    {
    }

    public static ShapeIndex Of(IEnumerable<XElement> roots)
    {
        var index = new ShapeIndex();
        foreach (var root in roots)
        {
            index.Add(root, root.Name.LocalName);
        }

        Assert.NotEmpty(index.sequences);
        return index;
    }

    public void AssertConforms(XElement ours)
    {
        var failures = new List<string>();
        Check(ours, ours.Name.LocalName, failures);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static bool IsLeafish(string name) => name is "Metadata" or "link";

    private void Add(XElement element, string path)
    {
        namespaces.TryAdd(path, element.Name.Namespace);
        if (element.Attribute("kb") is not null)
        {
            withKb.Add(path);
        }

        if (!sequences.TryGetValue(path, out var list))
        {
            sequences[path] = list = [];
        }

        list.Add([.. Distinct(element.Elements().Select(e => e.Name.LocalName))]);
        foreach (var child in element.Elements().Where(c => !IsLeafish(c.Name.LocalName)))
        {
            Add(child, path + "/" + child.Name.LocalName);
        }
    }

    private void Check(XElement element, string path, List<string> failures)
    {
        if (!sequences.TryGetValue(path, out var reference))
        {
            failures.Add($"{path}: not in the reference");
            return;
        }

        if (namespaces[path] != element.Name.Namespace)
        {
            failures.Add($"{path}: namespace {element.Name.Namespace} but the reference has {namespaces[path]}");
        }

        if (withKb.Contains(path) && element.Attribute("kb") is null)
        {
            failures.Add($"{path}: the reference carries kb/kxe attributes, ours does not");
        }

        var names = Distinct(element.Elements().Select(e => e.Name.LocalName)).ToList();
        var known = reference.SelectMany(s => s).ToHashSet(StringComparer.Ordinal);
        foreach (var unknown in names.Where(n => !known.Contains(n)))
        {
            failures.Add($"{path}/{unknown}: not in the reference");
        }

        for (var i = 0; i < names.Count; i++)
        {
            for (var j = i + 1; j < names.Count; j++)
            {
                var (a, b) = (names[i], names[j]);
                if (reference.Any(s => s.IndexOf(a) is var ia and >= 0 && s.IndexOf(b) is var ib and >= 0 && ib < ia))
                {
                    failures.Add($"{path}: {a} comes before {b}, the reference has {b} first");
                }
            }
        }

        foreach (var child in element.Elements().Where(c => !IsLeafish(c.Name.LocalName)))
        {
            Check(child, path + "/" + child.Name.LocalName, failures);
        }
    }

    private static IEnumerable<string> Distinct(IEnumerable<string> names)
    {
        string? last = null;
        foreach (var name in names)
        {
            if (name != last)
            {
                yield return name;
            }

            last = name;
        }
    }
}
