using System.Text.Json.Nodes;
using PowerDrivers.Compat.Nova.Hosting;
using Api = PowerDrivers.V1;

namespace PowerDrivers.Compat.Nova.Network;

/// <summary>Networks, subnets and ports as Neutron v2.0 shows them.</summary>
internal static class NeutronView
{
    public static JsonObject Network(Api.Network n, string projectId, IEnumerable<SubnetRecord> subnets, string physicalNetwork, int mtu)
    {
        var created = Wire.NovaTime(n.CreateTime?.ToDateTimeOffset() ?? DateTimeOffset.UnixEpoch);
        return new JsonObject
        {
            ["id"] = n.Id,
            ["name"] = n.Name,
            ["status"] = "ACTIVE",
            ["admin_state_up"] = true,
            ["shared"] = true,
            ["router:external"] = false,
            ["provider:network_type"] = "vlan",
            ["provider:physical_network"] = physicalNetwork,
            ["provider:segmentation_id"] = n.VlanId,
            ["mtu"] = mtu,
            ["port_security_enabled"] = false,
            ["availability_zone_hints"] = new JsonArray(),
            ["availability_zones"] = new JsonArray(),
            ["subnets"] = new JsonArray(subnets.Where(s => s.NetworkId == n.Id).Select(s => (JsonNode?)s.Id).ToArray()),
            ["ipv4_address_scope"] = null,
            ["ipv6_address_scope"] = null,
            ["description"] = "",
            ["tags"] = new JsonArray(),
            ["project_id"] = projectId,
            ["tenant_id"] = projectId,
            ["revision_number"] = 1,
            ["created_at"] = created,
            ["updated_at"] = created,
        };
    }

    public static JsonObject Subnet(SubnetRecord s)
    {
        var (first, last) = NeutronState.Pool(NeutronState.ParseCidr(s.Cidr)!.Value);
        var created = Wire.NovaTime(s.CreatedAt);
        return new JsonObject
        {
            ["id"] = s.Id,
            ["name"] = s.Name,
            ["network_id"] = s.NetworkId,
            ["cidr"] = s.Cidr,
            ["ip_version"] = 4,
            ["gateway_ip"] = s.GatewayIp.Length > 0 ? s.GatewayIp : null,
            ["allocation_pools"] = new JsonArray(new JsonObject { ["start"] = NeutronState.ToText(first), ["end"] = NeutronState.ToText(last) }),
            ["enable_dhcp"] = s.EnableDhcp,
            ["dns_nameservers"] = new JsonArray(),
            ["host_routes"] = new JsonArray(),
            ["ipv6_address_mode"] = null,
            ["ipv6_ra_mode"] = null,
            ["subnetpool_id"] = null,
            ["service_types"] = new JsonArray(),
            ["description"] = "",
            ["tags"] = new JsonArray(),
            ["project_id"] = s.ProjectId,
            ["tenant_id"] = s.ProjectId,
            ["revision_number"] = 0,
            ["created_at"] = created,
            ["updated_at"] = created,
        };
    }

    public static JsonObject Port(PortRecord p, bool admin)
    {
        var bound = p.DeviceId.Length > 0;
        var body = new JsonObject
        {
            ["id"] = p.Id,
            ["name"] = p.Name,
            ["network_id"] = p.NetworkId,
            ["mac_address"] = p.MacAddress,
            ["fixed_ips"] = FixedIps(p),
            ["device_id"] = p.DeviceId,
            ["device_owner"] = p.DeviceOwner,
            ["status"] = bound && p.InterfaceId.Length > 0 ? "ACTIVE" : "DOWN",
            ["admin_state_up"] = true,
            ["allowed_address_pairs"] = new JsonArray(),
            ["extra_dhcp_opts"] = new JsonArray(),
            ["security_groups"] = new JsonArray(),
            ["port_security_enabled"] = false,
            ["binding:vnic_type"] = "normal",
            ["description"] = "",
            ["tags"] = new JsonArray(),
            ["project_id"] = p.ProjectId,
            ["tenant_id"] = p.ProjectId,
            ["revision_number"] = 1,
            ["created_at"] = Wire.NovaTime(p.CreatedAt),
            ["updated_at"] = Wire.NovaTime(p.UpdatedAt),
        };
        if (admin)
        {
            body["binding:host_id"] = p.Host;
            body["binding:vif_type"] = bound ? "other" : "unbound";
            body["binding:vif_details"] = new JsonObject();
            body["binding:profile"] = new JsonObject();
        }

        return body;
    }

    public static JsonArray FixedIps(PortRecord p) =>
        new(p.FixedIps.Select(f => (JsonNode?)new JsonObject { ["subnet_id"] = f.SubnetId, ["ip_address"] = f.IpAddress }).ToArray());
}
