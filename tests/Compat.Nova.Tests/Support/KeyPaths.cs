using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace PowerDrivers.Compat.Nova.Tests.Support;

/// <summary>The key paths of a JSON body (<c>a.b[].c</c>), for comparing a response's shape with a golden key list.</summary>
public static class KeyPaths
{
    private static readonly HashSet<string> FreeForm = ["addresses", "metadata"];

    public static SortedSet<string> Of(JsonNode? node)
    {
        var paths = new SortedSet<string>(StringComparer.Ordinal);
        Walk(node, "", paths);
        return paths;
    }

    public static SortedSet<string> Golden(string name, [CallerFilePath] string caller = "")
    {
        var file = Path.Combine(Path.GetDirectoryName(caller)!, "Golden", name);
        return new SortedSet<string>(File.ReadAllLines(file).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')), StringComparer.Ordinal);
    }

    private static void Walk(JsonNode? node, string path, SortedSet<string> paths)
    {
        switch (node)
        {
            case JsonObject o:
                if (path.Length > 0)
                {
                    paths.Add(path);
                }

                if (FreeForm.Contains(path[(path.LastIndexOf('.') + 1)..]))
                {
                    return;
                }

                foreach (var (k, v) in o)
                {
                    Walk(v, path.Length == 0 ? k : path + "." + k, paths);
                }

                break;
            case JsonArray a:
                paths.Add(path + "[]");
                foreach (var item in a)
                {
                    Walk(item, path + "[]", paths);
                }

                break;
            default:
                paths.Add(path);
                break;
        }
    }
}
