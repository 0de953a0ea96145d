using PowerDrivers.Driver.Core.Errors;

namespace PowerDrivers.Driver.Core.Backends;

/// <summary>Which backend serves each configured host. Disposing it disposes every backend that holds resources
/// (libvirt connections, HMC sessions), each once, after the work that uses them has stopped.</summary>
public sealed class BackendRegistry : IAsyncDisposable
{
    private readonly Dictionary<string, IComputeBackend> _byHost = new(StringComparer.Ordinal);

    /// <summary>Registers every host of each backend; a host served twice is a configuration error.</summary>
    public BackendRegistry(IEnumerable<IComputeBackend> backends)
    {
        ArgumentNullException.ThrowIfNull(backends);
        foreach (var backend in backends)
        {
            foreach (var host in backend.Hosts)
            {
                if (!_byHost.TryAdd(host, backend))
                {
                    throw new InvalidOperationException($"host '{host}' is configured twice");
                }
            }
        }
    }

    /// <summary>Host names, ordered.</summary>
    public IReadOnlyList<string> Hosts => _byHost.Keys.Order(StringComparer.Ordinal).ToArray();

    /// <summary>The backend of a host; <see cref="NotFoundError"/> when no such host.</summary>
    public IComputeBackend For(string host) =>
        _byHost.TryGetValue(host, out var b) ? b : throw new NotFoundError("host", host);

    /// <summary>True when the host is configured.</summary>
    public bool Contains(string host) => _byHost.ContainsKey(host);

    /// <summary>Disposes each distinct backend once; every one is tried, and their failures are thrown together.</summary>
    public async ValueTask DisposeAsync()
    {
        var failures = new List<Exception>();
        foreach (var backend in _byHost.Values.Distinct())
        {
            try
            {
                switch (backend)
                {
                    case IAsyncDisposable a:
                        await a.DisposeAsync().ConfigureAwait(false);
                        break;
                    case IDisposable d:
                        d.Dispose();
                        break;
                }
            }
            catch (Exception ex)
            {
                failures.Add(ex);
            }
        }

        _byHost.Clear();
        if (failures.Count > 0)
        {
            throw new AggregateException("disposing the backends failed", failures);
        }
    }
}
