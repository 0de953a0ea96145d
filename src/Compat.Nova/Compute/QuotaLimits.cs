using System.Collections.Concurrent;
using PowerDrivers.Compat.Nova.Hosting;

namespace PowerDrivers.Compat.Nova.Compute;

/// <summary>Per-project limits: the configured defaults, changed per project by admins (in memory; -1 = unlimited).</summary>
internal sealed class QuotaLimits(QuotaOptions defaults)
{
    private readonly ConcurrentDictionary<string, QuotaOptions> _projects = new(StringComparer.Ordinal);

    public QuotaOptions For(string project) => _projects.TryGetValue(project, out var q) ? q : defaults;

    public void Set(string project, string key, int value)
    {
        lock (_projects)
        {
            var current = For(project);
            var next = new QuotaOptions
            {
                Instances = key == "instances" ? value : current.Instances,
                Cores = key == "cores" ? value : current.Cores,
                RamMb = key == "ram" ? value : current.RamMb,
                KeyPairs = key == "key_pairs" ? value : current.KeyPairs,
                MetadataItems = key == "metadata_items" ? value : current.MetadataItems,
            };
            _projects[project] = next;
        }
    }
}
