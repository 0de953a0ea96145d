using System.Globalization;
using System.Xml.Linq;
using PowerDrivers.Hardware.Power8;

namespace PowerDrivers.Backend.PowerKVM.Hosting;

/// <summary>
/// The node file of libvirt's test hypervisor, generated from a hardware profile so that libvirt itself reports the
/// emulated POWER8 machine: CPU model POWER8, one NUMA cell per socket, the profile's cores and SMT threads, the
/// activated cores as active CPUs, and the activated memory.
/// </summary>
internal static class NodeXml
{
    /// <summary>The node XML for <paramref name="profile"/>.</summary>
    public static string For(HardwareProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var node = new XElement("node",
            new XComment($" {profile.Description}: generated from the hardware profile {profile.Model} "),
            new XElement("cpu",
                new XElement("nodes", profile.Sockets),
                new XElement("sockets", 1),
                new XElement("cores", profile.CoresPerSocket),
                new XElement("threads", profile.SmtThreads),
                new XElement("active", profile.ActivatedCores * profile.SmtThreads),
                new XElement("mhz", ((int)Math.Round(profile.FrequencyGhz * 1000)).ToString(CultureInfo.InvariantCulture)),
                new XElement("model", "POWER8")),
            new XElement("memory", (profile.ActivatedMemoryMb * 1024).ToString(CultureInfo.InvariantCulture)));
        return node.ToString(SaveOptions.None) + "\n";
    }

    /// <summary>Writes the node file for <paramref name="profile"/> under <paramref name="directory"/> (replacing it atomically) and returns its absolute path.</summary>
    public static string Write(HardwareProfile profile, string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.GetFullPath(Path.Combine(directory, "libvirt-node.xml"));
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, For(profile));
        File.Move(temporary, path, overwrite: true);
        return path;
    }
}
