using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using PowerDrivers.Emulator.Hmc.Faults;
using PowerDrivers.Emulator.Hmc.Model;
using PowerDrivers.Emulator.Hmc.Wire;

namespace PowerDrivers.Emulator.Hmc.Server;

/// <summary>
/// The HMC REST front: one dispatcher over <c>/rest/api/web</c> (logon) and <c>/rest/api/uom</c> (objects, jobs,
/// events), plus the <c>/admin/faults</c> fault-injection endpoint. Every refusal becomes an HttpErrorResponse.
/// </summary>
internal sealed partial class RestApi(HmcModel hmc, SessionStore sessions)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> eventCursors = new(StringComparer.Ordinal);

    private static readonly JsonSerializerOptions AdminJson = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public async Task HandleAsync(HttpContext context)
    {
        var ct = context.RequestAborted;
        var path = context.Request.Path.Value ?? "/";
        try
        {
            if (path.StartsWith("/admin/faults", StringComparison.OrdinalIgnoreCase))
            {
                await AdminAsync(context, ct).ConfigureAwait(false);
                return;
            }

            if (hmc.Faults.TakeRequestFault(context.Request.Method, path) is { } fault && await ApplyAsync(context, fault, path, ct).ConfigureAwait(false))
            {
                return;
            }

            var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
            if (segments.Length < 3 || segments[0] != "rest" || segments[1] != "api")
            {
                throw new HmcException(Hscl.NotFound, $"The resource {path} does not exist.", 404);
            }

            if (segments[2] == "web" && segments.Length == 4 && segments[3] == "Logon")
            {
                await LogonAsync(context, ct).ConfigureAwait(false);
                return;
            }

            if (segments[2] != "uom")
            {
                throw new HmcException(Hscl.NotFound, $"The resource {path} does not exist.", 404);
            }

            var session = sessions.Touch(context.Request.Headers["X-API-Session"].FirstOrDefault())
                ?? throw new HmcException("HSCL0001", "The request is not authorized: log on first and send the X-API-Session header, or log on again (the session expired).", 401);
            await UomAsync(context, session, segments[3..], ct).ConfigureAwait(false);
        }
        catch (HmcException ex)
        {
            await ErrorAsync(context, ex.HttpStatus, path, ex.Message, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await ErrorAsync(context, 500, path, $"HSCL9999 Unexpected error in the management console: {ex.Message}", ct).ConfigureAwait(false);
        }
    }

    private static Task ErrorAsync(HttpContext context, int status, string path, string message, CancellationToken ct)
    {
        if (context.Response.HasStarted)
        {
            return Task.CompletedTask;
        }

        var reason = status switch
        {
            400 => "Bad Request",
            401 => "Unauthorized",
            404 => "Not Found",
            409 => "Conflict",
            412 => "Precondition Failed",
            503 => "Service Unavailable",
            _ => "Unknown internal error.",
        };
        return Reply.XmlAsync(context, status, Uom.AtomMediaType, ErrorXml.Entry(status, path, reason, message), null, ct);
    }

    /// <summary>Applies a request fault; true when the request is answered (or dropped) by it.</summary>
    private static async Task<bool> ApplyAsync(HttpContext context, FaultRule fault, string path, CancellationToken ct)
    {
        switch (fault.Kind)
        {
            case FaultKind.Delay:
                await Task.Delay(fault.DelayMs, ct).ConfigureAwait(false);
                return false;
            case FaultKind.DropConnection:
                context.Abort();
                return true;
            case FaultKind.ServiceUnavailable:
                await ErrorAsync(context, 503, path, $"{fault.Code} {fault.Message}", ct).ConfigureAwait(false);
                return true;
            default:
                await ErrorAsync(context, fault.Status, path, $"{fault.Code} {fault.Message}", ct).ConfigureAwait(false);
                return true;
        }
    }

    private async Task LogonAsync(HttpContext context, CancellationToken ct)
    {
        if (HttpMethods.IsDelete(context.Request.Method))
        {
            sessions.Close(context.Request.Headers["X-API-Session"].FirstOrDefault());
            await Reply.EmptyAsync(context, 204).ConfigureAwait(false);
            return;
        }

        if (!HttpMethods.IsPut(context.Request.Method))
        {
            throw new HmcException(Hscl.BadRequest, "Log on with PUT and a LogonRequest.", 405);
        }

        var (user, password) = LogonXml.Read(await BodyAsync(context, ct).ConfigureAwait(false));
        if (!hmc.Options.Users.TryGetValue(user, out var expected) || !string.Equals(expected, password, StringComparison.Ordinal))
        {
            throw new HmcException("HSCL0002", "The user ID or password is not valid.", 401);
        }

        var token = sessions.Open(user);
        await Reply.XmlAsync(context, 200, Uom.WebType("LogonResponse"), LogonXml.Response(token), null, ct, declaration: true).ConfigureAwait(false);
    }

    private async Task AdminAsync(HttpContext context, CancellationToken ct)
    {
        var method = context.Request.Method;
        if (HttpMethods.IsPost(method))
        {
            FaultRule? rule;
            try
            {
                rule = await JsonSerializer.DeserializeAsync<FaultRule>(context.Request.Body, AdminJson, ct).ConfigureAwait(false);
            }
            catch (JsonException ex)
            {
                throw new HmcException(Hscl.BadRequest, $"The fault is not valid JSON: {ex.Message}");
            }

            long id;
            try
            {
                id = hmc.Faults.Add(rule ?? throw new HmcException(Hscl.BadRequest, "A fault rule is required."));
            }
            catch (ArgumentOutOfRangeException ex)
            {
                throw new HmcException(Hscl.BadRequest, ex.Message);
            }

            context.Response.StatusCode = 201;
            await context.Response.WriteAsJsonAsync(new { id }, AdminJson, ct).ConfigureAwait(false);
        }
        else if (HttpMethods.IsDelete(method))
        {
            hmc.Faults.Clear();
            await Reply.EmptyAsync(context, 204).ConfigureAwait(false);
        }
        else
        {
            var list = hmc.Faults.List().Select(f => new { id = f.Id, rule = f.Rule, remaining = f.Remaining });
            await context.Response.WriteAsJsonAsync(new { fired = hmc.Faults.Fired, faults = list }, AdminJson, ct).ConfigureAwait(false);
        }
    }

    private static async Task<string> BodyAsync(HttpContext context, CancellationToken ct)
    {
        using var reader = new StreamReader(context.Request.Body);
        return await reader.ReadToEndAsync(ct).ConfigureAwait(false);
    }

    private static LinkBuilder Links(HttpContext context) => new($"{context.Request.Scheme}://{context.Request.Host}");
}
