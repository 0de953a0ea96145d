using System.Net;
using System.Net.Sockets;
using PowerDrivers.Compat.Nova.Hosting;

namespace PowerDrivers.Compat.Nova.Network;

/// <summary>A fixed IP of a port.</summary>
internal sealed record FixedIp(string SubnetId, string IpAddress);

/// <summary>
/// A Neutron port: a planned interface until it is bound to a server (then <see cref="InterfaceId"/> is the driver's
/// interface). <see cref="DeviceId"/> without an interface id means the binding is in progress.
/// </summary>
internal sealed record PortRecord
{
    public required string Id { get; init; }
    public string Name { get; init; } = "";
    public required string NetworkId { get; init; }
    public required string MacAddress { get; init; }
    public List<FixedIp> FixedIps { get; init; } = [];
    public string ProjectId { get; init; } = "";
    public string DeviceId { get; init; } = "";
    public string DeviceOwner { get; init; } = "";
    public string InterfaceId { get; init; } = "";
    public string Host { get; init; } = "";

    /// <summary>Created by Nova for <c>os-interface</c> with a <c>net_id</c>: deleted again when detached.</summary>
    public bool NovaCreated { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>An IPv4 subnet of a network: the pool fixed IPs of its ports come from.</summary>
internal sealed record SubnetRecord
{
    public required string Id { get; init; }
    public string Name { get; init; } = "";
    public required string NetworkId { get; init; }
    public required string Cidr { get; init; }
    public string GatewayIp { get; init; } = "";
    public bool EnableDhcp { get; init; } = true;
    public string ProjectId { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>Everything Neutron knows that the driver does not: ports, subnets and who created each network.</summary>
internal sealed class NeutronData
{
    public Dictionary<string, PortRecord> Ports { get; set; } = new(StringComparer.Ordinal);
    public Dictionary<string, SubnetRecord> Subnets { get; set; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> NetworkProjects { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// Neutron-only state, in <c>neutron.json</c> under the data directory (in memory without one). Networks themselves
/// are the driver's (NetworkService); the interfaces bound ports stand for are the driver's instance interfaces.
/// </summary>
internal sealed class NeutronState(string dataDirectory)
{
    private readonly StateFile<NeutronData> _file = new(dataDirectory, "neutron.json");

    public List<PortRecord> Ports() => _file.Read(d => d.Ports.Values.OrderBy(p => p.CreatedAt).ThenBy(p => p.Id, StringComparer.Ordinal).ToList());

    public PortRecord? Port(string id) => _file.Read(d => d.Ports.TryGetValue(id, out var p) ? p : null);

    public PortRecord? PortOfInterface(string interfaceId) => _file.Read(d => d.Ports.Values.FirstOrDefault(p => p.InterfaceId == interfaceId));

    public void Save(PortRecord port) => _file.Change(d =>
    {
        d.Ports[port.Id] = port;
        return true;
    });

    /// <summary>Binds an unbound port to a server (the attach is about to start); false when it is bound already.</summary>
    public bool TryBind(string portId, string deviceId, string host, DateTimeOffset now) => _file.Change(d =>
    {
        if (!d.Ports.TryGetValue(portId, out var p) || p.DeviceId.Length > 0)
        {
            return false;
        }

        d.Ports[portId] = p with { DeviceId = deviceId, DeviceOwner = "compute:" + host, Host = host, UpdatedAt = now };
        return true;
    });

    /// <summary>Unbinds a port (or deletes it when Nova created it).</summary>
    public void Unbind(string portId, DateTimeOffset now) => _file.Change(d =>
    {
        if (!d.Ports.TryGetValue(portId, out var p))
        {
            return false;
        }

        if (p.NovaCreated)
        {
            d.Ports.Remove(portId);
        }
        else
        {
            d.Ports[portId] = p with { DeviceId = "", DeviceOwner = "", InterfaceId = "", Host = "", UpdatedAt = now };
        }

        return true;
    });

    public bool RemovePort(string id) => _file.Change(d => d.Ports.Remove(id));

    public List<SubnetRecord> Subnets() => _file.Read(d => d.Subnets.Values.OrderBy(s => s.CreatedAt).ThenBy(s => s.Id, StringComparer.Ordinal).ToList());

    public SubnetRecord? Subnet(string id) => _file.Read(d => d.Subnets.TryGetValue(id, out var s) ? s : null);

    public void Save(SubnetRecord subnet) => _file.Change(d =>
    {
        d.Subnets[subnet.Id] = subnet;
        return true;
    });

    public bool RemoveSubnet(string id) => _file.Change(d => d.Subnets.Remove(id));

    public string NetworkProject(string networkId) => _file.Read(d => d.NetworkProjects.TryGetValue(networkId, out var p) ? p : "");

    public void SetNetworkProject(string networkId, string projectId) => _file.Change(d =>
    {
        d.NetworkProjects[networkId] = projectId;
        return true;
    });

    /// <summary>Forgets a deleted network's subnets and owner.</summary>
    public void ForgetNetwork(string networkId) => _file.Change(d =>
    {
        foreach (var s in d.Subnets.Values.Where(s => s.NetworkId == networkId).ToList())
        {
            d.Subnets.Remove(s.Id);
        }

        d.NetworkProjects.Remove(networkId);
        return true;
    });

    /// <summary>
    /// Allocates fixed IPs for a new port: the addresses asked for (each in one of the network's subnets and free), or
    /// the lowest free address of the network's first subnet when none is asked for; none when it has no subnet.
    /// </summary>
    public List<FixedIp> Allocate(string networkId, IReadOnlyList<(string? SubnetId, string? Ip)>? requested)
    {
        return _file.Read(d =>
        {
            var subnets = d.Subnets.Values.Where(s => s.NetworkId == networkId).OrderBy(s => s.CreatedAt).ToList();
            var used = d.Ports.Values.SelectMany(p => p.FixedIps).Select(f => f.IpAddress).ToHashSet(StringComparer.Ordinal);
            var result = new List<FixedIp>();
            if (requested is null)
            {
                if (subnets.Count > 0)
                {
                    result.Add(new FixedIp(subnets[0].Id, NextFree(subnets[0], used)));
                }

                return result;
            }

            foreach (var (subnetId, ip) in requested)
            {
                var subnet = subnetId is { Length: > 0 }
                    ? subnets.FirstOrDefault(s => s.Id == subnetId) ?? throw NovaFault.Neutron(400, "InvalidInput", $"Invalid input for operation: Failed to create port on network {networkId}, because fixed_ips included invalid subnet {subnetId}.")
                    : subnets.FirstOrDefault(s => ip is not null && Contains(s.Cidr, ip)) ?? throw NovaFault.Neutron(400, "InvalidIpForNetwork", $"IP address {ip} is not a valid IP for any of the subnets on the specified network.");
                if (ip is null)
                {
                    var next = NextFree(subnet, used);
                    used.Add(next);
                    result.Add(new FixedIp(subnet.Id, next));
                    continue;
                }

                if (!Contains(subnet.Cidr, ip))
                {
                    throw NovaFault.Neutron(400, "InvalidIpForSubnet", $"IP address {ip} is not a valid IP for the specified subnet.");
                }

                if (!used.Add(ip))
                {
                    throw NovaFault.Neutron(409, "IpAddressAlreadyAllocated", $"IP address {ip} already allocated in subnet {subnet.Id}");
                }

                result.Add(new FixedIp(subnet.Id, ip));
            }

            return result;
        });
    }

    /// <summary>The network address and prefix of an IPv4 CIDR, or null when it is not one.</summary>
    public static (uint Network, int Prefix)? ParseCidr(string cidr)
    {
        var slash = cidr.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !IPAddress.TryParse(cidr[..slash], out var address) || address.AddressFamily != AddressFamily.InterNetwork
            || !int.TryParse(cidr[(slash + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var prefix) || prefix is < 8 or > 30)
        {
            return null;
        }

        var mask = prefix == 0 ? 0u : uint.MaxValue << (32 - prefix);
        return (ToUInt(address) & mask, prefix);
    }

    public static string ToText(uint value) => new IPAddress([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]).ToString();

    /// <summary>The first and last address ports may get (after the gateway, before the broadcast address).</summary>
    public static (uint First, uint Last) Pool((uint Network, int Prefix) cidr) => (cidr.Network + 2, cidr.Network + (uint)((1L << (32 - cidr.Prefix)) - 2));

    private static bool Contains(string cidr, string ip)
    {
        if (ParseCidr(cidr) is not { } c || !IPAddress.TryParse(ip, out var a) || a.AddressFamily != AddressFamily.InterNetwork)
        {
            return false;
        }

        var mask = uint.MaxValue << (32 - c.Prefix);
        return (ToUInt(a) & mask) == c.Network;
    }

    private static string NextFree(SubnetRecord subnet, HashSet<string> used)
    {
        var (first, last) = Pool(ParseCidr(subnet.Cidr)!.Value);
        for (var v = first; v <= last; v++)
        {
            var text = ToText(v);
            if (!used.Contains(text))
            {
                return text;
            }
        }

        throw NovaFault.Neutron(409, "IpAddressGenerationFailure", $"No more IP addresses available on network {subnet.NetworkId}.");
    }

    private static uint ToUInt(IPAddress a)
    {
        var b = a.GetAddressBytes();
        return ((uint)b[0] << 24) | ((uint)b[1] << 16) | ((uint)b[2] << 8) | b[3];
    }
}
