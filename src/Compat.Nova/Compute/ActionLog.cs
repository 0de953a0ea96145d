using System.Collections.Concurrent;

namespace PowerDrivers.Compat.Nova.Compute;

/// <summary>One instance action, as os-instance-actions shows it.</summary>
internal sealed record InstanceAction(string Action, string InstanceId, string RequestId, string UserId, string ProjectId, DateTimeOffset StartTime, string? OperationId);

/// <summary>
/// Instance actions, in memory: each records the <c>x-openstack-request-id</c> of the call that started it (the same id
/// goes to the driver as the operation's request id). Also remembers which reboots were hard, for <c>task_state</c>.
/// </summary>
internal sealed class ActionLog
{
    private readonly ConcurrentDictionary<string, List<InstanceAction>> _actions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _hardReboots = new(StringComparer.Ordinal);

    public void Record(InstanceAction action)
    {
        var list = _actions.GetOrAdd(action.InstanceId, _ => []);
        lock (list)
        {
            list.Add(action);
        }
    }

    public IReadOnlyList<InstanceAction> For(string instanceId)
    {
        if (!_actions.TryGetValue(instanceId, out var list))
        {
            return [];
        }

        lock (list)
        {
            return list.OrderByDescending(a => a.StartTime).ToList();
        }
    }

    public void SetReboot(string instanceId, bool hard) => _hardReboots[instanceId] = hard;

    public bool IsHardReboot(string instanceId) => _hardReboots.TryGetValue(instanceId, out var hard) && hard;
}
