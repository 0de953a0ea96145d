using System.Globalization;
using System.Text;

namespace PowerDrivers.Emulator.Hmc.Model;

/// <summary>The VIOS command-line view of the mappings (<c>lsmap -all</c>, <c>lsmap -all -npiv</c>), for people used to the VIOS shell.</summary>
public sealed partial class EmulatedSystem
{
    /// <summary>What <c>lsmap -all</c> (or, with <paramref name="npiv"/>, <c>lsmap -all -npiv</c>) prints on the VIOS.</summary>
    public string Lsmap(string viosUuid, bool npiv = false)
    {
        lock (gate)
        {
            var vios = GetVios(viosUuid);
            var io = Io(vios);
            var text = new StringBuilder();
            var c = CultureInfo.InvariantCulture;
            if (npiv)
            {
                text.AppendLine("Name          Physloc                            ClntID ClntName       ClntOS").AppendLine("------------- ---------------------------------- ------ -------------- -------");
                foreach (var m in io.Fc.OrderBy(m => m.AdapterNumber))
                {
                    var client = partitions.GetValueOrDefault(m.ClientUuid);
                    var loggedIn = client is not null && client.State.IsActive() && vios.State == PartitionState.Running && m.PortName is not null;
                    text.AppendLine(c, $"{"vfchost" + m.AdapterNumber,-13} {VirtualLocation(vios.Definition.Id, m.ServerSlot),-34} {client?.Definition.Id ?? 0,6} {client?.Definition.Name ?? string.Empty,-14} {(client?.RmcActive == true ? "Linux" : string.Empty)}")
                        .AppendLine()
                        .AppendLine(c, $"Status:{(loggedIn ? "LOGGED_IN" : "NOT_LOGGED_IN")}")
                        .AppendLine(c, $"FC name:{m.PortName ?? string.Empty,-20} FC loc code:{FcPorts(vios).FirstOrDefault(p => p.Name == m.PortName)?.LocationCode ?? string.Empty}")
                        .AppendLine(c, $"Ports logged in:{(loggedIn ? 1 : 0)}")
                        .AppendLine(c, $"VFC client WWPNs:{string.Join(' ', m.Wwpns)}")
                        .AppendLine(c, $"VFC client DRC:{(client is null ? string.Empty : VirtualLocation(client.Definition.Id, m.ClientSlot))}")
                        .AppendLine();
                }

                return text.ToString();
            }

            foreach (var pair in io.Scsi.GroupBy(m => m.ServerSlot).OrderBy(g => g.First().AdapterNumber))
            {
                var first = pair.First();
                var client = partitions.GetValueOrDefault(first.ClientUuid);
                text.AppendLine("SVSA            Physloc                                      Client Partition ID")
                    .AppendLine("--------------- -------------------------------------------- ------------------")
                    .AppendLine(c, $"{"vhost" + first.AdapterNumber,-15} {VirtualLocation(vios.Definition.Id, first.ServerSlot),-44} 0x{client?.Definition.Id ?? 0:x8}")
                    .AppendLine();
                foreach (var m in pair.Where(m => m.Backing is not null))
                {
                    var vtd = (m.Backing!.Kind == BackingKind.VirtualOptical ? "vtopt" : "vtscsi") + m.TargetNumber.ToString(c);
                    var backing = m.Backing.Kind == BackingKind.LogicalUnit ? ssp?.LogicalUnits.FirstOrDefault(l => l.Udid == m.Backing.Name)?.Name ?? m.Backing.Name : m.Backing.Name;
                    text.AppendLine(c, $"VTD                   {vtd}")
                        .AppendLine(c, $"Status                {(vios.State == PartitionState.Running ? "Available" : "Defined")}")
                        .AppendLine(c, $"LUN                   0x8{m.TargetNumber % 16:x}00000000000000")
                        .AppendLine(c, $"Backing device        {backing}")
                        .AppendLine();
                }
            }

            return text.ToString();
        }
    }
}
