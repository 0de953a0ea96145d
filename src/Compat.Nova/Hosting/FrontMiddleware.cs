using System.Text.Json.Nodes;
using Grpc.Core;
using PowerDrivers.Compat.Nova.Identity;

namespace PowerDrivers.Compat.Nova.Hosting;

/// <summary>
/// Runs around every request of the front: gives it a request id (<c>x-openstack-request-id</c> and
/// <c>x-compute-request-id</c>), negotiates the compute microversion (echoed with <c>Vary</c>; 406 out of range),
/// checks the token (401 without a valid one, except on version documents and token issue), and writes
/// faults in Nova's (or, for identity, Keystone's) shape.
/// </summary>
internal sealed class FrontMiddleware(RequestDelegate next, TokenStore tokens, ILogger<FrontMiddleware> logger)
{
    private const string LegacyHeader = "X-OpenStack-Nova-API-Version";
    private const string Header = "OpenStack-API-Version";

    public async Task InvokeAsync(HttpContext context)
    {
        var state = new RequestState { RequestId = "req-" + Guid.NewGuid().ToString() };
        RequestState.Attach(context, state);
        var headers = context.Response.Headers;
        headers["x-openstack-request-id"] = state.RequestId;
        var path = context.Request.Path;
        var identity = path.StartsWithSegments("/v3", StringComparison.Ordinal) || path.StartsWithSegments("/identity", StringComparison.Ordinal);
        var image = path.StartsWithSegments("/image", StringComparison.Ordinal);
        var volume = path.StartsWithSegments("/volume", StringComparison.Ordinal);
        var network = path.StartsWithSegments("/network", StringComparison.Ordinal);
        try
        {
            if (volume)
            {
                // Cinder v3 is served at its base microversion only: every request is answered as 3.0.
                headers[Header] = "volume 3.0";
                headers.Vary = Header;
            }
            else if (!identity && !image && !network)
            {
                headers["x-compute-request-id"] = state.RequestId;
                state.Version = Negotiate(context);
                headers[Header] = "compute " + state.Version;
                headers[LegacyHeader] = state.Version.ToString();
                headers.Vary = $"{Header}, {LegacyHeader}";
            }

            if (!IsPublic(context))
            {
                state.Token = tokens.Validate(context.Request.Headers["X-Auth-Token"].ToString());
                if (state.Token is null)
                {
                    headers.WWWAuthenticate = $"Keystone uri=\"{Wire.BaseUrl(context, context.RequestServices.GetRequiredService<NovaOptions>())}/identity\"";
                    throw new NovaFault(401, "error:Unauthorized", "The request you have made requires authentication.");
                }
            }

            await next(context).ConfigureAwait(false);
        }
        catch (NovaFault fault)
        {
            await WriteFaultAsync(context, fault, network).ConfigureAwait(false);
        }
        catch (RpcException ex)
        {
            await WriteFaultAsync(context, NovaFault.FromRpc(ex), network).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex)
        {
            await WriteFaultAsync(context, NovaFault.BadRequest(ex.Message), network).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            logger.LogError(ex, "unexpected error in {Method} {Path} ({RequestId})", context.Request.Method, path, state.RequestId);
            await WriteFaultAsync(context, new NovaFault(500, "computeFault", "Unexpected API Error. Please report this at the driver's issue tracker and attach the request id " + state.RequestId + "."), network).ConfigureAwait(false);
        }

        if (context.Response.StatusCode == 404 && !context.Response.HasStarted && context.GetEndpoint() is null)
        {
            await WriteFaultAsync(context, NovaFault.NotFound("The resource could not be found."), network).ConfigureAwait(false);
        }
        else if (context.Response.StatusCode == 405 && !context.Response.HasStarted)
        {
            await WriteFaultAsync(context, new NovaFault(405, "badMethod", "The method specified is not allowed for this resource."), network).ConfigureAwait(false);
        }
    }

    private static ApiVersion Negotiate(HttpContext context)
    {
        string? requested = null;
        var header = context.Request.Headers[Header].ToString();
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var words = part.Split(' ', 2, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 2 && words[0].Equals("compute", StringComparison.OrdinalIgnoreCase))
            {
                requested = words[1];
            }
        }

        if (requested is null && context.Request.Headers[LegacyHeader].ToString() is { Length: > 0 } legacy)
        {
            requested = legacy;
        }

        if (requested is null)
        {
            return ApiVersion.Min;
        }

        if (!ApiVersion.TryParse(requested, out var version))
        {
            throw NovaFault.BadRequest($"API Version String {requested} is of invalid format. Must be of format MajorNum.MinorNum.");
        }

        if (version < ApiVersion.Min || version > ApiVersion.Max)
        {
            throw new NovaFault(406, "computeFault", $"Version {version} is not supported by the API. Minimum is {ApiVersion.Min} and maximum is {ApiVersion.Max}.");
        }

        return version;
    }

    private static bool IsPublic(HttpContext context)
    {
        var p = context.Request.Path.Value?.TrimEnd('/') ?? "";
        var method = context.Request.Method;
        if (p.EndsWith("/v3/auth/tokens", StringComparison.Ordinal))
        {
            return HttpMethods.IsPost(method) ? true : false;
        }

        return HttpMethods.IsGet(method) && p is "" or "/v2" or "/v2.1" or "/v3" or "/identity" or "/identity/v3" or "/image" or "/image/versions"
            or "/volume" or "/volume/v3" or "/network" or "/network/v2.0";
    }

    private static async Task WriteFaultAsync(HttpContext context, NovaFault fault, bool neutron)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        if (neutron)
        {
            fault = fault.AsNeutron();
        }

        context.Response.Headers.ContentType = "application/json";
        await Wire.WriteAsync(context, fault.Code, fault.Body()).ConfigureAwait(false);
    }
}
