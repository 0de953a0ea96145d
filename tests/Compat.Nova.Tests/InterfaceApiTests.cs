using PowerDrivers.Compat.Nova.Tests.Support;

namespace PowerDrivers.Compat.Nova.Tests;

/// <summary>
/// Nova's <c>os-interface</c> with Neutron ports over HTTP: powervm hosts on the in-memory fake backend (live attach),
/// powerkvm hosts on the real PowerKVM backend over libvirt's test driver (no hot plug).
/// </summary>
public sealed class InterfaceApiTests(StackFixture fixture) : IClassFixture<StackFixture>
{
    private NovaStack Stack => fixture.Stack;

    private static async Task<(string Network, string Subnet)> NetworkWithSubnetAsync(VirtualIoClient client, string name, int vlan, string cidr)
    {
        var network = await client.CreateNetworkAsync(name, vlan);
        var (status, json, _) = await client.SendAsync(HttpMethod.Post, "/network/v2.0/subnets", new { subnet = new { network_id = network, cidr, ip_version = 4 } });
        Assert.Equal(201, status);
        return (network, (string)json!["subnet"]!["id"]!);
    }

    [Fact]
    public async Task AttachPort_ToActiveServer_BindsItAndShowsTheAddress()
    {
        var admin = await VirtualIoClient.LoginAsync(Stack);
        var (network, _) = await NetworkWithSubnetAsync(admin, "if-net-1", 210, "10.2.10.0/24");
        var port = await admin.CreatePortAsync(network, "if-port-1");
        var portId = (string)port["id"]!;
        var server = await admin.CreateServerAsync("if-1", "powervm");

        var (status, json, _) = await admin.SendAsync(HttpMethod.Post, $"/v2.1/servers/{server}/os-interface", new { interfaceAttachment = new { port_id = portId } });

        Assert.Equal(200, status);
        var attachment = json!["interfaceAttachment"]!;
        Assert.Equal(portId, (string?)attachment["port_id"]);
        Assert.Equal(network, (string?)attachment["net_id"]);
        Assert.Equal((string?)port["mac_address"], (string?)attachment["mac_addr"]);
        Assert.Equal("10.2.10.2", (string?)attachment["fixed_ips"]![0]!["ip_address"]);
        var bound = (await admin.SendAsync(HttpMethod.Get, $"/network/v2.0/ports/{portId}")).Body!["port"]!;
        Assert.Equal(server, (string?)bound["device_id"]);
        Assert.Equal("ACTIVE", (string?)bound["status"]);
        Assert.StartsWith("compute:", (string?)bound["device_owner"], StringComparison.Ordinal);
        var shown = (await admin.SendAsync(HttpMethod.Get, $"/v2.1/servers/{server}")).Body!["server"]!;
        var address = Assert.Single(shown["addresses"]!["if-net-1"]!.AsArray())!;
        Assert.Equal("10.2.10.2", (string?)address["addr"]);
        Assert.Equal((string?)port["mac_address"], (string?)address["OS-EXT-IPS-MAC:mac_addr"]);
        var list = (await admin.SendAsync(HttpMethod.Get, $"/v2.1/servers/{server}/os-interface")).Body!["interfaceAttachments"]!.AsArray();
        Assert.Equal(portId, (string?)Assert.Single(list)!["port_id"]);
        Assert.Equal(200, (await admin.SendAsync(HttpMethod.Get, $"/v2.1/servers/{server}/os-interface/{portId}")).Status);
    }

    [Fact]
    public async Task AttachPort_AlreadyBound_Is409_AndABoundPortCannotBeDeleted()
    {
        var admin = await VirtualIoClient.LoginAsync(Stack);
        var network = await admin.CreateNetworkAsync("if-net-2", 220);
        var portId = (string)(await admin.CreatePortAsync(network, "if-port-2"))["id"]!;
        var server = await admin.CreateServerAsync("if-2", "powervm");
        var other = await admin.CreateServerAsync("if-3", "powervm");
        Assert.Equal(200, (await admin.SendAsync(HttpMethod.Post, $"/v2.1/servers/{server}/os-interface", new { interfaceAttachment = new { port_id = portId } })).Status);

        var (status, json, _) = await admin.SendAsync(HttpMethod.Post, $"/v2.1/servers/{other}/os-interface", new { interfaceAttachment = new { port_id = portId } });
        Assert.Equal(409, status);
        Assert.Equal($"Port {portId} is still in use.", (string?)json!["conflictingRequest"]!["message"]);
        (status, json, _) = await admin.SendAsync(HttpMethod.Delete, $"/network/v2.0/ports/{portId}");
        Assert.Equal(409, status);
        Assert.Equal("PortInUse", (string?)json!["NeutronError"]!["type"]);
    }

