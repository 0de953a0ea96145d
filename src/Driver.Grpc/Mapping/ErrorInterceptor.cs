using Grpc.Core;
using Grpc.Core.Interceptors;
using PowerDrivers.Driver.Core.Errors;

namespace PowerDrivers.Driver.Grpc.Mapping;

/// <summary>Turns every <see cref="DriverError"/> thrown by a service into its rich gRPC status.</summary>
internal sealed class ErrorInterceptor(ILogger<ErrorInterceptor> log) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context).ConfigureAwait(false);
        }
        catch (DriverError error)
        {
            throw Map(error, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
        }
        catch (DriverError error)
        {
            throw Map(error, context);
        }
    }

    private RpcException Map(DriverError error, ServerCallContext context)
    {
        if (error.Kind is DriverErrorKind.BackendFailure)
        {
            log.LogError(error, "{Method} failed in the backend: {Message}", context.Method, error.Message);
        }
        else if (log.IsEnabled(LogLevel.Debug))
        {
            log.LogDebug("{Method} refused: {Reason} {Message}", context.Method, error.Reason, error.Message);
        }

        return ErrorMapper.ToRpcException(error);
    }
}
