using System.Xml.Linq;
using PowerDrivers.Emulator.Hmc.Model;
using static PowerDrivers.Emulator.Hmc.Wire.Uom;

namespace PowerDrivers.Emulator.Hmc.Wire;

/// <summary>LogonRequest / LogonResponse (logon.xml shape).</summary>
internal static class LogonXml
{
    public static (string User, string Password) Read(string body)
    {
        var request = PartitionXmlReader.Parse(body, "LogonRequest");
        string Value(string name) => request.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value
            ?? throw new HmcException(Hscl.BadRequest, $"The LogonRequest has no {name}.");
        return (Value("UserID"), Value("Password"));
    }

    public static XElement Response(string token)
    {
        var root = new XElement(Web + "LogonResponse",
            new XAttribute("xmlns", Web.NamespaceName),
            new XAttribute("schemaVersion", "V1_1_0"),
            new XElement(Web + "Metadata", new XElement(Web + "Atom")),
            new XElement(Web + "X-API-Session", new XAttribute("kb", "ROR"), new XAttribute("kxe", "false"), token));
        return root;
    }
}
