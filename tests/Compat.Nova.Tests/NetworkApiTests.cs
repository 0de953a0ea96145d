using System.Text.Json.Nodes;
using PowerDrivers.Compat.Nova.Tests.Support;

namespace PowerDrivers.Compat.Nova.Tests;

/// <summary>Neutron v2.0 over HTTP: VLAN networks, subnets, ports and Neutron's fault shape.</summary>
public sealed class NetworkApiTests(StackFixture fixture) : IClassFixture<StackFixture>
{
    private NovaStack Stack => fixture.Stack;

    [Fact]
    public async Task Versions_WithoutToken_ListV20()
    {
        var (status, json, _) = await Stack.SendAsync(HttpMethod.Get, "/network/", null);

        Assert.Equal(200, status);
        Assert.Equal("v2.0", (string?)json!["versions"]![0]!["id"]);
    }

    [Fact]
    public async Task CreateNetwork_WithSegment_IsThatVlanAndListedByName()
    {
        var admin = await VirtualIoClient.LoginAsync(Stack);
        var id = await admin.CreateNetworkAsync("net-a", 110);

        var shown = (await admin.SendAsync(HttpMethod.Get, $"/network/v2.0/networks/{id}")).Body!["network"]!;
        Assert.Equal("vlan", (string?)shown["provider:network_type"]);
        Assert.Equal(110, (int)shown["provider:segmentation_id"]!);
        Assert.Equal("ACTIVE", (string?)shown["status"]);
        var listed = (await admin.SendAsync(HttpMethod.Get, "/network/v2.0/networks?name=net-a")).Body!["networks"]!.AsArray();
        Assert.Equal(id, (string?)Assert.Single(listed)!["id"]);
    }

    [Fact]
    public async Task CreateNetwork_WithoutSegment_GetsAFreeTenantVlan()
    {
        var admin = await VirtualIoClient.LoginAsync(Stack);
        await admin.CreateNetworkAsync("net-auto-1", 1000);
        var id = await admin.CreateNetworkAsync("net-auto-2");

        var vlan = (int)(await admin.SendAsync(HttpMethod.Get, $"/network/v2.0/networks/{id}")).Body!["network"]!["provider:segmentation_id"]!;
        Assert.InRange(vlan, 1001, 1999);
    }

    [Fact]
    public async Task CreateNetwork_TakenVlanOrNonVlanType_IsRefusedInNeutronShape()
    {
        var admin = await VirtualIoClient.LoginAsync(Stack);
        await admin.CreateNetworkAsync("net-b", 120);

        var (status, json, _) = await admin.SendAsync(HttpMethod.Post, "/network/v2.0/networks",
            new JsonObject { ["network"] = new JsonObject { ["name"] = "net-b2", ["provider:network_type"] = "vlan", ["provider:segmentation_id"] = 120 } }.ToJsonString());
        Assert.Equal(409, status);
        Assert.Equal("VlanIdInUse", (string?)json!["NeutronError"]!["type"]);
        (status, json, _) = await admin.SendAsync(HttpMethod.Post, "/network/v2.0/networks",
            new JsonObject { ["network"] = new JsonObject { ["name"] = "net-vx", ["provider:network_type"] = "vxlan" } }.ToJsonString());
        Assert.Equal(400, status);
        Assert.NotNull(json!["NeutronError"]!["message"]);
        (status, json, _) = await admin.SendAsync(HttpMethod.Get, $"/network/v2.0/networks/{Guid.NewGuid()}");
        Assert.Equal(404, status);
        Assert.Equal("NetworkNotFound", (string?)json!["NeutronError"]!["type"]);
    }

    [Fact]
    public async Task Subnet_AndPorts_GetFixedIpsFromItsPool()
    {
        var admin = await VirtualIoClient.LoginAsync(Stack);
        var network = await admin.CreateNetworkAsync("net-c", 130);
        var (status, json, _) = await admin.SendAsync(HttpMethod.Post, "/network/v2.0/subnets",
            new { subnet = new { network_id = network, cidr = "10.1.30.0/24", ip_version = 4, name = "sub-c" } });
        Assert.Equal(201, status);
        var subnet = (string)json!["subnet"]!["id"]!;
        Assert.Equal("10.1.30.1", (string?)json["subnet"]!["gateway_ip"]);

        var first = await admin.CreatePortAsync(network, "port-c1");
        var second = await admin.CreatePortAsync(network, "port-c2", "FA:16:3E:00:00:42");

        Assert.Equal("10.1.30.2", (string?)first["fixed_ips"]![0]!["ip_address"]);
        Assert.Equal(subnet, (string?)first["fixed_ips"]![0]!["subnet_id"]);
        Assert.Equal("10.1.30.3", (string?)second["fixed_ips"]![0]!["ip_address"]);
        Assert.Equal("fa:16:3e:00:00:42", (string?)second["mac_address"]);
        Assert.Matches("^fa:16:3e(:[0-9a-f]{2}){3}$", (string?)first["mac_address"]);
        Assert.Equal("DOWN", (string?)first["status"]);
        Assert.Equal("", (string?)first["device_id"]);
        var networkView = (await admin.SendAsync(HttpMethod.Get, $"/network/v2.0/networks/{network}")).Body!["network"]!;
        Assert.Equal(subnet, (string?)Assert.Single(networkView["subnets"]!.AsArray()));
        Assert.Equal(2, (await admin.SendAsync(HttpMethod.Get, $"/network/v2.0/ports?network_id={network}")).Body!["ports"]!.AsArray().Count);
        Assert.Equal(409, (await admin.SendAsync(HttpMethod.Delete, $"/network/v2.0/subnets/{subnet}")).Status);
    }

