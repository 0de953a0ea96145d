using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Hardware.Power8;

namespace PowerDrivers.Backend.PowerKVM.Hosting;

/// <summary>
/// The host's physical adapters from the hardware profile's PCIe slots, named as the Linux host sees them: Ethernet ports
/// eth0, eth1 … and Fibre Channel ports host0, host1 … (fc_host) with a stable WWPN, SAS ports sas0 …. Under KVM the host owns
/// them all: no virtual FC client logs in through them.
/// </summary>
internal static class HostAdapters
{
    /// <summary>The adapters of <paramref name="profile"/>, owned by the I/O server <paramref name="server"/>.</summary>
    public static IReadOnlyList<IoAdapter> For(HardwareProfile profile, string server, string serial)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var counters = new Dictionary<AdapterKind, int>();
        var adapters = new List<IoAdapter>();
        foreach (var slot in profile.PcieSlots.Where(s => s.Adapter is not null))
        {
            var adapter = slot.Adapter!;
            var ports = new List<IoPort>();
            for (var p = 0; p < adapter.Ports; p++)
            {
                var n = counters.GetValueOrDefault(adapter.Kind);
                counters[adapter.Kind] = n + 1;
                var number = n.ToString(CultureInfo.InvariantCulture);
                ports.Add(adapter.Kind switch
                {
                    AdapterKind.FibreChannel => new IoPort("host" + number, Wwpn(serial, slot.LocationCode, p), adapter.Npiv, 0, 0),
                    AdapterKind.Ethernet => new IoPort("eth" + number, "", false, 0, 0),
                    _ => new IoPort("sas" + number, "", false, 0, 0),
                });
            }

            adapters.Add(new IoAdapter(server, slot.LocationCode, KindWord(adapter.Kind), adapter.Description, ports));
        }

        return adapters;
    }

    /// <summary>The bridge's uplinks: the first port of each Ethernet adapter (an Open vSwitch bond across adapters).</summary>
    public static IReadOnlyList<string> Uplinks(IReadOnlyList<IoAdapter> adapters) =>
        [.. adapters.Where(a => a.Kind == "ethernet" && a.Ports.Count > 0).Select(a => a.Ports[0].Name)];

    private static string KindWord(AdapterKind kind) => kind switch
    {
        AdapterKind.FibreChannel => "fibre-channel",
        AdapterKind.Ethernet => "ethernet",
        _ => "sas",
    };

    /// <summary>A stable WWPN (Emulex-style 10:00:00:90:fa prefix) from the system serial, slot and port.</summary>
    private static string Wwpn(string serial, string location, int port)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{serial}/{location}/{port}"));
        return "10000090fa" + Convert.ToHexStringLower(hash.AsSpan(0, 3));
    }
}
