using Grpc.Core;
using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.Operations;
using PowerDrivers.Driver.Core.States;
using PowerDrivers.Driver.Core.Store;
using PowerDrivers.Driver.Grpc.Mapping;
using Api = PowerDrivers.V1;

namespace PowerDrivers.Driver.Grpc.Services;

/// <summary>powerdrivers.v1.HostService.</summary>
internal sealed class HostApi(ComputeManager manager) : Api.HostService.HostServiceBase
{
    private static readonly InstanceState[] Live = Enum.GetValues<InstanceState>().Where(s => s != InstanceState.Deleted).ToArray();

    public override async Task<Api.ListHostsResponse> ListHosts(Api.ListHostsRequest request, ServerCallContext context)
    {
        var hosts = await manager.ListHostsAsync(context.CancellationToken);
        var response = new Api.ListHostsResponse();
        foreach (var h in hosts)
        {
            if ((request.Backend != Api.BackendKind.Unspecified && ResponseMapper.BackendKind(h.Backend) != request.Backend)
                || (request.AvailabilityZone.Length > 0 && h.AvailabilityZone != request.AvailabilityZone))
            {
                continue;
            }

            response.Hosts.Add(ResponseMapper.ToProto(h, await CountAsync(h.Name, context.CancellationToken)));
        }

        return response;
    }

    public override async Task<Api.Host> GetHost(Api.GetHostRequest request, ServerCallContext context)
    {
        if (request.Name.Length == 0)
        {
            throw new InvalidSpecError("name", "is required");
        }

        var host = await manager.GetHostAsync(request.Name, context.CancellationToken);
        return ResponseMapper.ToProto(host, await CountAsync(host.Name, context.CancellationToken));
    }

    public override Task<Api.Capabilities> GetCapabilities(Api.GetCapabilitiesRequest request, ServerCallContext context)
    {
        if (request.Host.Length == 0)
        {
            throw new InvalidSpecError("host", "is required");
        }

        return Task.FromResult(ResponseMapper.ToProto(manager.GetCapabilities(request.Host)));
    }

    public override async Task<Api.HostIo> GetHostIo(Api.GetHostIoRequest request, ServerCallContext context)
    {
        if (request.Name.Length == 0)
        {
            throw new InvalidSpecError("name", "is required");
        }

        return VirtualIoMapper.ToProto(request.Name, await manager.GetHostIoAsync(request.Name, context.CancellationToken));
    }

    private async Task<int> CountAsync(string host, CancellationToken ct) =>
        (await manager.ListInstancesAsync(new InstanceQuery(host, Live, "", 1, null, false), ct)).TotalSize;
}
