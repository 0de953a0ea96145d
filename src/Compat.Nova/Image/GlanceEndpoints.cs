using System.Text.Json.Nodes;
using PowerDrivers.Compat.Nova.Hosting;

namespace PowerDrivers.Compat.Nova.Image;

/// <summary>Minimal Glance v2 under <c>/image</c>: versions, image list (with <c>?name=</c>) and show.</summary>
internal static class GlanceEndpoints
{
    private static readonly DateTimeOffset Created = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/image", VersionsAsync);
        app.MapGet("/image/versions", VersionsAsync);
        app.MapGet("/image/v2/images", ListAsync);
        app.MapGet("/image/v2/images/{id}", ShowAsync);
        app.MapGet("/image/v2/schemas/image", (HttpContext c) => Wire.WriteAsync(c, 200, new JsonObject { ["name"] = "image", ["properties"] = new JsonObject() }));
    }

    private static Task VersionsAsync(HttpContext context)
    {
        var root = Wire.BaseUrl(context, context.RequestServices.GetRequiredService<NovaOptions>()) + "/image";
        var versions = new JsonArray();
        foreach (var (id, status) in new[] { ("v2.9", "CURRENT"), ("v2.0", "SUPPORTED") })
        {
            versions.Add(new JsonObject
            {
                ["id"] = id,
                ["status"] = status,
                ["links"] = new JsonArray(new JsonObject { ["rel"] = "self", ["href"] = root + "/v2/" }),
            });
        }

        return Wire.WriteAsync(context, context.Request.Path.Value!.EndsWith("versions", StringComparison.Ordinal) ? 200 : 300, new JsonObject { ["versions"] = versions });
    }

    private static Task ListAsync(HttpContext context)
    {
        var catalog = context.RequestServices.GetRequiredService<ImageCatalog>();
        var name = Wire.Query(context, "name");
        var id = Wire.Query(context, "id");
        var images = catalog.Images.Where(i => (name.Length == 0 || i.Name == name) && (id.Length == 0 || i.Id == id));
        return Wire.WriteAsync(context, 200, new JsonObject
        {
            ["images"] = new JsonArray(images.Select(i => (JsonNode?)Body(i)).ToArray()),
            ["first"] = "/v2/images",
            ["schema"] = "/v2/schemas/images",
        });
    }

    private static Task ShowAsync(HttpContext context)
    {
        var id = (string)context.GetRouteValue("id")!;
        var image = context.RequestServices.GetRequiredService<ImageCatalog>().Find(id)
            ?? throw new NovaFault(404, "error:Not Found", $"No image found with ID {id}");
        return Wire.WriteAsync(context, 200, Body(image));
    }

    /// <summary>An image as Glance v2 shows it.</summary>
    public static JsonObject Body(CatalogImage i) => new()
    {
        ["id"] = i.Id,
        ["name"] = i.Name,
        ["status"] = "active",
        ["visibility"] = "public",
        ["protected"] = false,
        ["os_hidden"] = false,
        ["checksum"] = null,
        ["owner"] = null,
        ["size"] = i.SizeBytes,
        ["virtual_size"] = null,
        ["min_ram"] = i.MinRamMb,
        ["min_disk"] = i.MinDiskGb,
        ["disk_format"] = "raw",
        ["container_format"] = "bare",
        ["architecture"] = i.Architecture,
        ["os_type"] = i.OsType,
        ["hypervisor_type"] = null,
        ["created_at"] = Wire.NovaTime(Created),
        ["updated_at"] = Wire.NovaTime(Created),
        ["tags"] = new JsonArray(),
        ["self"] = "/v2/images/" + i.Id,
        ["file"] = "/v2/images/" + i.Id + "/file",
        ["schema"] = "/v2/schemas/image",
    };
}
