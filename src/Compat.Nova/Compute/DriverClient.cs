using Grpc.Core;
using Grpc.Net.Client;
using Api = PowerDrivers.V1;

namespace PowerDrivers.Compat.Nova.Compute;

/// <summary>The driver as the front sees it: the generated gRPC clients over one real channel, plus the few reads it combines.</summary>
internal sealed class DriverClient : IDisposable
{
    private readonly GrpcChannel _channel;

    public DriverClient(Uri address)
    {
        _channel = GrpcChannel.ForAddress(address);
        Compute = new Api.ComputeService.ComputeServiceClient(_channel);
        Hosts = new Api.HostService.HostServiceClient(_channel);
        Volumes = new Api.VolumeService.VolumeServiceClient(_channel);
        Networks = new Api.NetworkService.NetworkServiceClient(_channel);
    }

    public Api.ComputeService.ComputeServiceClient Compute { get; }

    public Api.HostService.HostServiceClient Hosts { get; }

    public Api.VolumeService.VolumeServiceClient Volumes { get; }

    public Api.NetworkService.NetworkServiceClient Networks { get; }

    /// <summary>The instance, or null when the driver has none with this id (or the id is not a UUID).</summary>
    public async Task<Api.Instance?> FindAsync(string id, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out _))
        {
            return null;
        }

        try
        {
            var instance = await Compute.GetInstanceAsync(new Api.GetInstanceRequest { Id = id }, cancellationToken: ct).ConfigureAwait(false);
            return instance.State == Api.InstanceState.Deleted ? null : instance;
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument)
        {
            return null;
        }
    }

    /// <summary>The volume, or null when the driver has none with this id (or it is deleted, or the id is not a UUID).</summary>
    public async Task<Api.Volume?> FindVolumeAsync(string id, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out _))
        {
            return null;
        }

        try
        {
            var volume = await Volumes.GetVolumeAsync(new Api.GetVolumeRequest { Id = id }, cancellationToken: ct).ConfigureAwait(false);
            return volume.Status == Api.VolumeStatus.Deleted ? null : volume;
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument)
        {
            return null;
        }
    }

    /// <summary>Every network of the driver, oldest first.</summary>
    public async Task<IReadOnlyList<Api.Network>> NetworksAsync(CancellationToken ct) =>
        (await Networks.ListNetworksAsync(new Api.ListNetworksRequest(), cancellationToken: ct).ConfigureAwait(false)).Networks;

    /// <summary>Every instance (paging through the driver), including deleted ones when asked.</summary>
    public async Task<List<Api.Instance>> ListAllAsync(bool includeDeleted, CancellationToken ct)
    {
        var all = new List<Api.Instance>();
        var request = new Api.ListInstancesRequest { PageSize = 1000, IncludeDeleted = includeDeleted };
        do
        {
            var page = await Compute.ListInstancesAsync(request, cancellationToken: ct).ConfigureAwait(false);
            all.AddRange(page.Instances);
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);

        return all;
    }

    /// <summary>The kind of the instance's operation in progress, or null.</summary>
    public async Task<Api.OperationKind?> ActiveKindAsync(Api.Instance instance, CancellationToken ct)
    {
        if (instance.ActiveOperationId.Length == 0)
        {
            return null;
        }

        try
        {
            var op = await Compute.GetOperationAsync(new Api.GetOperationRequest { Id = instance.ActiveOperationId }, cancellationToken: ct).ConfigureAwait(false);
            return op.State is Api.OperationState.Pending or Api.OperationState.Running ? op.Kind : null;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Waits (bounded) for an operation to end; returns the last state seen.</summary>
    public async Task<Api.Operation> WaitAsync(Api.Operation op, TimeSpan limit, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(limit);
        var last = op;
        try
        {
            using var call = Compute.WatchOperation(new Api.WatchOperationRequest { Id = op.Id }, cancellationToken: cts.Token);
            while (await call.ResponseStream.MoveNext(cts.Token).ConfigureAwait(false))
            {
                last = call.ResponseStream.Current;
            }
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.Cancelled or StatusCode.DeadlineExceeded)
        {
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
        }

        return last;
    }

    /// <summary>The refusal of a failed operation as the RpcException a unary call would have thrown (code, message and details).</summary>
    public static RpcException Failure(Api.Operation op)
    {
        ArgumentNullException.ThrowIfNull(op);
        var error = op.Error ?? new Google.Rpc.Status { Code = (int)StatusCode.Internal, Message = $"operation {op.Id} failed" };
        var trailers = new Metadata { { "grpc-status-details-bin", Google.Protobuf.MessageExtensions.ToByteArray(error) } };
        return new RpcException(new Status((StatusCode)error.Code, error.Message), trailers);
    }

    public void Dispose() => _channel.Dispose();
}
