using System.Text.Json.Nodes;
using PowerDrivers.Compat.Nova.Hosting;
using PowerDrivers.Compat.Nova.Network;
using Api = PowerDrivers.V1;

namespace PowerDrivers.Compat.Nova.Compute;

/// <summary>
/// <c>os-interface</c>: list, show, attach (a Neutron port, or a new port on <c>net_id</c>; AttachInterface with the
/// port's MAC, answered once the driver made the interface, as Nova does) and detach (DetachInterface; 202). An
/// interface made outside Neutron (over gRPC) shows with its driver interface id as port id.
/// </summary>
internal static class InterfaceEndpoints
{
    /// <summary>How long attach and detach wait for the driver.</summary>
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(120);

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/v2.1/servers/{id}/os-interface", ListAsync);
        app.MapPost("/v2.1/servers/{id}/os-interface", AttachAsync);
        app.MapGet("/v2.1/servers/{id}/os-interface/{portId}", ShowAsync);
        app.MapDelete("/v2.1/servers/{id}/os-interface/{portId}", DetachAsync);
    }

    private static JsonObject Body(Api.NetworkInterface nic, PortRecord? port) => new()
    {
        ["fixed_ips"] = port is null ? new JsonArray() : NeutronView.FixedIps(port),
        ["mac_addr"] = nic.MacAddress,
        ["net_id"] = nic.NetworkId,
        ["port_id"] = port?.Id ?? nic.Id,
        ["port_state"] = "ACTIVE",
    };

    private static async Task ListAsync(HttpContext http)
    {
        var c = new ComputeContext(http);
        var instance = await c.ServerAsync(c.Route("id")).ConfigureAwait(false);
        var state = c.Service<NeutronState>();
        var items = instance.Interfaces.Select(n => (JsonNode?)Body(n, state.PortOfInterface(n.Id))).ToArray();
        await Wire.WriteAsync(http, 200, new JsonObject { ["interfaceAttachments"] = new JsonArray(items) }).ConfigureAwait(false);
    }

    /// <summary>The interface a port id names on this server (the port bound to it, or a driver interface id).</summary>
    private static (Api.NetworkInterface Nic, PortRecord? Port) Find(ComputeContext c, Api.Instance instance, string portId)
    {
        var port = c.Service<NeutronState>().Port(portId);
        var nic = port is { InterfaceId.Length: > 0 } && port.DeviceId == instance.Id
            ? instance.Interfaces.FirstOrDefault(n => n.Id == port.InterfaceId)
            : instance.Interfaces.FirstOrDefault(n => n.Id == portId);
        return nic is null
            ? throw NovaFault.NotFound($"Instance {instance.Id} has no interface with port_id {portId}")
            : (nic, port ?? c.Service<NeutronState>().PortOfInterface(nic.Id));
    }

    private static async Task ShowAsync(HttpContext http)
    {
        var c = new ComputeContext(http);
        var instance = await c.ServerAsync(c.Route("id")).ConfigureAwait(false);
        var (nic, port) = Find(c, instance, c.Route("portId"));
        await Wire.WriteAsync(http, 200, new JsonObject { ["interfaceAttachment"] = Body(nic, port) }).ConfigureAwait(false);
    }

    private static async Task AttachAsync(HttpContext http)
    {
        var c = new ComputeContext(http);
        var instance = await c.ServerAsync(c.Route("id")).ConfigureAwait(false);
        var body = await Wire.ReadRequiredAsync(http, "interfaceAttachment").ConfigureAwait(false);
        var portId = Wire.String(body, "port_id");
        var netId = Wire.String(body, "net_id");
        if (portId is not null && netId is not null)
        {
            throw NovaFault.BadRequest("Must not input both network_id and port_id");
        }

        if (portId is null && netId is null)
        {
            throw NovaFault.BadRequest("Invalid input for field/attribute interfaceAttachment: a port_id or a net_id is required");
        }

        await ServerActionEndpoints.CheckStateAsync(c, instance, "attach_interface", DeviceAttach.VmStates).ConfigureAwait(false);
        var state = c.Service<NeutronState>();
        PortRecord port;
        if (portId is not null)
        {
            var existing = state.Port(portId);
            if (existing is null || !(c.Token.IsAdmin || existing.ProjectId == c.Token.Project.Id))
            {
                throw NovaFault.NotFound($"Port {portId} could not be found.");
            }

            port = (await PortBindings.ReconcileAsync(c, [existing]).ConfigureAwait(false))[0];
            if (body["fixed_ips"] is JsonArray { Count: > 0 })
            {
                throw NovaFault.BadRequest("Must not input both fixed_ips and port_id: the port's fixed IPs are used");
            }
        }
        else
        {
            try
            {
                await c.Driver.Networks.GetNetworkAsync(new Api.GetNetworkRequest { Id = netId! }, cancellationToken: c.Aborted).ConfigureAwait(false);
            }
            catch (Grpc.Core.RpcException ex) when (ex.StatusCode is Grpc.Core.StatusCode.NotFound or Grpc.Core.StatusCode.InvalidArgument)
            {
                throw NovaFault.NotFound($"Network {netId} could not be found.");
            }

            List<(string?, string?)>? requested = body["fixed_ips"] is JsonArray ips
                ? ips.OfType<JsonObject>().Select(o => ((string?)null, Wire.String(o, "ip_address"))).ToList()
                : null;
            List<FixedIp> fixedIps;
            try
            {
                fixedIps = state.Allocate(netId!, requested);
            }
            catch (NovaFault fault)
            {
                throw new NovaFault(fault.Code, fault.Code == 409 ? "conflictingRequest" : "badRequest", fault.Message);
            }

            port = NeutronEndpoints.NewPort(c, netId!, "", NeutronEndpoints.NewMac(), fixedIps, novaCreated: true);
            state.Save(port);
        }

        var now = c.Service<TimeProvider>().GetUtcNow();
        if (!state.TryBind(port.Id, instance.Id, instance.Host, now))
        {
            throw NovaFault.Conflict($"Port {port.Id} is still in use.");
        }

        Api.Operation last;
        try
        {
            var op = await DeviceAttach.CallAsync(c, instance, "attach_interface", () => c.Driver.Compute.AttachInterfaceAsync(
                new Api.AttachInterfaceRequest { InstanceId = instance.Id, NetworkId = port.NetworkId, MacAddress = port.MacAddress, RequestId = c.RequestId },
                cancellationToken: c.Aborted).ResponseAsync).ConfigureAwait(false);
            last = await DeviceAttach.AwaitAsync(c, instance, "attach_interface", op, Wait).ConfigureAwait(false);
        }
        catch (NovaFault)
        {
            state.Unbind(port.Id, now);
            throw;
        }

        var after = await c.Driver.FindAsync(instance.Id, c.Aborted).ConfigureAwait(false);
        var nic = after?.Interfaces.FirstOrDefault(n => string.Equals(n.MacAddress, port.MacAddress, StringComparison.OrdinalIgnoreCase));
        if (last.State != Api.OperationState.Succeeded || nic is null)
        {
            throw new NovaFault(500, "computeFault", $"Failed to attach network adapter device to {instance.Id}: the driver did not finish adding the interface (operation {last.Id} is {last.State})");
        }

        var bound = state.Port(port.Id)! with { InterfaceId = nic.Id, UpdatedAt = c.Service<TimeProvider>().GetUtcNow() };
        state.Save(bound);
        await Wire.WriteAsync(http, 200, new JsonObject { ["interfaceAttachment"] = Body(nic, bound) }).ConfigureAwait(false);
    }

    private static async Task DetachAsync(HttpContext http)
    {
        var c = new ComputeContext(http);
        var instance = await c.ServerAsync(c.Route("id")).ConfigureAwait(false);
        var (nic, port) = Find(c, instance, c.Route("portId"));
        var op = await DeviceAttach.CallAsync(c, instance, "detach_interface", () => c.Driver.Compute.DetachInterfaceAsync(
            new Api.DetachInterfaceRequest { InstanceId = instance.Id, InterfaceId = nic.Id, RequestId = c.RequestId }, cancellationToken: c.Aborted).ResponseAsync).ConfigureAwait(false);
        var last = await DeviceAttach.AwaitAsync(c, instance, "detach_interface", op, Wait).ConfigureAwait(false);
        if (last.State == Api.OperationState.Succeeded && port is not null)
        {
            c.Service<NeutronState>().Unbind(port.Id, c.Service<TimeProvider>().GetUtcNow());
        }

        await Wire.WriteAsync(http, 202, null).ConfigureAwait(false);
    }
}
