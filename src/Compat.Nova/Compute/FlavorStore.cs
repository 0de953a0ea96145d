using System.Collections.Concurrent;
using PowerDrivers.Compat.Nova.Hosting;

namespace PowerDrivers.Compat.Nova.Compute;

/// <summary>Flavors: the configured ones (default m1.tiny … m1.xlarge) plus those admins create, kept in memory.</summary>
internal sealed class FlavorStore
{
    private readonly ConcurrentDictionary<string, Flavor> _flavors = new(StringComparer.Ordinal);

    public FlavorStore(NovaOptions options)
    {
        var configured = options.Flavors.Count > 0
            ? options.Flavors
            :
            [
                new FlavorOptions { Id = "1", Name = "m1.tiny", Vcpus = 1, RamMb = 512, DiskGb = 1 },
                new FlavorOptions { Id = "2", Name = "m1.small", Vcpus = 1, RamMb = 2048, DiskGb = 20 },
                new FlavorOptions { Id = "3", Name = "m1.medium", Vcpus = 2, RamMb = 4096, DiskGb = 40 },
                new FlavorOptions { Id = "4", Name = "m1.large", Vcpus = 4, RamMb = 8192, DiskGb = 80 },
                new FlavorOptions { Id = "5", Name = "m1.xlarge", Vcpus = 8, RamMb = 16384, DiskGb = 160 },
            ];
        foreach (var f in configured)
        {
            var errors = ExtraSpecValidator.Validate(f.ExtraSpecs);
            if (errors.Count > 0)
            {
                throw new InvalidOperationException($"Driver:Nova:Flavors: flavor '{f.Name}': {string.Join("; ", errors)}");
            }

            _flavors[f.Id] = new Flavor(f.Id, f.Name, f.Vcpus, f.RamMb, f.DiskGb, isPublic: true, f.ExtraSpecs);
        }
    }

    public IEnumerable<Flavor> All => _flavors.Values.OrderBy(f => f.RamMb).ThenBy(f => f.Id, StringComparer.Ordinal);

    public Flavor? Find(string id) => _flavors.TryGetValue(id, out var f) ? f : null;

    public bool TryAdd(Flavor flavor) =>
        !_flavors.Values.Any(f => f.Name == flavor.Name) && _flavors.TryAdd(flavor.Id, flavor);

    public bool Remove(string id) => _flavors.TryRemove(id, out _);
}