    [Fact]
    public async Task DetachPort_Is202AndUnbindsThePort()
    {
        var admin = await VirtualIoClient.LoginAsync(Stack);
        var network = await admin.CreateNetworkAsync("if-net-4", 240);
        var portId = (string)(await admin.CreatePortAsync(network, "if-port-4"))["id"]!;
        var server = await admin.CreateServerAsync("if-4", "powervm");
        Assert.Equal(200, (await admin.SendAsync(HttpMethod.Post, $"/v2.1/servers/{server}/os-interface", new { interfaceAttachment = new { port_id = portId } })).Status);

        Assert.Equal(202, (await admin.SendAsync(HttpMethod.Delete, $"/v2.1/servers/{server}/os-interface/{portId}")).Status);

        var port = (await admin.SendAsync(HttpMethod.Get, $"/network/v2.0/ports/{portId}")).Body!["port"]!;
        Assert.Equal("", (string?)port["device_id"]);
        Assert.Equal("DOWN", (string?)port["status"]);
        Assert.Empty((await admin.SendAsync(HttpMethod.Get, $"/v2.1/servers/{server}/os-interface")).Body!["interfaceAttachments"]!.AsArray());
        Assert.Equal(404, (await admin.SendAsync(HttpMethod.Delete, $"/v2.1/servers/{server}/os-interface/{portId}")).Status);
    }

    [Fact]
    public async Task AttachNetwork_CreatesAPortThatGoesAwayOnDetach()
    {
        var admin = await VirtualIoClient.LoginAsync(Stack);
        var (network, _) = await NetworkWithSubnetAsync(admin, "if-net-5", 250, "10.2.50.0/24");
        var server = await admin.CreateServerAsync("if-5", "powervm");

        var (status, json, _) = await admin.SendAsync(HttpMethod.Post, $"/v2.1/servers/{server}/os-interface",
            new { interfaceAttachment = new { net_id = network, fixed_ips = new[] { new { ip_address = "10.2.50.77" } } } });

        Assert.Equal(200, status);
        var portId = (string)json!["interfaceAttachment"]!["port_id"]!;
        Assert.Equal("10.2.50.77", (string?)json["interfaceAttachment"]!["fixed_ips"]![0]!["ip_address"]);
        var ports = (await admin.SendAsync(HttpMethod.Get, $"/network/v2.0/ports?device_id={server}")).Body!["ports"]!.AsArray();
        Assert.Equal(portId, (string?)Assert.Single(ports)!["id"]);

        Assert.Equal(202, (await admin.SendAsync(HttpMethod.Delete, $"/v2.1/servers/{server}/os-interface/{portId}")).Status);
        Assert.Equal(404, (await admin.SendAsync(HttpMethod.Get, $"/network/v2.0/ports/{portId}")).Status);
    }

    [Fact]
    public async Task AttachInterface_WithoutPortOrNetwork_Is400_UnknownNetwork_Is404()
    {
        var admin = await VirtualIoClient.LoginAsync(Stack);
        var server = await admin.CreateServerAsync("if-6", "powervm");

        Assert.Equal(400, (await admin.SendAsync(HttpMethod.Post, $"/v2.1/servers/{server}/os-interface", new { interfaceAttachment = new { } })).Status);
        var (status, json, _) = await admin.SendAsync(HttpMethod.Post, $"/v2.1/servers/{server}/os-interface", new { interfaceAttachment = new { net_id = Guid.NewGuid().ToString() } });
        Assert.Equal(404, status);
        Assert.NotNull(json!["itemNotFound"]);
        Assert.Equal(404, (await admin.SendAsync(HttpMethod.Post, $"/v2.1/servers/{server}/os-interface", new { interfaceAttachment = new { port_id = Guid.NewGuid().ToString() } })).Status);
    }

