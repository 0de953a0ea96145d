using System.Text.Json.Nodes;
using PowerDrivers.Compat.Nova.Hosting;
using PowerDrivers.Compat.Nova.Identity;
using Api = PowerDrivers.V1;

namespace PowerDrivers.Compat.Nova.Compute;

/// <summary>Per-request access to the front's services and the caller, with the checks every compute handler makes.</summary>
internal sealed class ComputeContext
{
    private Dictionary<string, Api.Host>? _hosts;
    private bool _hostsFresh;

    public ComputeContext(HttpContext http)
    {
        Http = http;
        var state = RequestState.Of(http);
        Token = state.Token ?? throw new NovaFault(401, "error:Unauthorized", "The request you have made requires authentication.");
        Version = state.Version;
        RequestId = state.RequestId;
        Driver = http.RequestServices.GetRequiredService<DriverClient>();
        Options = http.RequestServices.GetRequiredService<NovaOptions>();
        Root = Wire.BaseUrl(http, Options);
    }

    public HttpContext Http { get; }

    public Token Token { get; }

    public ApiVersion Version { get; }

    public string RequestId { get; }

    public DriverClient Driver { get; }

    public NovaOptions Options { get; }

    public string Root { get; }

    public CancellationToken Aborted => Http.RequestAborted;

    public T Service<T>()
        where T : notnull => Http.RequestServices.GetRequiredService<T>();

    public string Route(string name) => (string)Http.GetRouteValue(name)!;

    /// <summary>403 unless the caller has the admin role.</summary>
    public void RequireAdmin(string rule)
    {
        if (!Token.IsAdmin)
        {
            throw NovaFault.Forbidden($"Policy doesn't allow {rule} to be performed.");
        }
    }

    /// <summary>The server if the caller may see it (its project, or any for admins); otherwise 404.</summary>
    public async Task<Api.Instance> ServerAsync(string id)
    {
        var instance = await Driver.FindAsync(id, Aborted).ConfigureAwait(false);
        if (instance is null || !Visible(instance))
        {
            throw NovaFault.ServerNotFound(id);
        }

        return instance;
    }

    public bool Visible(Api.Instance instance) =>
        Token.IsAdmin || NovaMetadata.Get(instance, NovaMetadata.ProjectId) == Token.Project.Id;

    /// <summary>The driver's hosts by name: fresh once per request, or (for views) the shared copy of the last two seconds.</summary>
    public async Task<Dictionary<string, Api.Host>> HostsAsync(bool fresh = true)
    {
        if (_hosts is null || (fresh && !_hostsFresh))
        {
            _hosts = await Service<HostCache>().GetAsync(Driver, fresh, Aborted).ConfigureAwait(false);
            _hostsFresh = fresh;
        }

        return _hosts;
    }

    /// <summary>Nova's state of an instance (asks the driver for the active operation's kind when there is one).</summary>
    public async Task<ServerState> StateAsync(Api.Instance instance)
    {
        var kind = await Driver.ActiveKindAsync(instance, Aborted).ConfigureAwait(false);
        var state = ServerState.Derive(instance.State, kind, Service<ActionLog>().IsHardReboot(instance.Id));
        if (state.TaskState != "deleting" && state.VmState != "deleted" && Service<ServerBuilds>().Find(instance.Id) is { } build)
        {
            // The front is still adding the networks the server was created with (or failed to).
            return build.Failed ? new ServerState("error", null, "ERROR", state.PowerState) : new ServerState("building", "networking", "BUILD", state.PowerState);
        }

        return state;
    }

    public async Task<JsonObject> DetailAsync(Api.Instance instance)
    {
        var hosts = await HostsAsync(fresh: false).ConfigureAwait(false);
        var state = await StateAsync(instance).ConfigureAwait(false);
        JsonObject? addresses = null;
        if (instance.Interfaces.Count > 0)
        {
            var names = (await Driver.NetworksAsync(Aborted).ConfigureAwait(false)).ToDictionary(n => n.Id, n => n.Name, StringComparer.Ordinal);
            var ports = Service<Network.NeutronState>();
            addresses = ServerView.Addresses(instance, names, nic => ports.PortOfInterface(nic)?.FixedIps.Select(f => f.IpAddress).ToList() ?? []);
        }

        var server = ServerView.Detail(instance, state, Root, Version, Token, hosts.GetValueOrDefault(instance.Host), addresses);
        if (state.Status == "ERROR" && Service<ServerBuilds>().Find(instance.Id) is { Failed: true, Reason: { } reason })
        {
            server["fault"] = new JsonObject
            {
                ["code"] = 500,
                ["created"] = Wire.NovaTime(instance.UpdateTime?.ToDateTimeOffset() ?? DateTimeOffset.UnixEpoch),
                ["message"] = reason,
            };
        }

        return server;
    }

    /// <summary>Records an instance action under this request's id.</summary>
    public void RecordAction(string action, string instanceId, string? operationId) =>
        Service<ActionLog>().Record(new InstanceAction(action, instanceId, RequestId, Token.User.Id, Token.Project.Id,
            Service<TimeProvider>().GetUtcNow(), operationId));
}
