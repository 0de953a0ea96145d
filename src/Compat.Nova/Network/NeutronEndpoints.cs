using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Grpc.Core;
using PowerDrivers.Compat.Nova.Compute;
using PowerDrivers.Compat.Nova.Hosting;
using Api = PowerDrivers.V1;

namespace PowerDrivers.Compat.Nova.Network;

/// <summary>
/// Minimal Neutron v2.0 under <c>/network</c>: VLAN networks (the driver's, NetworkService), IPv4 subnets and ports
/// (front-only state in <see cref="NeutronState"/>); a port becomes a driver interface when Nova binds it to a server.
/// Versions, extensions, quotas and agents are in <see cref="NeutronServiceEndpoints"/>.
/// </summary>
internal static class NeutronEndpoints
{
    private const string Base = "/network/v2.0";

    public static void Map(IEndpointRouteBuilder app)
    {
        NeutronServiceEndpoints.Map(app, Base);
        app.MapGet(Base + "/networks", ListNetworksAsync);
        app.MapPost(Base + "/networks", CreateNetworkAsync);
        app.MapGet(Base + "/networks/{id}", ShowNetworkAsync);
        app.MapDelete(Base + "/networks/{id}", DeleteNetworkAsync);
        app.MapGet(Base + "/subnets", ListSubnetsAsync);
        app.MapPost(Base + "/subnets", CreateSubnetAsync);
        app.MapGet(Base + "/subnets/{id}", ShowSubnetAsync);
        app.MapDelete(Base + "/subnets/{id}", DeleteSubnetAsync);
        app.MapGet(Base + "/ports", ListPortsAsync);
        app.MapPost(Base + "/ports", CreatePortAsync);
        app.MapGet(Base + "/ports/{id}", ShowPortAsync);
        app.MapPut(Base + "/ports/{id}", UpdatePortAsync);
        app.MapDelete(Base + "/ports/{id}", DeletePortAsync);
    }

    private static NeutronOptions Options(ComputeContext c) => c.Options.Neutron;

    private static JsonObject NetworkBody(ComputeContext c, Api.Network n) =>
        NeutronView.Network(n, c.Service<NeutronState>().NetworkProject(n.Id), c.Service<NeutronState>().Subnets(), Options(c).PhysicalNetwork, Options(c).Mtu);

    /// <summary>A network by id, or Neutron's 404.</summary>
    internal static async Task<Api.Network> NetworkAsync(ComputeContext c, string id)
    {
        if (!Guid.TryParse(id, out _))
        {
            throw NetworkNotFound(id);
        }

        try
        {
            return await c.Driver.Networks.GetNetworkAsync(new Api.GetNetworkRequest { Id = id }, cancellationToken: c.Aborted).ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument)
        {
            throw NetworkNotFound(id);
        }
    }

    private static NovaFault NetworkNotFound(string id) => NovaFault.Neutron(404, "NetworkNotFound", $"Network {id} could not be found.");

    private static bool Matches(HttpContext http, string key, string value)
    {
        var wanted = http.Request.Query[key];
        return wanted.Count == 0 || wanted.Contains(value);
    }

