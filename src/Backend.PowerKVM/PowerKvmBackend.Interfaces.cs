using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using PowerDrivers.Backend.PowerKVM.Domain;
using PowerDrivers.Backend.PowerKVM.Hosting;
using PowerDrivers.Backend.PowerKVM.Interop;
using PowerDrivers.Backend.PowerKVM.Libvirt;
using PowerDrivers.Backend.PowerKVM.Records;
using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.Model;
using PowerDrivers.Driver.Core.States;

namespace PowerDrivers.Backend.PowerKVM;

public sealed partial class PowerKvmBackend
{
    /// <summary>The locally administered prefix QEMU/KVM uses for guest MACs.</summary>
    public const string KvmMacPrefix = "52:54:00";

    /// <summary>
    /// Adds a virtio NIC on a port of the host's Open vSwitch bridge tagged with the request's VLAN, with the requested MAC
    /// (validated; one already used on the host → <see cref="ConflictError"/>) or a generated 52:54:00 one. Live (hot plug,
    /// kept in the definition) when the guest runs — refused as <c>Unsupported(live_interface_attach)</c> on a connection that
    /// cannot hot plug — or by redefining the stopped domain.
    /// </summary>
    public Task<InterfaceResult> AttachInterfaceAsync(InstanceRecord instance, InterfaceRequest request, IOperationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var host = Available(instance.Host);
        if (request.VlanId is < 1 or > 4094)
        {
            throw new InvalidSpecError("vlan_id", $"a VLAN ID is 1-4094 (got {request.VlanId})");
        }

        var requested = request.MacAddress.Length == 0 ? null : MacAddress.Normalize(request.MacAddress);
        var record = RecordOf(host, instance);
        if (record.Nics?.FirstOrDefault(n => n.InterfaceId == request.Id) is { } present)
        {
            return Task.FromResult(NicResult(present, live: false));
        }

        using var domain = Call(host, instance, "look up the domain", "interfaces", () => Lookup(host, instance));
        var live = IsLive(host, instance, domain, InstanceAction.AttachDevice, "live_interface_attach");
        context?.Report(live ? "hot plugging the NIC" : "adding the NIC to the stopped domain", 30);
        lock (host.NetworkGate)
        {
            var used = Call(host, instance, "read the MAC addresses in use", "interfaces", () => MacsInUse(host));
            string mac;
            if (requested is not null)
            {
                if (used.TryGetValue(requested, out var owner))
                {
                    throw new ConflictError($"MAC address {requested} is already used on host {host.Name} (domain {owner})", ErrorReasons.Conflict,
                        new Dictionary<string, string> { ["mac_address"] = requested, ["host"] = host.Name, ["domain"] = owner });
                }

                mac = requested;
            }
            else
            {
                mac = GenerateMac(used);
            }

            var devices = (record.Nics ?? []).Select(n => n.Device).ToHashSet(StringComparer.Ordinal);
            var device = Enumerable.Range(1, int.MaxValue).Select(i => "net" + i.ToString(CultureInfo.InvariantCulture)).First(d => !devices.Contains(d));
            var nic = new VirtualNic(request.Id, request.VlanId, mac, host.Bridge, device);
            var updated = record with { Nics = [.. record.Nics ?? [], nic] };
            if (live)
            {
                var flags = LibvirtNative.AffectLive | LibvirtNative.AffectConfig;
                var xml = VirtualIoXml.Nic(nic).ToString();
                Call(host, instance, $"hot plug a NIC on VLAN {nic.VlanId}", "live_interface_attach", () => Run(() => LibvirtConnection.AttachDevice(domain, xml, flags)));
                try
                {
                    SaveRecord(host, updated);
                }
                catch
                {
                    TryRun(() => LibvirtConnection.DetachDevice(domain, xml, flags));
                    throw;
                }
            }
            else
            {
                Redefine(host, instance, record, updated, $"add a NIC on VLAN {nic.VlanId} to the domain definition");
            }

            return Task.FromResult(NicResult(nic, live));
        }
    }

    /// <summary>Removes the NIC (live hot unplug when the guest runs, or by redefining the stopped domain). A NIC already gone is not an error.</summary>
    public Task DetachInterfaceAsync(InstanceRecord instance, InterfaceAttachment attachment, IOperationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(attachment);
        cancellationToken.ThrowIfCancellationRequested();
        var host = Available(instance.Host);
        var record = RecordOf(host, instance);
        var nic = record.Nics?.FirstOrDefault(n => n.InterfaceId == attachment.Id)
            ?? record.Nics?.FirstOrDefault(n => string.Equals(n.MacAddress, attachment.MacAddress, StringComparison.OrdinalIgnoreCase));
        if (nic is null)
        {
            return Task.CompletedTask;
        }

        using var domain = Call(host, instance, "look up the domain", "interfaces", () => Lookup(host, instance));
        var live = IsLive(host, instance, domain, InstanceAction.DetachDevice, "live_interface_attach");
        context?.Report(live ? "hot unplugging the NIC" : "removing the NIC from the stopped domain", 30);
        var updated = record with { Nics = [.. record.Nics!.Where(n => n.InterfaceId != nic.InterfaceId)] };
        if (live)
        {
            Call(host, instance, $"hot unplug NIC {nic.MacAddress}", "live_interface_attach",
                () => Run(() => LibvirtConnection.DetachDevice(domain, VirtualIoXml.Nic(nic).ToString(), LibvirtNative.AffectLive | LibvirtNative.AffectConfig)));
            SaveRecord(host, updated);
        }
        else
        {
            Redefine(host, instance, record, updated, $"remove NIC {nic.MacAddress} from the domain definition");
        }

        return Task.CompletedTask;
    }


    /// <summary>Every MAC of every domain libvirt has on the host (live and persistent), with the domain that uses it, plus the records'.</summary>
    private static Dictionary<string, string> MacsInUse(PowerKvmHost host)
    {
        var used = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var uuid in host.Connection!.ListDomainUuids())
        {
            using var domain = host.Connection.TryLookup(uuid);
            if (domain is null)
            {
                continue;
            }

            var active = DomainStates.HoldsResources(LibvirtConnection.GetState(domain).State);
            var io = ReadIo(domain, active);
            foreach (var nic in io.Nics.Where(n => n.Mac.Length > 0))
            {
                used.TryAdd(nic.Mac, io.Name);
            }
        }

        lock (host.Gate)
        {
            foreach (var guest in host.Guests.Values)
            {
                foreach (var nic in guest.Nics ?? [])
                {
                    used.TryAdd(nic.MacAddress, guest.Spec.Name);
                }
            }
        }

        return used;
    }

    private static string GenerateMac(Dictionary<string, string> used)
    {
        Span<byte> tail = stackalloc byte[3];
        while (true)
        {
            RandomNumberGenerator.Fill(tail);
            var mac = string.Create(CultureInfo.InvariantCulture, $"{KvmMacPrefix}:{tail[0]:x2}:{tail[1]:x2}:{tail[2]:x2}");
            if (!used.ContainsKey(mac))
            {
                return mac;
            }
        }
    }

    private static InterfaceResult NicResult(VirtualNic nic, bool live) =>
        new(nic.MacAddress, nic.Device, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["bridge"] = nic.Bridge,
            ["vlan"] = nic.VlanId.ToString(CultureInfo.InvariantCulture),
            ["virtualport"] = "openvswitch",
            ["model"] = "virtio",
            ["mac_address"] = nic.MacAddress,
            ["mode"] = live ? "live" : "config",
        });


}