    [Fact]
    public async Task CreatePort_BadMacOrUnknownNetwork_IsRefused()
    {
        var admin = await VirtualIoClient.LoginAsync(Stack);
        var network = await admin.CreateNetworkAsync("net-d", 140);

        var (status, json, _) = await admin.SendAsync(HttpMethod.Post, "/network/v2.0/ports", new { port = new { network_id = network, mac_address = "zz" } });
        Assert.Equal(400, status);
        Assert.Equal("InvalidInput", (string?)json!["NeutronError"]!["type"]);
        (status, json, _) = await admin.SendAsync(HttpMethod.Post, "/network/v2.0/ports", new { port = new { network_id = Guid.NewGuid().ToString() } });
        Assert.Equal(404, status);
        Assert.Equal("NetworkNotFound", (string?)json!["NeutronError"]!["type"]);
        (status, _, _) = await admin.SendAsync(HttpMethod.Post, "/network/v2.0/subnets", new { subnet = new { network_id = network, cidr = "10.1.40.0/33", ip_version = 4 } });
        Assert.Equal(400, status);
    }

    [Fact]
    public async Task DeleteNetwork_WithAPort_Is409_WithoutIs204()
    {
        var admin = await VirtualIoClient.LoginAsync(Stack);
        var network = await admin.CreateNetworkAsync("net-e", 150);
        var port = (string)(await admin.CreatePortAsync(network, "port-e"))["id"]!;

        var (status, json, _) = await admin.SendAsync(HttpMethod.Delete, $"/network/v2.0/networks/{network}");
        Assert.Equal(409, status);
        Assert.Equal("NetworkInUse", (string?)json!["NeutronError"]!["type"]);

        Assert.Equal(204, (await admin.SendAsync(HttpMethod.Delete, $"/network/v2.0/ports/{port}")).Status);
        Assert.Equal(404, (await admin.SendAsync(HttpMethod.Get, $"/network/v2.0/ports/{port}")).Status);
        Assert.Equal(204, (await admin.SendAsync(HttpMethod.Delete, $"/network/v2.0/networks/{network}")).Status);
        Assert.Equal(404, (await admin.SendAsync(HttpMethod.Get, $"/network/v2.0/networks/{network}")).Status);
    }

    [Fact]
    public async Task Ports_OfAnotherProject_AreNotVisible()
    {
        var admin = await VirtualIoClient.LoginAsync(Stack);
        var network = await admin.CreateNetworkAsync("net-f", 160);
        var port = (string)(await admin.CreatePortAsync(network, "port-f"))["id"]!;
        var demo = await VirtualIoClient.LoginAsync(Stack, "demo", "demo", "demo");

        Assert.Equal(404, (await demo.SendAsync(HttpMethod.Get, $"/network/v2.0/ports/{port}")).Status);
        Assert.DoesNotContain((await demo.SendAsync(HttpMethod.Get, "/network/v2.0/ports")).Body!["ports"]!.AsArray(), p => (string?)p!["id"] == port);
    }

    [Fact]
    public async Task Quotas_CountTheProjectsNetworksAndPorts()
    {
        var admin = await VirtualIoClient.LoginAsync(Stack);
        var network = await admin.CreateNetworkAsync("net-q", 170);
        await admin.CreatePortAsync(network, "port-q");

        var (status, json, _) = await admin.SendAsync(HttpMethod.Get, $"/network/v2.0/quotas/{admin.ProjectId}/details");

        Assert.Equal(200, status);
        Assert.Equal(-1, (int)json!["quota"]!["network"]!["limit"]!);
        Assert.True((int)json["quota"]!["port"]!["used"]! >= 1);
        Assert.Equal(0, (int)(await admin.SendAsync(HttpMethod.Get, $"/network/v2.0/quotas/{admin.ProjectId}")).Body!["quota"]!["router"]!);
    }
}
