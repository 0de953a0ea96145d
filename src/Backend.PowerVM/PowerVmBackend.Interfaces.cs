using System.Globalization;
using System.Text.RegularExpressions;
using PowerDrivers.Backend.PowerVM.Hmc;
using PowerDrivers.Backend.PowerVM.Mapping;
using PowerDrivers.Backend.PowerVM.Tasks;
using PowerDrivers.Backend.PowerVM.Wire;
using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.Model;
using PowerDrivers.Driver.Core.States;

namespace PowerDrivers.Backend.PowerVM;

/// <summary>
/// Network interfaces are client virtual Ethernet adapters on the hypervisor switch with the network's VLAN as port VLAN
/// ID; the VLAN reaches the physical network through a network bridge (SEA), which gets the VLAN when it lacks it.
/// Detaching leaves the VLAN bridged: the driver serialises only per instance, so removing it could race with an attach
/// of another instance that just found it bridged, and partitions the driver does not manage may use it too.
/// </summary>
public sealed partial class PowerVmBackend
{
    private const int DefaultSwitchId = 0;

    /// <inheritdoc/>
    public async Task<InterfaceResult> AttachInterfaceAsync(InstanceRecord instance, InterfaceRequest request, IOperationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(request);
        if (request.VlanId is < 1 or > 4094)
        {
            throw new InvalidSpecError("vlan_id", $"VLAN ID {request.VlanId} is not valid; VLAN IDs are 1 to 4094");
        }

        if (request.MacAddress.Length > 0)
        {
            _ = MacAddress.Normalize(request.MacAddress);
        }

        var ms = await SystemAsync(instance.Host, refresh: false, cancellationToken).ConfigureAwait(false);
        var lpar = await FindAsync(instance, cancellationToken).ConfigureAwait(false) ?? throw new NotFoundError("instance", instance.Id.ToString());
        var ctx = Context(instance.Host, instance, InstanceAction.AttachDevice) with { Subject = "interface", SubjectId = request.Id.ToString() };
        var vlan = request.VlanId;
        var switches = await CallAsync(instance.Host, () => _hmc.ListVirtualSwitchesAsync(ms.Uuid, cancellationToken), ctx).ConfigureAwait(false);
        var vswitch = switches.FirstOrDefault(s => s.SwitchId == DefaultSwitchId) ?? (switches.Count > 0 ? switches[0] : null);
        var switchHref = vswitch is null ? null : _hmc.Href($"ManagedSystem/{ms.Uuid}/VirtualSwitch/{vswitch.Uuid}");

        NetworkBridgeView? bridge = null;
        string? networkUuid = null;
        var bridgedNow = false;
        ClientNetworkAdapterView? created = null;
        HashSet<string>? existing = null;
        var flow = new TaskFlow("attach interface")
            .Add($"bridging VLAN {vlan}", async c =>
            {
                var bridges = await _hmc.ListNetworkBridgesAsync(ms.Uuid, c).ConfigureAwait(false);
                bridge = bridges.FirstOrDefault(b => b.Vlans.Contains(vlan));
                if (bridge is not null)
                {
                    return;
                }

                // The default bridge: the first the HMC lists (dual-VIOS SEA failover pairs are one bridge).
                var target = (bridges.Count > 0 ? bridges[0] : null)
                    ?? throw new UnsupportedError("interfaces", Kind, $"managed system {ms.Name} has no network bridge (SEA) to carry VLAN {vlan}");
                networkUuid = await NetworkOfAsync(ms.Uuid, vlan, vswitch, switchHref, c).ConfigureAwait(false);
                var networkHref = networkUuid is null ? null : _hmc.Href($"ManagedSystem/{ms.Uuid}/VirtualNetwork/{networkUuid}");
                bridge = await _hmc.UpdateNetworkBridgeAsync(ms.Uuid, target.Uuid, b => b.Vlans.Contains(vlan)
                    ? null
                    : NetworkBridgeXml.WithVlan(b.Element, vlan, networkHref)
                        ?? throw new InsufficientCapacityError(ErrorReasons.InsufficientCapacity,
                            $"every load group of network bridge {b.Uuid} already carries {NetworkBridgeXml.MaxTaggedVlans} tagged VLANs", instance.Host, 1, 0, "tagged VLANs"), c).ConfigureAwait(false);
                bridgedNow = true;
            }, async c =>
            {
                if (bridgedNow && bridge is not null)
                {
                    await _hmc.UpdateNetworkBridgeAsync(ms.Uuid, bridge.Uuid, b => NetworkBridgeXml.WithoutVlan(b.Element, vlan, networkUuid), c).ConfigureAwait(false);
                }
            })
            .Add($"adding a virtual Ethernet adapter on VLAN {vlan}", async c =>
            {
                existing = [.. (await _hmc.ListNetworkAdaptersAsync(lpar.Uuid, c).ConfigureAwait(false)).Select(a => a.Uuid)];
                created = await _hmc.CreateNetworkAdapterAsync(lpar.Uuid, NetworkBridgeXml.Adapter(vlan, request.MacAddress, switchHref), c).ConfigureAwait(false);
            }, async c =>
            {
                // Also when the answer was lost: an adapter on the VLAN that was not there before is the one this step made.
                var gone = created is not null ? [created.Uuid] : existing is null ? []
                    : (await _hmc.ListNetworkAdaptersAsync(lpar.Uuid, c).ConfigureAwait(false))
                        .Where(a => !existing.Contains(a.Uuid) && a.PortVlanId == vlan).Select(a => a.Uuid).ToList();
                foreach (var uuid in gone)
                {
                    await _hmc.DeleteNetworkAdapterAsync(lpar.Uuid, uuid, c).ConfigureAwait(false);
                }
            });
        await CallAsync(instance.Host, () => flow.RunAsync(context is null ? null : context.Report, cancellationToken), ctx).ConfigureAwait(false);

        var adapter = created!;
        var native = new Dictionary<string, string>
        {
            ["adapter_uuid"] = adapter.Uuid,
            ["slot"] = adapter.Slot.ToString(CultureInfo.InvariantCulture),
            ["port_vlan_id"] = adapter.PortVlanId.ToString(CultureInfo.InvariantCulture),
            ["virtual_switch"] = vswitch?.Name ?? "",
            ["network_bridge"] = bridge?.Uuid ?? "",
            ["bridged_by_attach"] = bridgedNow ? "true" : "false",
        };
        return new InterfaceResult(adapter.Mac, Slot(adapter.Slot), native);
    }

