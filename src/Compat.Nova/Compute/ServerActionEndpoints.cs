using System.Text.Json.Nodes;
using Grpc.Core;
using PowerDrivers.Compat.Nova.Hosting;
using Api = PowerDrivers.V1;

namespace PowerDrivers.Compat.Nova.Compute;

/// <summary>
/// <c>POST /servers/{id}/action</c>. Each action first checks the vm_state/task_state Nova allows (409 with Nova's
/// wording otherwise), then calls the driver; the driver's own refusals map through <see cref="NovaFault.FromRpc"/>.
/// </summary>
internal static class ServerActionEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/v2.1/servers/{id}/action", ActAsync);
        app.MapPost("/v2.1/servers/{id}/remote-consoles", RemoteConsoleAsync);
    }

    private static async Task ActAsync(HttpContext http)
    {
        var c = new ComputeContext(http);
        var body = await Wire.ReadObjectAsync(http).ConfigureAwait(false);
        if (body is null || body.Count != 1)
        {
            throw NovaFault.BadRequest("The request body must name exactly one action");
        }

        var (action, args) = body.First();
        var instance = await c.ServerAsync(c.Route("id")).ConfigureAwait(false);
        var a = args as JsonObject ?? [];
        switch (action)
        {
            case "os-start":
                await SimpleAsync(c, instance, "start", ["stopped"], r => c.Driver.Compute.StartInstanceAsync(new Api.StartInstanceRequest { Id = r, RequestId = c.RequestId }, cancellationToken: c.Aborted).ResponseAsync).ConfigureAwait(false);
                break;
            case "os-stop":
                await SimpleAsync(c, instance, "stop", ["active", "paused", "suspended", "resized", "error"], r => StopAsync(c, r)).ConfigureAwait(false);
                break;
            case "reboot":
                var type = Wire.String(a, "type")?.ToUpperInvariant();
                if (type is not ("SOFT" or "HARD"))
                {
                    throw NovaFault.BadRequest($"Invalid input for field/attribute type. Value: {type}. 'type' must be one of ['HARD', 'Hard', 'SOFT', 'Soft']");
                }

                c.Service<ActionLog>().SetReboot(instance.Id, type == "HARD");
                await SimpleAsync(c, instance, "reboot", type == "HARD" ? ["active", "stopped", "paused", "suspended", "error"] : ["active"], r => RebootAsync(c, r, type == "HARD")).ConfigureAwait(false);
                break;
            case "pause":
                await SimpleAsync(c, instance, "pause", ["active"], r => c.Driver.Compute.PauseInstanceAsync(new Api.PauseInstanceRequest { Id = r, RequestId = c.RequestId }, cancellationToken: c.Aborted).ResponseAsync).ConfigureAwait(false);
                break;
            case "unpause":
                await SimpleAsync(c, instance, "unpause", ["paused"], r => c.Driver.Compute.UnpauseInstanceAsync(new Api.UnpauseInstanceRequest { Id = r, RequestId = c.RequestId }, cancellationToken: c.Aborted).ResponseAsync).ConfigureAwait(false);
                break;
            case "suspend":
                await SimpleAsync(c, instance, "suspend", ["active"], r => c.Driver.Compute.SuspendInstanceAsync(new Api.SuspendInstanceRequest { Id = r, RequestId = c.RequestId }, cancellationToken: c.Aborted).ResponseAsync).ConfigureAwait(false);
                break;
            case "resume":
                await SimpleAsync(c, instance, "resume", ["suspended"], r => c.Driver.Compute.ResumeInstanceAsync(new Api.ResumeInstanceRequest { Id = r, RequestId = c.RequestId }, cancellationToken: c.Aborted).ResponseAsync).ConfigureAwait(false);
                break;
            case "resize":
                await ResizeEndpoints.ResizeAsync(c, instance, a).ConfigureAwait(false);
                return;
            case "confirmResize":
                await ResizeEndpoints.ConfirmAsync(c, instance).ConfigureAwait(false);
                return;
            case "revertResize":
                await ResizeEndpoints.RevertAsync(c, instance).ConfigureAwait(false);
                return;
            case "migrate":
                await MigrationRefusalAsync(c, instance, "migrate", ["active", "stopped"]).ConfigureAwait(false);
                return;
            case "os-migrateLive":
                var block = a["block_migration"];
                if (block is null || (block is JsonValue bv && !(bv.TryGetValue<bool>(out _) || (bv.TryGetValue<string>(out var bs) && bs == "auto" && c.Version.AtLeast(25)))))
                {
                    throw NovaFault.BadRequest("Invalid input for field/attribute block_migration.");
                }

                await MigrationRefusalAsync(c, instance, "os-migrateLive", ["active", "paused"]).ConfigureAwait(false);
                return;
            case "os-getVNCConsole":
                await ConsoleAsync(c, instance, "vnc", Wire.String(a, "type") ?? "novnc", legacy: true).ConfigureAwait(false);
                return;
            case "os-getSerialConsole":
                await ConsoleAsync(c, instance, "serial", Wire.String(a, "type") ?? "serial", legacy: true).ConfigureAwait(false);
                return;
            case "os-getConsoleOutput":
                await Wire.WriteAsync(http, 200, new JsonObject { ["output"] = "" }).ConfigureAwait(false);
                return;
            default:
                throw NovaFault.BadRequest($"There is no such action: {action}");
        }

        await Wire.WriteAsync(http, 202, null).ConfigureAwait(false);
    }

    /// <summary>Checks the states Nova allows, calls the driver, records the action; a state refusal is Nova's 409.</summary>
    internal static async Task<Api.Operation> SimpleAsync(ComputeContext c, Api.Instance instance, string action, string[] vmStates, Func<string, Task<Api.Operation>> call)
    {
        await CheckStateAsync(c, instance, action, vmStates).ConfigureAwait(false);
        try
        {
            var op = await call(instance.Id).ConfigureAwait(false);
            c.RecordAction(action, instance.Id, op.Id);
            return op;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.FailedPrecondition)
        {
            throw await StateConflictAsync(c, instance.Id, action, ex).ConfigureAwait(false);
        }
        catch (RpcException ex)
        {
            throw NovaFault.FromRpc(ex, instance.Id);
        }
    }

    internal static async Task CheckStateAsync(ComputeContext c, Api.Instance instance, string action, string[] vmStates)
    {
        var state = await c.StateAsync(instance).ConfigureAwait(false);
        if (state.TaskState is { } task)
        {
            throw NovaFault.Conflict($"Cannot '{action}' instance {instance.Id} while it is in task_state {task}");
        }

        if (!vmStates.Contains(state.VmState, StringComparer.Ordinal))
        {
            throw NovaFault.Conflict($"Cannot '{action}' instance {instance.Id} while it is in vm_state {state.VmState}");
        }
    }

    /// <summary>Nova's wording for a state refusal, with the state as it is now; other preconditions keep the driver's words.</summary>
    internal static async Task<NovaFault> StateConflictAsync(ComputeContext c, string id, string action, RpcException ex)
    {
        var now = await c.Driver.FindAsync(id, c.Aborted).ConfigureAwait(false);
        if (now is null)
        {
            return NovaFault.ServerNotFound(id);
        }

        var state = await c.StateAsync(now).ConfigureAwait(false);
        var wording = state.TaskState is { } task
            ? $"Cannot '{action}' instance {id} while it is in task_state {task}"
            : $"Cannot '{action}' instance {id} while it is in vm_state {state.VmState}";
        // A plain state refusal keeps Nova's exact words; any other precondition (e.g. "stop it first") adds the driver's.
        return NovaFault.Conflict(IsPlainStateRefusal(ex) ? wording : $"{wording}: {ex.Status.Detail}");
    }

    private static bool IsPlainStateRefusal(RpcException ex)
    {
        var entry = ex.Trailers.Get("grpc-status-details-bin");
        if (entry is null || !entry.IsBinary)
        {
            return true;
        }

        var status = Google.Rpc.Status.Parser.ParseFrom(entry.ValueBytes);
        var info = status.Details.Where(d => d.Is(Google.Rpc.ErrorInfo.Descriptor)).Select(d => d.Unpack<Google.Rpc.ErrorInfo>()).FirstOrDefault();
        return info is null || info.Reason == "INVALID_STATE";
    }

    private static async Task<Api.Operation> StopAsync(ComputeContext c, string id)
    {
        try
        {
            return await c.Driver.Compute.StopInstanceAsync(new Api.StopInstanceRequest { Id = id, Mode = Api.StopMode.Soft, RequestId = c.RequestId }, cancellationToken: c.Aborted).ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Unimplemented)
        {
            // No OS-level shutdown on this backend: power off, as Nova's drivers do after the clean-shutdown timeout.
            return await c.Driver.Compute.StopInstanceAsync(new Api.StopInstanceRequest { Id = id, Mode = Api.StopMode.Hard, RequestId = c.RequestId + "-hard" }, cancellationToken: c.Aborted).ConfigureAwait(false);
        }
    }

    private static async Task<Api.Operation> RebootAsync(ComputeContext c, string id, bool hard)
    {
        try
        {
            return await c.Driver.Compute.RebootInstanceAsync(new Api.RebootInstanceRequest { Id = id, Mode = hard ? Api.RebootMode.Hard : Api.RebootMode.Soft, RequestId = c.RequestId }, cancellationToken: c.Aborted).ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Unimplemented && !hard)
        {
            // A soft reboot the backend cannot do becomes a hard one, as libvirt's driver falls back.
            c.Service<ActionLog>().SetReboot(id, true);
            return await c.Driver.Compute.RebootInstanceAsync(new Api.RebootInstanceRequest { Id = id, Mode = Api.RebootMode.Hard, RequestId = c.RequestId + "-hard" }, cancellationToken: c.Aborted).ConfigureAwait(false);
        }
    }

    /// <summary>The driver has no migration RPC yet: after Nova's own checks (policy, state) the scheduler finds no host.</summary>
    private static async Task MigrationRefusalAsync(ComputeContext c, Api.Instance instance, string action, string[] vmStates)
    {
        c.RequireAdmin($"os_compute_api:os-{(action == "migrate" ? "migrate-server:migrate" : "migrate-server:migrate_live")}");
        await CheckStateAsync(c, instance, action, vmStates).ConfigureAwait(false);
        throw NovaFault.BadRequest($"No valid host was found. Migration of instance {instance.Id} is not supported by this driver yet.");
    }

    private static async Task RemoteConsoleAsync(HttpContext http)
    {
        var c = new ComputeContext(http);
        if (!c.Version.AtLeast(6))
        {
            throw NovaFault.NotFound("The resource could not be found.");
        }

        var instance = await c.ServerAsync(c.Route("id")).ConfigureAwait(false);
        var body = await Wire.ReadRequiredAsync(http, "remote_console").ConfigureAwait(false);
        await ConsoleAsync(c, instance, Wire.String(body, "protocol") ?? "", Wire.String(body, "type") ?? "", legacy: false).ConfigureAwait(false);
    }

    /// <summary>
    /// The driver's console of that type. A serial console on a host that offers the HMC virtual terminal instead
    /// (PowerVM LPARs) is that terminal: it is the LPAR's serial console.
    /// </summary>
    private static async Task<Api.Console> GetConsoleAsync(ComputeContext c, Api.Instance instance, Api.ConsoleType type)
    {
        if (type == Api.ConsoleType.Serial)
        {
            var caps = await c.Driver.Hosts.GetCapabilitiesAsync(new Api.GetCapabilitiesRequest { Host = instance.Host }, cancellationToken: c.Aborted).ConfigureAwait(false);
            if (!caps.ConsoleTypes.Contains(Api.ConsoleType.Serial) && caps.ConsoleTypes.Contains(Api.ConsoleType.Vterm))
            {
                type = Api.ConsoleType.Vterm;
            }
        }

        return await c.Driver.Compute.GetConsoleAsync(new Api.GetConsoleRequest { Id = instance.Id, Type = type }, cancellationToken: c.Aborted).ConfigureAwait(false);
    }

    private static async Task ConsoleAsync(ComputeContext c, Api.Instance instance, string protocol, string type, bool legacy)
    {
        var consoleType = protocol switch
        {
            "vnc" when type is "novnc" or "xvpvnc" => Api.ConsoleType.Vnc,
            "serial" when type == "serial" => Api.ConsoleType.Serial,
            _ => throw NovaFault.BadRequest($"Invalid input for field/attribute type. Value: {type}."),
        };
        Api.Console console;
        try
        {
            console = await GetConsoleAsync(c, instance, consoleType).ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.Unimplemented or StatusCode.InvalidArgument)
        {
            // Nova: ConsoleTypeUnavailable → 400; the backend's reason says which console it offers instead.
            throw NovaFault.BadRequest($"Unavailable console type {type}. {ex.Status.Detail}");
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.FailedPrecondition)
        {
            throw NovaFault.Conflict($"Instance {instance.Id} is not ready. {ex.Status.Detail}");
        }
        catch (RpcException ex)
        {
            throw NovaFault.FromRpc(ex, instance.Id);
        }

        var result = legacy
            ? new JsonObject { ["console"] = new JsonObject { ["type"] = type, ["url"] = console.Url } }
            : new JsonObject { ["remote_console"] = new JsonObject { ["protocol"] = protocol, ["type"] = type, ["url"] = console.Url } };
        await Wire.WriteAsync(c.Http, 200, result).ConfigureAwait(false);
    }
}
