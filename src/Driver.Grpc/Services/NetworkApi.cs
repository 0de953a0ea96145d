using Grpc.Core;
using PowerDrivers.Driver.Core.Operations;
using PowerDrivers.Driver.Grpc.Mapping;
using Api = PowerDrivers.V1;

namespace PowerDrivers.Driver.Grpc.Services;

/// <summary>powerdrivers.v1.NetworkService.</summary>
internal sealed class NetworkApi(ComputeManager manager) : Api.NetworkService.NetworkServiceBase
{
    public override async Task<Api.Network> CreateNetwork(Api.CreateNetworkRequest request, ServerCallContext context) =>
        VirtualIoMapper.ToProto(await manager.CreateNetworkAsync(request.Name, (int)Math.Min(request.VlanId, int.MaxValue), context.CancellationToken));

    public override async Task<Api.Network> GetNetwork(Api.GetNetworkRequest request, ServerCallContext context) =>
        VirtualIoMapper.ToProto(await manager.GetNetworkAsync(Ids.Of(request.Id, "id"), context.CancellationToken));

    public override async Task<Api.ListNetworksResponse> ListNetworks(Api.ListNetworksRequest request, ServerCallContext context)
    {
        var response = new Api.ListNetworksResponse();
        response.Networks.Add((await manager.ListNetworksAsync(context.CancellationToken)).Select(VirtualIoMapper.ToProto));
        return response;
    }

    public override async Task<Api.DeleteNetworkResponse> DeleteNetwork(Api.DeleteNetworkRequest request, ServerCallContext context)
    {
        await manager.DeleteNetworkAsync(Ids.Of(request.Id, "id"), context.CancellationToken);
        return new Api.DeleteNetworkResponse();
    }
}