    [Fact]
    public async Task AttachPort_RunningPowerKvmServer_Is409WithTheReason_PortStaysFree()
    {
        var admin = await VirtualIoClient.LoginAsync(Stack);
        var network = await admin.CreateNetworkAsync("if-net-7", 270);
        var portId = (string)(await admin.CreatePortAsync(network, "if-port-7"))["id"]!;
        var server = await admin.CreateServerAsync("if-kvm", "powerkvm");

        var (status, json, _) = await admin.SendAsync(HttpMethod.Post, $"/v2.1/servers/{server}/os-interface", new { interfaceAttachment = new { port_id = portId } });

        Assert.Equal(409, status);
        var message = (string)json!["conflictingRequest"]!["message"]!;
        Assert.StartsWith($"Cannot 'attach_interface' instance {server} while it is in vm_state active: ", message, StringComparison.Ordinal);
        Assert.Contains("live_interface_attach", message, StringComparison.Ordinal);
        Assert.Equal("", (string?)(await admin.SendAsync(HttpMethod.Get, $"/network/v2.0/ports/{portId}")).Body!["port"]!["device_id"]);

        await admin.StopServerAsync(server);
        Assert.Equal(200, (await admin.SendAsync(HttpMethod.Post, $"/v2.1/servers/{server}/os-interface", new { interfaceAttachment = new { port_id = portId } })).Status);
        Assert.Equal(server, (string?)(await admin.SendAsync(HttpMethod.Get, $"/network/v2.0/ports/{portId}")).Body!["port"]!["device_id"]);
    }

    [Fact]
    public async Task DeletedServer_ReleasesItsPort()
    {
        var admin = await VirtualIoClient.LoginAsync(Stack);
        var network = await admin.CreateNetworkAsync("if-net-8", 280);
        var portId = (string)(await admin.CreatePortAsync(network, "if-port-8"))["id"]!;
        var server = await admin.CreateServerAsync("if-8", "powervm");
        Assert.Equal(200, (await admin.SendAsync(HttpMethod.Post, $"/v2.1/servers/{server}/os-interface", new { interfaceAttachment = new { port_id = portId } })).Status);

        Assert.Equal(204, (await admin.SendAsync(HttpMethod.Delete, $"/v2.1/servers/{server}")).Status);
        for (var i = 0; i < 200 && (await admin.SendAsync(HttpMethod.Get, $"/v2.1/servers/{server}")).Status != 404; i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal("", (string?)(await admin.SendAsync(HttpMethod.Get, $"/network/v2.0/ports/{portId}")).Body!["port"]!["device_id"]);
    }

    [Fact]
    public async Task CreateServer_WithNetworkAndPort_BuildsWithTheirInterfacesThenActive()
    {
        var admin = await VirtualIoClient.LoginAsync(Stack);
        var (network, _) = await NetworkWithSubnetAsync(admin, "if-net-9", 290, "10.2.90.0/24");
        var portId = (string)(await admin.CreatePortAsync(network, "if-port-9"))["id"]!;
        var body = new
        {
            server = new
            {
                name = "if-boot",
                flavorRef = "2",
                imageRef = "8d6b9b36-5b2e-4c1e-9f4a-2f3c1b0a7e01",
                availability_zone = "powerkvm",
                networks = new object[] { new { uuid = network, fixed_ip = "10.2.90.50" }, new { port = portId } },
            },
        };

        var (status, json, _) = await admin.SendAsync(HttpMethod.Post, "/v2.1/servers", body, "2.37");

        Assert.Equal(202, status);
        var server = (string)json!["server"]!["id"]!;
        var active = await Stack.WaitForStatusAsync(admin.Token, server, "ACTIVE");
        Assert.Equal(["10.2.90.50", "10.2.90.2"], active["addresses"]!["if-net-9"]!.AsArray().Select(a => (string)a!["addr"]!));
        Assert.Equal(2, (await admin.SendAsync(HttpMethod.Get, $"/v2.1/servers/{server}/os-interface")).Body!["interfaceAttachments"]!.AsArray().Count);
        Assert.Equal(server, (string?)(await admin.SendAsync(HttpMethod.Get, $"/network/v2.0/ports/{portId}")).Body!["port"]!["device_id"]);

        (status, json, _) = await admin.SendAsync(HttpMethod.Post, "/v2.1/servers", body with { }, "2.37");
        Assert.Equal(409, status);
        Assert.Equal($"Port {portId} is still in use.", (string?)json!["conflictingRequest"]!["message"]);
    }

    [Fact]
    public async Task CreateServer_WithUnknownNetwork_Is400()
    {
        var admin = await VirtualIoClient.LoginAsync(Stack);
        var missing = Guid.NewGuid().ToString();
        var body = new { server = new { name = "if-nonet", flavorRef = "2", imageRef = "8d6b9b36-5b2e-4c1e-9f4a-2f3c1b0a7e01", networks = new[] { new { uuid = missing } } } };

        var (status, json, _) = await admin.SendAsync(HttpMethod.Post, "/v2.1/servers", body, "2.37");

        Assert.Equal(400, status);
        Assert.Equal($"Network {missing} could not be found.", (string?)json!["badRequest"]!["message"]);
    }
}