    /// <inheritdoc/>
    public async Task DetachInterfaceAsync(InstanceRecord instance, InterfaceAttachment attachment, IOperationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(attachment);
        var lpar = await FindAsync(instance, cancellationToken).ConfigureAwait(false);
        if (lpar is null)
        {
            return;
        }

        var ctx = Context(instance.Host, instance, InstanceAction.DetachDevice) with { Subject = "interface", SubjectId = attachment.Id.ToString() };
        var uuid = attachment.Native.GetValueOrDefault("adapter_uuid");
        if (string.IsNullOrEmpty(uuid))
        {
            var adapters = await CallAsync(instance.Host, () => _hmc.ListNetworkAdaptersAsync(lpar.Uuid, cancellationToken), ctx).ConfigureAwait(false);
            uuid = adapters.FirstOrDefault(a => Same(a.Mac, attachment.MacAddress))?.Uuid;
        }

        if (uuid is null)
        {
            return;
        }

        context?.Report("removing the virtual Ethernet adapter", 30);
        await CallAsync(instance.Host, () => _hmc.DeleteNetworkAdapterAsync(lpar.Uuid, uuid, cancellationToken), ctx).ConfigureAwait(false);
    }

    /// <summary>The VirtualNetwork of <paramref name="vlan"/> on the switch, created when missing; null when the HMC has no such objects.</summary>
    private async Task<string?> NetworkOfAsync(string system, int vlan, VirtualNetworkView? vswitch, string? switchHref, CancellationToken ct)
    {
        var networks = await _hmc.ListVirtualNetworksAsync(system, ct).ConfigureAwait(false);
        if (networks.FirstOrDefault(n => n.VlanId == vlan && n.SwitchId == (vswitch?.SwitchId ?? DefaultSwitchId)) is { } known)
        {
            return known.Uuid;
        }

        return vswitch is null || switchHref is null ? null : (await _hmc.CreateVirtualNetworkAsync(system, vlan, vswitch.Name, switchHref, ct).ConfigureAwait(false))?.Uuid;
    }
}
