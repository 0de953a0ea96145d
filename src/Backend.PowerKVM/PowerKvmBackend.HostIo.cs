using PowerDrivers.Backend.PowerKVM.Domain;
using PowerDrivers.Backend.PowerKVM.Hosting;
using PowerDrivers.Backend.PowerKVM.Interop;
using PowerDrivers.Backend.PowerKVM.Libvirt;
using PowerDrivers.Driver.Core.Backends;

namespace PowerDrivers.Backend.PowerKVM;

public sealed partial class PowerKvmBackend
{
    /// <summary>
    /// The host as its one I/O server (role "host": KVM has no VIOS), its physical adapters from the hardware profile, every
    /// domain's virtio disks and NICs as libvirt reports them now (client = domain name, backing = image path or VLAN), and
    /// the Open vSwitch bridge with the VLANs its guest ports carry.
    /// </summary>
    public Task<HostIo> GetHostIoAsync(string host, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var h = Host(host);
        var server = new IoServer(h.Name, h.System.Serial, "host", h.UnavailableReason is null ? "running" : "unavailable");
        var adapters = HostAdapters.For(h.Info.Profile, h.Name, h.System.Serial);
        if (h.Connection is null)
        {
            return Task.FromResult(new HostIo([server], adapters, [], []));
        }

        var mappings = new List<IoMapping>();
        var vlans = new SortedSet<int>();
        try
        {
            foreach (var uuid in h.Connection.ListDomainUuids())
            {
                using var domain = h.Connection.TryLookup(uuid);
                if (domain is null)
                {
                    continue;
                }

                var active = DomainStates.HoldsResources(LibvirtConnection.GetState(domain).State);
                var io = VirtualIoXml.Read(LibvirtConnection.GetXml(domain));
                var state = active ? "Enabled" : "Defined";
                var virtioScsi = io.ScsiControllers.Where(c => c.Model == "virtio-scsi").Select(c => c.Index).ToHashSet();
                foreach (var disk in io.Disks.Where(d => d.Bus is "virtio" or "scsi"))
                {
                    var kind = disk.Bus == "virtio" ? "virtio-blk" : virtioScsi.Contains(disk.Controller ?? 0) ? "virtio-scsi" : "vscsi";
                    mappings.Add(new IoMapping(kind, h.Name, disk.Alias.Length > 0 ? disk.Alias : $"{disk.Bus}:{disk.Target}", io.Name, disk.Target, disk.Source, [], state));
                }

                foreach (var nic in io.Nics.Where(n => n.Model == "virtio"))
                {
                    if (nic.Vlan is { } vlan && string.Equals(nic.Bridge, h.Bridge, StringComparison.Ordinal))
                    {
                        vlans.Add(vlan);
                    }

                    var backing = nic.Vlan is { } v ? $"vlan {v} on {nic.Bridge}" : nic.Type == "user" ? "user-mode network" : nic.Bridge;
                    var serverSide = nic.TargetDev.Length > 0 ? nic.TargetDev : nic.Bridge.Length > 0 ? nic.Bridge : nic.Type;
                    mappings.Add(new IoMapping("virtual-ethernet", h.Name, serverSide, io.Name, nic.Mac, backing, [], state));
                }
            }
        }
        catch (LibvirtException ex)
        {
            throw LibvirtErrors.ToDriverError(ex, "read the domains' devices", "host_io", h.Uri, "");
        }

        var bridge = new IoBridge(h.Bridge, h.Name, HostAdapters.Uplinks(adapters), [.. vlans], true, 1);
        return Task.FromResult(new HostIo([server], adapters, mappings, [bridge]));
    }
}
