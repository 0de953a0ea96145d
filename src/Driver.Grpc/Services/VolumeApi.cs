using Grpc.Core;
using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.Operations;
using PowerDrivers.Driver.Grpc.Mapping;
using Api = PowerDrivers.V1;

namespace PowerDrivers.Driver.Grpc.Services;

/// <summary>powerdrivers.v1.VolumeService.</summary>
internal sealed class VolumeApi(ComputeManager manager) : Api.VolumeService.VolumeServiceBase
{
    public override async Task<Api.Operation> CreateVolume(Api.CreateVolumeRequest request, ServerCallContext context)
    {
        if (request.SizeGb > ComputeManager.MaxVolumeSizeGb)
        {
            throw new InvalidSpecError("size_gb", $"must be 1-{ComputeManager.MaxVolumeSizeGb} GiB (got {request.SizeGb})");
        }

        var spec = new VolumeSpec(request.Name, (long)request.SizeGb, VirtualIoMapper.Provisioning(request.Provisioning), request.Host,
            new Dictionary<string, string>(request.Metadata));
        return ResponseMapper.ToProto(await manager.CreateVolumeAsync(spec, request.RequestId, context.CancellationToken));
    }

    public override async Task<Api.Volume> GetVolume(Api.GetVolumeRequest request, ServerCallContext context) =>
        await ToProtoAsync(await manager.GetVolumeAsync(Ids.Of(request.Id, "id"), context.CancellationToken), context.CancellationToken);

    public override async Task<Api.ListVolumesResponse> ListVolumes(Api.ListVolumesRequest request, ServerCallContext context)
    {
        var response = new Api.ListVolumesResponse();
        foreach (var v in await manager.ListVolumesAsync(request.Host, request.IncludeDeleted, context.CancellationToken))
        {
            response.Volumes.Add(await ToProtoAsync(v, context.CancellationToken));
        }

        return response;
    }

    public override async Task<Api.Operation> DeleteVolume(Api.DeleteVolumeRequest request, ServerCallContext context) =>
        ResponseMapper.ToProto(await manager.DeleteVolumeAsync(Ids.Of(request.Id, "id"), request.RequestId, context.CancellationToken));

    private async Task<Api.Volume> ToProtoAsync(Core.Storage.VolumeRecord v, CancellationToken ct)
    {
        var attachment = v.InstanceId is { } id && v.Status == Core.Model.VolumeStatus.InUse
            ? (await manager.GetInstanceAsync(id, ct)).Volumes.FirstOrDefault(a => a.VolumeId == v.Id)
            : null;
        return VirtualIoMapper.ToProto(v, attachment);
    }
}
