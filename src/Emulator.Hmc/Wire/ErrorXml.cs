using System.Xml.Linq;
using static PowerDrivers.Emulator.Hmc.Wire.Uom;

namespace PowerDrivers.Emulator.Hmc.Wire;

/// <summary>HttpErrorResponse entries (fake_httperror*.txt shape).</summary>
internal static class ErrorXml
{
    public static XElement Entry(int status, string requestUri, string reason, string message) =>
        Uom.Entry(Guid.NewGuid().ToString(), "HttpErrorResponse", DateTimeOffset.UtcNow, null, null, WebType("HttpErrorResponse"),
            Root(Web, "HttpErrorResponse", "V1_2_0", null, 0,
                P("HTTPStatus", status, "ROR", Web),
                P("RequestURI", requestUri, "ROR", Web),
                P("ReasonCode", reason, "ROR", Web),
                P("Message", message, "ROO", Web),
                new XElement(Web + "RequestBody", new XAttribute("kb", "ROO"), new XAttribute("kxe", "false")),
                new XElement(Web + "RequestHeaders", new XAttribute("kb", "ROO"), new XAttribute("kxe", "false"))));
}
