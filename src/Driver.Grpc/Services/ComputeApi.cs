using Grpc.Core;
using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.Model;
using PowerDrivers.Driver.Core.Operations;
using PowerDrivers.Driver.Core.States;
using PowerDrivers.Driver.Core.Store;
using PowerDrivers.Driver.Grpc.Mapping;
using Api = PowerDrivers.V1;

namespace PowerDrivers.Driver.Grpc.Services;

/// <summary>powerdrivers.v1.ComputeService: maps messages to the <see cref="ComputeManager"/> and back; no rules here.</summary>
internal sealed class ComputeApi(ComputeManager manager) : Api.ComputeService.ComputeServiceBase
{
    public override async Task<Api.Operation> CreateInstance(Api.CreateInstanceRequest request, ServerCallContext context)
    {
        var spec = SpecMapper.ToCore(request.Spec);
        return ResponseMapper.ToProto(await manager.CreateAsync(spec, request.Start, request.RequestId, context.CancellationToken));
    }

    public override async Task<Api.Instance> GetInstance(Api.GetInstanceRequest request, ServerCallContext context) =>
        ResponseMapper.ToProtoShared(await manager.GetInstanceAsync(Ids.Instance(request.Id), context.CancellationToken));

    public override async Task<Api.ListInstancesResponse> ListInstances(Api.ListInstancesRequest request, ServerCallContext context)
    {
        if (request.PageSize < 0)
        {
            throw new InvalidSpecError("page_size", $"must not be negative (got {request.PageSize})");
        }

        var states = new List<InstanceState>();
        for (var i = 0; i < request.States.Count; i++)
        {
            states.Add(ResponseMapper.StateFromProto(request.States[i])
                ?? throw new InvalidSpecError($"states[{i}]", $"unknown state {(int)request.States[i]}"));
        }

        var page = await manager.ListInstancesAsync(
            new InstanceQuery(request.Host, states, request.Name, request.PageSize, PageTokens.Decode(request.PageToken), request.IncludeDeleted),
            context.CancellationToken);
        var response = new Api.ListInstancesResponse { NextPageToken = PageTokens.Encode(page.Next), TotalSize = page.TotalSize };
        response.Instances.Add(page.Items.Select(ResponseMapper.ToProtoShared));
        return response;
    }

    public override async Task<Api.Instance> UpdateInstance(Api.UpdateInstanceRequest request, ServerCallContext context)
    {
        var paths = request.UpdateMask?.Paths ?? [];
        foreach (var p in paths.Where(p => p is not ("name" or "metadata")))
        {
            throw new InvalidSpecError("update_mask", $"unknown field '{p}' (only name and metadata can be updated)");
        }

        var all = paths.Count == 0;
        var name = all ? (request.Name.Length > 0 ? request.Name : null) : paths.Contains("name") ? request.Name : null;
        IReadOnlyDictionary<string, string>? metadata = all
            ? (request.Metadata.Count > 0 ? new Dictionary<string, string>(request.Metadata) : null)
            : paths.Contains("metadata") ? new Dictionary<string, string>(request.Metadata) : null;
        return ResponseMapper.ToProto(await manager.UpdateAsync(Ids.Instance(request.Id), name, metadata, request.ExpectedVersion, context.CancellationToken));
    }

    public override async Task<Api.Operation> DeleteInstance(Api.DeleteInstanceRequest request, ServerCallContext context) =>
        ResponseMapper.ToProto(await manager.DeleteAsync(Ids.Instance(request.Id), request.Force, request.RequestId, context.CancellationToken));

    public override async Task<Api.Operation> StartInstance(Api.StartInstanceRequest request, ServerCallContext context) =>
        ResponseMapper.ToProto(await manager.StartAsync(Ids.Instance(request.Id), request.RequestId, context.CancellationToken));

    public override async Task<Api.Operation> StopInstance(Api.StopInstanceRequest request, ServerCallContext context)
    {
        var mode = request.Mode switch
        {
            Api.StopMode.Unspecified or Api.StopMode.Soft => StopMode.Soft,
            Api.StopMode.Hard => StopMode.Hard,
            _ => throw new InvalidSpecError("mode", $"unknown stop mode {(int)request.Mode}"),
        };
        TimeSpan? timeout = request.Timeout is null ? null : request.Timeout.ToTimeSpan();
        return ResponseMapper.ToProto(await manager.StopAsync(Ids.Instance(request.Id), mode, timeout, request.RequestId, context.CancellationToken));
    }

    public override async Task<Api.Operation> RebootInstance(Api.RebootInstanceRequest request, ServerCallContext context)
    {
        var mode = request.Mode switch
        {
            Api.RebootMode.Unspecified or Api.RebootMode.Soft => RebootMode.Soft,
            Api.RebootMode.Hard => RebootMode.Hard,
            _ => throw new InvalidSpecError("mode", $"unknown reboot mode {(int)request.Mode}"),
        };
        return ResponseMapper.ToProto(await manager.RebootAsync(Ids.Instance(request.Id), mode, request.RequestId, context.CancellationToken));
    }

    public override async Task<Api.Operation> PauseInstance(Api.PauseInstanceRequest request, ServerCallContext context) =>
        ResponseMapper.ToProto(await manager.PauseAsync(Ids.Instance(request.Id), request.RequestId, context.CancellationToken));

    public override async Task<Api.Operation> UnpauseInstance(Api.UnpauseInstanceRequest request, ServerCallContext context) =>
        ResponseMapper.ToProto(await manager.UnpauseAsync(Ids.Instance(request.Id), request.RequestId, context.CancellationToken));

