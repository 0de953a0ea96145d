using System.Globalization;
using System.Text.Json.Nodes;
using PowerDrivers.Compat.Nova.Hosting;

namespace PowerDrivers.Compat.Nova.Compute;

/// <summary>Nova's marker/limit paging: the page after the marker's item, and the <c>next</c> link when the page is full.</summary>
internal static class Paging
{
    public static (List<T> Page, string? NextMarker) Apply<T>(IReadOnlyList<T> items, Func<T, string> id, string marker, string limit)
    {
        var start = 0;
        if (marker.Length > 0)
        {
            var index = items.Select(id).ToList().IndexOf(marker);
            if (index < 0)
            {
                throw NovaFault.BadRequest($"marker [{marker}] not found");
            }

            start = index + 1;
        }

        int? max = null;
        if (limit.Length > 0)
        {
            if (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                throw NovaFault.BadRequest($"Invalid input for query parameters limit. Value: {limit}.");
            }

            max = n;
        }

        var page = items.Skip(start).Take(max ?? 1000).ToList();
        var next = max is > 0 && page.Count == max ? id(page[^1]) : null;
        return (page, next);
    }

    public static JsonArray NextLink(string path, IQueryCollection query, string marker)
    {
        var parts = query.Where(kv => kv.Key != "marker").SelectMany(kv => kv.Value.Select(v => $"{Uri.EscapeDataString(kv.Key)}={Uri.EscapeDataString(v ?? "")}")).ToList();
        parts.Add("marker=" + Uri.EscapeDataString(marker));
        return [new JsonObject { ["href"] = path + "?" + string.Join("&", parts), ["rel"] = "next" }];
    }
}
