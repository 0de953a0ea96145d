using Grpc.Core;
using PowerDrivers.Driver.Core.Events;
using PowerDrivers.Driver.Core.Operations;
using PowerDrivers.Driver.Grpc.Mapping;
using Api = PowerDrivers.V1;

namespace PowerDrivers.Driver.Grpc.Services;

/// <summary>powerdrivers.v1.EventService: the durable event log, backlog then live.</summary>
internal sealed class EventApi(ComputeManager manager) : Api.EventService.EventServiceBase
{
    public override async Task WatchEvents(Api.WatchEventsRequest request, IServerStreamWriter<Api.Event> responseStream, ServerCallContext context)
    {
        Guid? instance = request.InstanceId.Length == 0 ? null : Ids.Instance(request.InstanceId, "instance_id");
        var kinds = request.Kinds.Select(k => (EventKind)(int)k).ToHashSet();
        var after = request.AfterSequence < -1 ? -1 : request.AfterSequence;
        bool Match(DriverEvent e) =>
            (request.Host.Length == 0 || e.Host == request.Host)
            && (instance is null || e.InstanceId == instance)
            && (kinds.Count == 0 || kinds.Contains(e.Kind));

        await foreach (var e in manager.WatchEventsAsync(after, Match, context.CancellationToken))
        {
            await responseStream.WriteAsync(ResponseMapper.ToProto(e), context.CancellationToken);
        }
    }
}
