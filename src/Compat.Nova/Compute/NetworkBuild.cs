using Grpc.Core;
using PowerDrivers.Compat.Nova.Network;
using Api = PowerDrivers.V1;

namespace PowerDrivers.Compat.Nova.Compute;

/// <summary>
/// Finishes a server created with networks, as Nova's build does after spawning the guest: the instance is created
/// stopped, each requested network gets its interface (a Neutron port bound to the server; every backend can change a
/// stopped instance's definition), then the instance is started. A failed step leaves the server in ERROR (front view)
/// with the ports of the failed step released.
/// </summary>
internal sealed class NetworkBuild(DriverClient driver, NeutronState ports, ServerBuilds builds, TimeProvider time, ILogger logger)
{
    private static readonly TimeSpan CreateLimit = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan StepLimit = TimeSpan.FromMinutes(5);

    public async Task RunAsync(Api.Operation create, string host, string projectId, IReadOnlyList<NicRequest> nics, string requestId, CancellationToken ct)
    {
        var id = create.InstanceId;
        try
        {
            var created = await driver.WaitAsync(create, CreateLimit, ct).ConfigureAwait(false);
            if (created.State != Api.OperationState.Succeeded)
            {
                // The driver's own fault shows (the instance is in ERROR or gone).
                builds.End(id);
                return;
            }

            for (var n = 0; n < nics.Count; n++)
            {
                if (!await AttachAsync(id, host, projectId, nics[n], $"{requestId}-nic-{n}", ct).ConfigureAwait(false))
                {
                    return;
                }
            }

            var start = await driver.Compute.StartInstanceAsync(new Api.StartInstanceRequest { Id = id, RequestId = requestId + "-start" }, cancellationToken: ct).ConfigureAwait(false);
            var started = await driver.WaitAsync(start, StepLimit, ct).ConfigureAwait(false);
            if (started.State == Api.OperationState.Succeeded)
            {
                builds.End(id);
            }
            else
            {
                builds.Fail(id, "Build of instance aborted: the instance did not start: " + (started.Error?.Message ?? started.State.ToString()));
            }
        }
        catch (Exception ex) when (ex is RpcException or OperationCanceledException or Hosting.NovaFault)
        {
            logger.LogWarning(ex, "building the networks of instance {Instance} failed", id);
            builds.Fail(id, "Build of instance aborted: " + ex switch
            {
                RpcException rpc => rpc.Status.Detail,
                Hosting.NovaFault fault => fault.Message,
                _ => "the front stopped",
            });
        }
    }

    private async Task<bool> AttachAsync(string id, string host, string projectId, NicRequest nic, string requestId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        PortRecord port;
        if (nic.PortId.Length > 0)
        {
            port = ports.Port(nic.PortId) ?? throw new RpcException(new Status(StatusCode.NotFound, $"Port {nic.PortId} could not be found."));
        }
        else
        {
            port = new PortRecord
            {
                Id = Guid.NewGuid().ToString(),
                NetworkId = nic.NetworkId,
                MacAddress = NeutronEndpoints.NewMac(),
                FixedIps = ports.Allocate(nic.NetworkId, nic.FixedIp is null ? null : [(null, nic.FixedIp)]),
                ProjectId = projectId,
                NovaCreated = true,
                CreatedAt = now,
                UpdatedAt = now,
            };
            ports.Save(port);
        }

        if (!ports.TryBind(port.Id, id, host, now))
        {
            builds.Fail(id, $"Build of instance aborted: Port {port.Id} is still in use.");
            return false;
        }

        try
        {
            var op = await driver.Compute.AttachInterfaceAsync(
                new Api.AttachInterfaceRequest { InstanceId = id, NetworkId = port.NetworkId, MacAddress = port.MacAddress, RequestId = requestId }, cancellationToken: ct).ConfigureAwait(false);
            var done = await driver.WaitAsync(op, StepLimit, ct).ConfigureAwait(false);
            var instance = await driver.FindAsync(id, ct).ConfigureAwait(false);
            var made = instance?.Interfaces.FirstOrDefault(i => string.Equals(i.MacAddress, port.MacAddress, StringComparison.OrdinalIgnoreCase));
            if (done.State != Api.OperationState.Succeeded || made is null)
            {
                ports.Unbind(port.Id, time.GetUtcNow());
                builds.Fail(id, "Build of instance aborted: the interface on network " + port.NetworkId + " was not added: " + (done.Error?.Message ?? done.State.ToString()));
                return false;
            }

            ports.Save(ports.Port(port.Id)! with { InterfaceId = made.Id, UpdatedAt = time.GetUtcNow() });
            return true;
        }
        catch
        {
            ports.Unbind(port.Id, time.GetUtcNow());
            throw;
        }
    }
}
