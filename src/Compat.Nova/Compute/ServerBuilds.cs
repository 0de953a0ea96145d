using System.Collections.Concurrent;

namespace PowerDrivers.Compat.Nova.Compute;

/// <summary>A network the server is created with: a Neutron port, or a network to make a port on (with an optional fixed IP).</summary>
internal sealed record NicRequest(string NetworkId, string PortId, string? FixedIp);

/// <summary>
/// Servers created with networks whose build the front is still finishing (interfaces added while stopped, then
/// started): shown as BUILD with task_state <c>networking</c>, or ERROR when a step failed. In memory: a front restart
/// mid-build leaves the server stopped with the interfaces added so far.
/// </summary>
internal sealed class ServerBuilds
{
    private readonly ConcurrentDictionary<string, string?> _builds = new(StringComparer.Ordinal);

    public void Begin(string instanceId) => _builds[instanceId] = null;

    public void Fail(string instanceId, string reason) => _builds[instanceId] = reason;

    public void End(string instanceId) => _builds.TryRemove(instanceId, out _);

    /// <summary>Null when no build of the front is pending; otherwise whether it failed, and why.</summary>
    public (bool Failed, string? Reason)? Find(string instanceId) =>
        _builds.TryGetValue(instanceId, out var reason) ? (reason is not null, reason) : null;
}
