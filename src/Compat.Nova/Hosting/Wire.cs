using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PowerDrivers.Compat.Nova.Hosting;

/// <summary>JSON in and out, URLs and time formats shared by the Keystone, Glance and Nova endpoints.</summary>
internal static class Wire
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task WriteAsync(HttpContext context, int status, JsonNode? body)
    {
        context.Response.StatusCode = status;
        if (body is null)
        {
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(Compact), context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The request body as a JSON object; a missing or empty body is <c>null</c>; malformed JSON is a 400.</summary>
    public static async Task<JsonObject?> ReadObjectAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var text = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            throw NovaFault.BadRequest("Malformed request body");
        }

        return node switch
        {
            null => null,
            JsonObject o => o,
            _ => throw NovaFault.BadRequest("The request body must be a JSON object"),
        };
    }

    /// <summary>The body's single top-level object <paramref name="key"/>, or a 400.</summary>
    public static async Task<JsonObject> ReadRequiredAsync(HttpContext context, string key)
    {
        var body = await ReadObjectAsync(context).ConfigureAwait(false);
        return body?[key] as JsonObject ?? throw NovaFault.BadRequest($"Invalid input for field/attribute {key}. Value: {body?.ToJsonString() ?? "None"}. '{key}' is a required property");
    }

    /// <summary>The base URL for links and the catalog: configured, or from the request.</summary>
    public static string BaseUrl(HttpContext context, NovaOptions options) =>
        options.PublicUrl.Length > 0 ? options.PublicUrl.TrimEnd('/') : $"{context.Request.Scheme}://{context.Request.Host}";

    /// <summary>Nova's resource time format: <c>2013-09-03T04:01:32Z</c>.</summary>
    public static string NovaTime(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Keystone's token time format: <c>2015-11-09T01:42:57.527363Z</c>.</summary>
    public static string KeystoneTime(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Nova's fractional time format used by os-services and instance actions: <c>2012-10-29T13:42:02.000000</c>.</summary>
    public static string NovaMicroTime(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffff", CultureInfo.InvariantCulture);

    public static JsonArray Links(string self, string bookmark) =>
    [
        new JsonObject { ["href"] = self, ["rel"] = "self" },
        new JsonObject { ["href"] = bookmark, ["rel"] = "bookmark" },
    ];

    public static string? String(JsonObject o, string key) => o[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static string Query(HttpContext context, string key) => context.Request.Query[key].ToString();
}
