using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;

namespace PowerDrivers.Emulator.Hmc.Server;

/// <summary>Writing XML answers with the HMC's headers.</summary>
internal static class Reply
{
    private const string Declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

    /// <summary>
    /// Writes <paramref name="body"/>. Atom answers carry no XML declaration, as the HMC sends them (clients parse the
    /// text as a string, where a declared encoding is an error); only the LogonResponse has one.
    /// </summary>
    public static Task XmlAsync(HttpContext context, int status, string contentType, XElement body, string? etag, CancellationToken cancellationToken, bool declaration = false) =>
        TextAsync(context, status, contentType, (declaration ? Declaration : string.Empty) + body.ToString(SaveOptions.DisableFormatting), etag, cancellationToken);

    /// <summary>Writes XML already serialised, with the HMC's headers.</summary>
    public static async Task TextAsync(HttpContext context, int status, string contentType, string text, string? etag, CancellationToken cancellationToken)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = contentType;
        if (etag is not null)
        {
            response.Headers.ETag = etag;
        }

        response.Headers.CacheControl = "no-transform, must-revalidate, proxy-revalidate, no-cache=set-cookie";
        response.Headers["X-HMC-Schema-Version"] = "V1_3_0";
        var bytes = Encoding.UTF8.GetBytes(text);
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
    }

    public static Task EmptyAsync(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        context.Response.ContentLength = 0;
        return Task.CompletedTask;
    }

    /// <summary>A combined ETag for a feed (changes when any entry changes).</summary>
    public static string FeedETag(IEnumerable<string> parts)
    {
        var hash = 17;
        foreach (var part in parts)
        {
            foreach (var c in part)
            {
                hash = unchecked((hash * 31) + c);
            }
        }

        return hash.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