    public override async Task<Api.Operation> SuspendInstance(Api.SuspendInstanceRequest request, ServerCallContext context) =>
        ResponseMapper.ToProto(await manager.SuspendAsync(Ids.Instance(request.Id), request.RequestId, context.CancellationToken));

    public override async Task<Api.Operation> ResumeInstance(Api.ResumeInstanceRequest request, ServerCallContext context) =>
        ResponseMapper.ToProto(await manager.ResumeAsync(Ids.Instance(request.Id), request.RequestId, context.CancellationToken));

    public override async Task<Api.Operation> ResizeInstance(Api.ResizeInstanceRequest request, ServerCallContext context)
    {
        var v = new List<FieldViolation>();
        var processors = request.Processors is null ? null : SpecMapper.ToCore(request.Processors, "processors", v);
        var memory = request.Memory is null ? null : SpecMapper.ToCore(request.Memory, "memory", v);
        if (v.Count > 0)
        {
            throw new InvalidSpecError(v);
        }

        return ResponseMapper.ToProto(await manager.ResizeAsync(Ids.Instance(request.Id), processors, memory, request.RequestId, context.CancellationToken));
    }

    public override async Task<Api.Operation> ConfirmResize(Api.ConfirmResizeRequest request, ServerCallContext context) =>
        ResponseMapper.ToProto(await manager.ConfirmResizeAsync(Ids.Instance(request.Id), request.RequestId, context.CancellationToken));

    public override async Task<Api.Operation> RevertResize(Api.RevertResizeRequest request, ServerCallContext context) =>
        ResponseMapper.ToProto(await manager.RevertResizeAsync(Ids.Instance(request.Id), request.RequestId, context.CancellationToken));

    public override async Task<Api.Console> GetConsole(Api.GetConsoleRequest request, ServerCallContext context)
    {
        ConsoleType? type = request.Type switch
        {
            Api.ConsoleType.Unspecified => null,
            Api.ConsoleType.Vnc => ConsoleType.Vnc,
            Api.ConsoleType.Serial => ConsoleType.Serial,
            Api.ConsoleType.Vterm => ConsoleType.VTerm,
            _ => throw new InvalidSpecError("type", $"unknown console type {(int)request.Type}"),
        };
        var c = await manager.GetConsoleAsync(Ids.Instance(request.Id), type, context.CancellationToken);
        return new Api.Console { Type = (Api.ConsoleType)((int)c.Type + 1), Url = c.Url, Host = c.Host, Port = (uint)c.Port, Token = c.Token };
    }

    public override async Task<Api.NativeDescription> GetNativeDescription(Api.GetNativeDescriptionRequest request, ServerCallContext context)
    {
        var d = await manager.DescribeNativeAsync(Ids.Instance(request.Id), context.CancellationToken);
        return new Api.NativeDescription { Format = d.Format, Document = d.Document };
    }

    public override async Task<Api.Operation> GetOperation(Api.GetOperationRequest request, ServerCallContext context) =>
        ResponseMapper.ToProto(await manager.GetOperationAsync(Ids.Operation(request.Id), context.CancellationToken));

    public override async Task<Api.ListOperationsResponse> ListOperations(Api.ListOperationsRequest request, ServerCallContext context)
    {
        Guid? instance = request.InstanceId.Length == 0 ? null : Ids.Instance(request.InstanceId, "instance_id");
        var states = request.States.Select((s, i) => s is > Api.OperationState.Unspecified and <= Api.OperationState.Failed
            ? (OperationState)(int)s : throw new InvalidSpecError($"states[{i}]", $"unknown state {(int)s}")).ToList();
        var page = await manager.ListOperationsAsync(new OperationQuery(instance, states, request.PageSize, PageTokens.Decode(request.PageToken)), context.CancellationToken);
        var response = new Api.ListOperationsResponse { NextPageToken = PageTokens.Encode(page.Next) };
        response.Operations.Add(page.Items.Select(ResponseMapper.ToProto));
        return response;
    }

    public override async Task WatchOperation(Api.WatchOperationRequest request, IServerStreamWriter<Api.Operation> responseStream, ServerCallContext context)
    {
        await foreach (var op in manager.WatchOperationAsync(Ids.Operation(request.Id), context.CancellationToken))
        {
            await responseStream.WriteAsync(ResponseMapper.ToProto(op), context.CancellationToken);
        }
    }

    public override async Task<Api.Operation> AttachVolume(Api.AttachVolumeRequest request, ServerCallContext context) =>
        ResponseMapper.ToProto(await manager.AttachVolumeAsync(Ids.Instance(request.InstanceId, "instance_id"), Ids.Of(request.VolumeId, "volume_id"),
            VirtualIoMapper.Kind(request.Kind), request.RequestId, context.CancellationToken));

    public override async Task<Api.Operation> DetachVolume(Api.DetachVolumeRequest request, ServerCallContext context) =>
        ResponseMapper.ToProto(await manager.DetachVolumeAsync(Ids.Instance(request.InstanceId, "instance_id"), Ids.Of(request.VolumeId, "volume_id"),
            request.RequestId, context.CancellationToken));

    public override async Task<Api.Operation> AttachInterface(Api.AttachInterfaceRequest request, ServerCallContext context) =>
        ResponseMapper.ToProto(await manager.AttachInterfaceAsync(Ids.Instance(request.InstanceId, "instance_id"), Ids.Of(request.NetworkId, "network_id"),
            request.MacAddress, request.RequestId, context.CancellationToken));

    public override async Task<Api.Operation> DetachInterface(Api.DetachInterfaceRequest request, ServerCallContext context) =>
        ResponseMapper.ToProto(await manager.DetachInterfaceAsync(Ids.Instance(request.InstanceId, "instance_id"), Ids.Of(request.InterfaceId, "interface_id"),
            request.RequestId, context.CancellationToken));
}
