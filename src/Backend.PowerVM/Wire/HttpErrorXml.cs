using System.Text.RegularExpressions;
using System.Xml;

namespace PowerDrivers.Backend.PowerVM.Wire;

/// <summary>Reads an <c>HttpErrorResponse</c> (status, reason code, message with its HSCL code).</summary>
internal static partial class HttpErrorXml
{
    /// <summary>(code, message, reason) from an error body; code is the first HSCLxxxx in the message or reason, else null.</summary>
    public static (string? Code, string Message, string Reason) Read(string body)
    {
        try
        {
            var root = Uom.Parse(body);
            var error = root.Name.LocalName == "HttpErrorResponse" ? root : root.Descendants().FirstOrDefault(e => e.Name.LocalName == "HttpErrorResponse");
            if (error is null)
            {
                return (null, Shorten(body), "");
            }

            var message = error.Str("Message") ?? "";
            var reason = error.Str("ReasonCode") ?? "";
            return (Code(message) ?? Code(reason), message.Length > 0 ? message : reason, reason);
        }
        catch (XmlException)
        {
            return (Code(body), Shorten(body), "");
        }
    }

    /// <summary>The first HSCL code in <paramref name="text"/>, or null.</summary>
    public static string? Code(string text) => HsclPattern().Match(text) is { Success: true } m ? m.Value : null;

    private static string Shorten(string text) => text.Length > 300 ? text[..300] : text;

    [GeneratedRegex(@"\bHSCL[0-9A-Fa-f]{4}\b")]
    private static partial Regex HsclPattern();
}
