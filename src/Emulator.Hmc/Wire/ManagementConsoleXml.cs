using System.Xml.Linq;
using static PowerDrivers.Emulator.Hmc.Wire.Uom;

namespace PowerDrivers.Emulator.Hmc.Wire;

/// <summary>The ManagementConsole entry (managementconsole.txt shape).</summary>
internal static class ManagementConsoleXml
{
    public static XElement Entry(HmcModel hmc, LinkBuilder links, bool inFeed)
    {
        var self = links.Uom($"ManagementConsole/{hmc.ConsoleUuid}");
        var body = Root(Ns, "ManagementConsole", "V1_0", hmc.ConsoleUuid, 0,
            Group("MachineTypeModelAndSerialNumber", "ROR",
                P("MachineType", "7042", "CUR"),
                P("Model", "CR8", "CUR"),
                P("SerialNumber", hmc.ConsoleUuid[..7].ToUpperInvariant(), "CUR")),
            new XElement(Ns + "ManagedFrames", new XAttribute("kb", "CUD"), new XAttribute("kxe", "false")),
            Links("ManagedSystems", hmc.Systems.Select(s => $"{self}/ManagedSystem/{s.Uuid}")),
            P("ManagementConsoleName", hmc.Options.ConsoleName, "CUR"),
            Group("NetworkInterfaces", "CUD",
                Group(Ns, "ManagementConsoleNetworkInterface", null,
                    P("InterfaceName", "eth0"),
                    P("NetworkAddress", "127.0.0.1", "CUR"))),
            Group("VersionInfo", "ROR"));
        return Uom.Entry(hmc.ConsoleUuid, "ManagementConsole", DateTimeOffset.UtcNow, self, inFeed ? "1" : null, UomType("ManagementConsole"), body);
    }
}
