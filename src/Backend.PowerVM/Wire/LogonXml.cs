using System.Xml.Linq;

namespace PowerDrivers.Backend.PowerVM.Wire;

/// <summary>The web <c>LogonRequest</c> a client PUTs to <c>/rest/api/web/Logon</c> and the <c>LogonResponse</c> carrying the session token.</summary>
internal static class LogonXml
{
    public static readonly string RequestType = Uom.WebType("LogonRequest");
    public static readonly string ResponseType = Uom.WebType("LogonResponse");

    public static XElement Request(string user, string password) =>
        new(Uom.Web + "LogonRequest",
            new XAttribute("xmlns", Uom.Web.NamespaceName),
            new XAttribute("schemaVersion", "V1_0"),
            new XElement(Uom.Web + "Metadata", new XElement(Uom.Web + "Atom")),
            Uom.P("UserID", user, "CUR", Uom.Web),
            Uom.P("Password", password, "CUR", Uom.Web));

    /// <summary>The session token, or null when the body carries none.</summary>
    public static string? Token(string body)
    {
        var root = Uom.Parse(body);
        var logon = root.Name.LocalName == "LogonResponse" ? root : root.Descendants().FirstOrDefault(e => e.Name.LocalName == "LogonResponse");
        return logon.Str("X-API-Session");
    }
}
