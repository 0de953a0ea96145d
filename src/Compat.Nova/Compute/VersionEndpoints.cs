using System.Text.Json.Nodes;
using PowerDrivers.Compat.Nova.Hosting;

namespace PowerDrivers.Compat.Nova.Compute;

/// <summary>The compute version documents: <c>GET /</c> (v2.0 then v2.1), <c>/v2</c> and <c>/v2.1</c> (redirected to the slash form).</summary>
internal static class VersionEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", ListAsync);
        // Routing ignores a trailing slash: the bare form redirects to the slash form, which answers.
        app.MapGet("/v2", c => c.Request.Path.Value!.EndsWith('/') ? ShowAsync(c, "v2.0") : Redirect(c, "/v2/"));
        app.MapGet("/v2.1", c => c.Request.Path.Value!.EndsWith('/') ? ShowAsync(c, "v2.1") : Redirect(c, "/v2.1/"));
    }

    private static JsonObject Version(string root, string id, bool full)
    {
        var v21 = id == "v2.1";
        var href = root + (v21 ? "/v2.1/" : "/v2/");
        var links = new JsonArray(new JsonObject { ["href"] = href, ["rel"] = "self" });
        if (full)
        {
            links.Add(new JsonObject { ["href"] = "http://docs.openstack.org/", ["rel"] = "describedby", ["type"] = "text/html" });
        }

        var version = new JsonObject
        {
            ["id"] = id,
            ["links"] = links,
        };
        if (full)
        {
            version["media-types"] = new JsonArray(new JsonObject { ["base"] = "application/json", ["type"] = $"application/vnd.openstack.compute+json;version={(v21 ? "2.1" : "2")}" });
        }

        version["status"] = v21 ? "CURRENT" : "SUPPORTED";
        version["version"] = v21 ? ApiVersion.Max.ToString() : "";
        version["min_version"] = v21 ? ApiVersion.Min.ToString() : "";
        version["updated"] = v21 ? "2013-07-23T11:33:21Z" : "2011-01-21T11:33:21Z";
        return version;
    }

    private static Task ListAsync(HttpContext http)
    {
        var root = Wire.BaseUrl(http, http.RequestServices.GetRequiredService<NovaOptions>());
        return Wire.WriteAsync(http, 200, new JsonObject { ["versions"] = new JsonArray(Version(root, "v2.0", false), Version(root, "v2.1", false)) });
    }

    private static Task ShowAsync(HttpContext http, string id)
    {
        var root = Wire.BaseUrl(http, http.RequestServices.GetRequiredService<NovaOptions>());
        return Wire.WriteAsync(http, 200, new JsonObject { ["version"] = Version(root, id, true) });
    }

    private static Task Redirect(HttpContext http, string to)
    {
        http.Response.Headers.Location = Wire.BaseUrl(http, http.RequestServices.GetRequiredService<NovaOptions>()) + to;
        return Wire.WriteAsync(http, 302, null);
    }
}