    private static async Task ListNetworksAsync(HttpContext http)
    {
        var c = new ComputeContext(http);
        var networks = await c.Driver.NetworksAsync(c.Aborted).ConfigureAwait(false);
        var items = networks
            .Where(n => Matches(http, "id", n.Id) && Matches(http, "name", n.Name))
            .Where(n => Matches(http, "provider:segmentation_id", n.VlanId.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Select(n => (JsonNode?)NetworkBody(c, n)).ToArray();
        await Wire.WriteAsync(http, 200, new JsonObject { ["networks"] = new JsonArray(items) }).ConfigureAwait(false);
    }

    private static async Task ShowNetworkAsync(HttpContext http)
    {
        var c = new ComputeContext(http);
        var network = await NetworkAsync(c, c.Route("id")).ConfigureAwait(false);
        await Wire.WriteAsync(http, 200, new JsonObject { ["network"] = NetworkBody(c, network) }).ConfigureAwait(false);
    }

    private static async Task CreateNetworkAsync(HttpContext http)
    {
        var c = new ComputeContext(http);
        var body = await Wire.ReadRequiredAsync(http, "network").ConfigureAwait(false);
        var type = Wire.String(body, "provider:network_type");
        if (type is not null && type != "vlan")
        {
            throw NovaFault.Neutron(400, "InvalidInput", $"Invalid input for operation: network_type value '{type}' not supported. Networks are VLANs (provider:network_type vlan).");
        }

        var existing = await c.Driver.NetworksAsync(c.Aborted).ConfigureAwait(false);
        uint vlan;
        if (body["provider:segmentation_id"] is JsonValue segment)
        {
            if (!(segment.TryGetValue<int>(out var v) || (segment.TryGetValue<string>(out var s) && int.TryParse(s, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out v))) || v is < 1 or > 4094)
            {
                throw NovaFault.Neutron(400, "InvalidInput", $"Invalid input for operation: segmentation_id {segment.ToJsonString()} out of range (1 through 4094).");
            }

            vlan = (uint)v;
        }
        else
        {
            var taken = existing.Select(n => n.VlanId).ToHashSet();
            var free = Enumerable.Range(Options(c).TenantVlanMin, Math.Max(0, Options(c).TenantVlanMax - Options(c).TenantVlanMin + 1)).Select(v => (uint)v).Where(v => !taken.Contains(v)).ToList();
            vlan = free.Count > 0 ? free[0] : throw NovaFault.Neutron(503, "NoNetworkAvailable", "Unable to create the network. No tenant network is available for allocation.");
        }

        var name = Wire.String(body, "name") is { Length: > 0 } given ? given : $"vlan-{vlan}";
        if (existing.FirstOrDefault(n => n.VlanId == vlan) is { } clash)
        {
            throw NovaFault.Neutron(409, "VlanIdInUse", $"Unable to create the network. The VLAN {vlan} on physical network {Options(c).PhysicalNetwork} is in use (network {clash.Name}).");
        }

        Api.Network network;
        try
        {
            network = await c.Driver.Networks.CreateNetworkAsync(new Api.CreateNetworkRequest { Name = name, VlanId = vlan }, cancellationToken: c.Aborted).ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.AlreadyExists or StatusCode.Aborted)
        {
            throw NovaFault.Neutron(409, "Conflict", ex.Status.Detail);
        }

        c.Service<NeutronState>().SetNetworkProject(network.Id, c.Token.Project.Id);
        await Wire.WriteAsync(http, 201, new JsonObject { ["network"] = NetworkBody(c, network) }).ConfigureAwait(false);
    }

    private static async Task DeleteNetworkAsync(HttpContext http)
    {
        var c = new ComputeContext(http);
        var network = await NetworkAsync(c, c.Route("id")).ConfigureAwait(false);
        var state = c.Service<NeutronState>();
        var ports = await PortBindings.ReconcileAsync(c, state.Ports().Where(p => p.NetworkId == network.Id)).ConfigureAwait(false);
        if (ports.Count > 0)
        {
            throw NovaFault.Neutron(409, "NetworkInUse", $"Unable to complete operation on network {network.Id}. There are one or more ports still in use on the network.");
        }

        try
        {
            await c.Driver.Networks.DeleteNetworkAsync(new Api.DeleteNetworkRequest { Id = network.Id }, cancellationToken: c.Aborted).ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.FailedPrecondition)
        {
            throw NovaFault.Neutron(409, "NetworkInUse", $"Unable to complete operation on network {network.Id}. {ex.Status.Detail}");
        }

        state.ForgetNetwork(network.Id);
        await Wire.WriteAsync(http, 204, null).ConfigureAwait(false);
    }

    private static Task ListSubnetsAsync(HttpContext http)
    {
        _ = new ComputeContext(http);
        var subnets = http.RequestServices.GetRequiredService<NeutronState>().Subnets()
            .Where(s => Matches(http, "id", s.Id) && Matches(http, "name", s.Name) && Matches(http, "network_id", s.NetworkId))
            .Select(s => (JsonNode?)NeutronView.Subnet(s)).ToArray();
        return Wire.WriteAsync(http, 200, new JsonObject { ["subnets"] = new JsonArray(subnets) });
    }

    private static Task ShowSubnetAsync(HttpContext http)
    {
        var c = new ComputeContext(http);
        var subnet = c.Service<NeutronState>().Subnet(c.Route("id")) ?? throw NovaFault.Neutron(404, "SubnetNotFound", $"Subnet {c.Route("id")} could not be found.");
        return Wire.WriteAsync(http, 200, new JsonObject { ["subnet"] = NeutronView.Subnet(subnet) });
    }

    private static async Task CreateSubnetAsync(HttpContext http)
    {
        var c = new ComputeContext(http);
        var body = await Wire.ReadRequiredAsync(http, "subnet").ConfigureAwait(false);
        var network = await NetworkAsync(c, Wire.String(body, "network_id") ?? "").ConfigureAwait(false);
        if (body["ip_version"] is JsonValue version && version.ToString() != "4")
        {
            throw NovaFault.Neutron(400, "InvalidInput", "Invalid input for operation: only IPv4 subnets (ip_version 4) are offered.");
        }

        var cidrText = Wire.String(body, "cidr") ?? "";
        var cidr = NeutronState.ParseCidr(cidrText) ?? throw NovaFault.Neutron(400, "InvalidInput", $"Invalid input for cidr. Reason: '{cidrText}' is not an IPv4 CIDR with a prefix of 8-30.");
        var normalized = $"{NeutronState.ToText(cidr.Network)}/{cidr.Prefix}";
        var state = c.Service<NeutronState>();
        if (state.Subnets().Any(s => s.NetworkId == network.Id && s.Cidr == normalized))
        {
            throw NovaFault.Neutron(400, "InvalidInput", $"Invalid input for operation: Requested subnet with cidr: {normalized} for network: {network.Id} overlaps with another subnet.");
        }

        var gateway = body.ContainsKey("gateway_ip") ? Wire.String(body, "gateway_ip") ?? "" : NeutronState.ToText(cidr.Network + 1);
        var subnet = new SubnetRecord
        {
            Id = Guid.NewGuid().ToString(),
            Name = Wire.String(body, "name") ?? "",
            NetworkId = network.Id,
            Cidr = normalized,
            GatewayIp = gateway,
            EnableDhcp = body["enable_dhcp"] is not JsonValue dhcp || !dhcp.TryGetValue<bool>(out var d) || d,
            ProjectId = c.Token.Project.Id,
            CreatedAt = c.Service<TimeProvider>().GetUtcNow(),
        };
        state.Save(subnet);
        await Wire.WriteAsync(http, 201, new JsonObject { ["subnet"] = NeutronView.Subnet(subnet) }).ConfigureAwait(false);
    }

    private static async Task DeleteSubnetAsync(HttpContext http)
    {
        var c = new ComputeContext(http);
        var state = c.Service<NeutronState>();
        var subnet = state.Subnet(c.Route("id")) ?? throw NovaFault.Neutron(404, "SubnetNotFound", $"Subnet {c.Route("id")} could not be found.");
        var ports = await PortBindings.ReconcileAsync(c, state.Ports()).ConfigureAwait(false);
        if (ports.Any(p => p.FixedIps.Any(f => f.SubnetId == subnet.Id)))
        {
            throw NovaFault.Neutron(409, "SubnetInUse", $"Unable to complete operation on subnet {subnet.Id}: One or more ports have an IP allocation from this subnet.");
        }

        state.RemoveSubnet(subnet.Id);
        await Wire.WriteAsync(http, 204, null).ConfigureAwait(false);
    }

    private static bool PortVisible(ComputeContext c, PortRecord p) => c.Token.IsAdmin || p.ProjectId == c.Token.Project.Id;

    /// <summary>A port the caller may see, reconciled with the driver, or Neutron's 404.</summary>
    internal static async Task<PortRecord> PortAsync(ComputeContext c, string id)
    {
        var port = c.Service<NeutronState>().Port(id);
        if (port is null || !PortVisible(c, port))
        {
            throw NovaFault.Neutron(404, "PortNotFound", $"Port {id} could not be found.");
        }

        return (await PortBindings.ReconcileAsync(c, [port]).ConfigureAwait(false)).FirstOrDefault()
            ?? throw NovaFault.Neutron(404, "PortNotFound", $"Port {id} could not be found.");
    }

    private static async Task ListPortsAsync(HttpContext http)
    {
        var c = new ComputeContext(http);
        var ports = await PortBindings.ReconcileAsync(c, c.Service<NeutronState>().Ports().Where(p => PortVisible(c, p))).ConfigureAwait(false);
        var items = ports
            .Where(p => Matches(http, "id", p.Id) && Matches(http, "name", p.Name) && Matches(http, "network_id", p.NetworkId)
                && Matches(http, "device_id", p.DeviceId) && Matches(http, "mac_address", p.MacAddress) && Matches(http, "device_owner", p.DeviceOwner))
            .Select(p => (JsonNode?)NeutronView.Port(p, c.Token.IsAdmin)).ToArray();
        await Wire.WriteAsync(http, 200, new JsonObject { ["ports"] = new JsonArray(items) }).ConfigureAwait(false);
    }

    private static async Task ShowPortAsync(HttpContext http)
    {
        var c = new ComputeContext(http);
        var port = await PortAsync(c, c.Route("id")).ConfigureAwait(false);
        await Wire.WriteAsync(http, 200, new JsonObject { ["port"] = NeutronView.Port(port, c.Token.IsAdmin) }).ConfigureAwait(false);
    }

    private static async Task CreatePortAsync(HttpContext http)
    {
        var c = new ComputeContext(http);
        var body = await Wire.ReadRequiredAsync(http, "port").ConfigureAwait(false);
        var network = await NetworkAsync(c, Wire.String(body, "network_id") ?? "").ConfigureAwait(false);
        var mac = Wire.String(body, "mac_address") is { Length: > 0 } m ? NormalizeMac(m) : NewMac();
        var state = c.Service<NeutronState>();
        if (state.Ports().Any(p => p.NetworkId == network.Id && p.MacAddress == mac))
        {
            throw NovaFault.Neutron(409, "MacAddressInUse", $"Unable to complete operation for network {network.Id}. The mac address {mac} is in use.");
        }

        List<(string?, string?)>? requested = null;
        if (body["fixed_ips"] is JsonArray ips)
        {
            requested = ips.OfType<JsonObject>().Select(o => (Wire.String(o, "subnet_id"), Wire.String(o, "ip_address"))).ToList();
        }

        var port = NewPort(c, network.Id, Wire.String(body, "name") ?? "", mac, state.Allocate(network.Id, requested), novaCreated: false);
        state.Save(port);
        await Wire.WriteAsync(http, 201, new JsonObject { ["port"] = NeutronView.Port(port, c.Token.IsAdmin) }).ConfigureAwait(false);
    }

    /// <summary>A new unbound port record.</summary>
    internal static PortRecord NewPort(ComputeContext c, string networkId, string name, string mac, List<FixedIp> fixedIps, bool novaCreated)
    {
        var now = c.Service<TimeProvider>().GetUtcNow();
        return new PortRecord
        {
            Id = Guid.NewGuid().ToString(),
            Name = name,
            NetworkId = networkId,
            MacAddress = mac,
            FixedIps = fixedIps,
            ProjectId = c.Token.Project.Id,
            NovaCreated = novaCreated,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    private static async Task UpdatePortAsync(HttpContext http)
    {
        var c = new ComputeContext(http);
        var port = await PortAsync(c, c.Route("id")).ConfigureAwait(false);
        var body = await Wire.ReadRequiredAsync(http, "port").ConfigureAwait(false);
        foreach (var key in body.Select(kv => kv.Key))
        {
            if (key is not ("name" or "description" or "admin_state_up"))
            {
                throw NovaFault.Neutron(400, "InvalidInput", $"Invalid input for operation: {key} cannot be changed on a port here (name only).");
            }
        }

        var updated = port with { Name = Wire.String(body, "name") ?? port.Name, UpdatedAt = c.Service<TimeProvider>().GetUtcNow() };
        c.Service<NeutronState>().Save(updated);
        await Wire.WriteAsync(http, 200, new JsonObject { ["port"] = NeutronView.Port(updated, c.Token.IsAdmin) }).ConfigureAwait(false);
    }

    private static async Task DeletePortAsync(HttpContext http)
    {
        var c = new ComputeContext(http);
        var port = await PortAsync(c, c.Route("id")).ConfigureAwait(false);
        if (port.DeviceId.Length > 0)
        {
            throw NovaFault.Neutron(409, "PortInUse", $"Unable to complete operation on port {port.Id} for network {port.NetworkId}. Port is bound to server {port.DeviceId}: remove it from the server first.");
        }

        c.Service<NeutronState>().RemovePort(port.Id);
        await Wire.WriteAsync(http, 204, null).ConfigureAwait(false);
    }

    /// <summary>A MAC as <c>aa:bb:cc:dd:ee:ff</c>, or Neutron's 400.</summary>
    internal static string NormalizeMac(string mac)
    {
        var hex = mac.Replace(":", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (hex.Length != 12 || !hex.All(char.IsAsciiHexDigit))
        {
            throw NovaFault.Neutron(400, "InvalidInput", $"Invalid input for mac_address. Reason: '{mac}' is not a valid MAC address.");
        }

        return string.Join(':', Enumerable.Range(0, 6).Select(i => hex.Substring(i * 2, 2))).ToLowerInvariant();
    }

    /// <summary>A new MAC in OpenStack's locally administered range <c>fa:16:3e</c>.</summary>
    internal static string NewMac() => "fa:16:3e:" + string.Join(':', RandomNumberGenerator.GetBytes(3).Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
}
