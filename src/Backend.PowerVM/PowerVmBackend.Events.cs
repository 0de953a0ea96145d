using System.Runtime.CompilerServices;
using PowerDrivers.Backend.PowerVM.Wire;
using PowerDrivers.Driver.Core.Backends;

namespace PowerDrivers.Backend.PowerVM;

public sealed partial class PowerVmBackend : IBackendEventSource
{
    /// <summary>
    /// Long-polls the HMC event feed (each read bounded: the HMC answers an empty feed when nothing changed, and the
    /// client's request timeout caps the wait). A logical partition added or modified is read back and reported; one
    /// deleted is reported gone. NEW_CLIENT (a new event queue: first read, or after the session was renewed, when
    /// earlier events are lost) reports every partition of every host. Other objects and INVALID_URI are ignored.
    /// </summary>
    public async IAsyncEnumerable<BackendStateChange> WatchStateChangesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var body = await _hmc.ReadEventsAsync(cancellationToken).ConfigureAwait(false);
            foreach (var e in EventFeedXml.Read(body))
            {
                if (e.Type == "NEW_CLIENT")
                {
                    foreach (var host in _hosts.Keys)
                    {
                        var ms = await SystemAsync(host, refresh: false, cancellationToken).ConfigureAwait(false);
                        foreach (var p in await _hmc.ListPartitionsAsync(ms.Uuid, cancellationToken).ConfigureAwait(false))
                        {
                            yield return new BackendStateChange(host, p.Uuid, Observe(p));
                        }
                    }

                    continue;
                }

                if (e.Type is not ("ADD_URI" or "MODIFY_URI" or "DELETE_URI") || EventFeedXml.Partition(e.Data) is not { } lpar)
                {
                    continue;
                }

                var observation = e.Type == "DELETE_URI" ? null
                    : await _hmc.GetPartitionAsync(lpar.Partition, cancellationToken).ConfigureAwait(false) is { } view ? Observe(view) : null;
                foreach (var host in await HostsOfSystemAsync(lpar.System, cancellationToken).ConfigureAwait(false))
                {
                    yield return new BackendStateChange(host, lpar.Partition, observation);
                }
            }
        }
    }

    /// <summary>
    /// The host whose managed system has <paramref name="systemUuid"/>; every host when the URI did not name the system
    /// (the driver only acts on the host where it recorded that partition); none when the system is not ours.
    /// </summary>
    private async Task<IReadOnlyList<string>> HostsOfSystemAsync(string? systemUuid, CancellationToken ct)
    {
        if (systemUuid is null)
        {
            return [.. _hosts.Keys];
        }

        var hosts = new List<string>();
        foreach (var host in _hosts.Keys)
        {
            var ms = await SystemAsync(host, refresh: false, ct).ConfigureAwait(false);
            if (string.Equals(ms.Uuid, systemUuid, StringComparison.OrdinalIgnoreCase))
            {
                hosts.Add(host);
            }
        }

        return hosts;
    }
}
