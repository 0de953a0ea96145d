using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Model;
using PowerDrivers.Driver.Core.States;
using PowerDrivers.Driver.Core.Store;
using PowerDrivers.Driver.Grpc.Store;

namespace PowerDrivers.Bench.GrpcLoad;

/// <summary>Fills a data directory's store with instance records so read paths can be measured at scale.</summary>
internal static class Seeder
{
    public static async Task<IReadOnlyList<Guid>> SeedAsync(string dataDirectory, string host, int count)
    {
        await using var store = SqliteDriverStore.Open(dataDirectory);
        var ids = new List<Guid>(count);
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < count; i++)
        {
            var spec = new InstanceSpec($"bench-{i}", host,
                new ProcessorSpec(ProcessorMode.Shared, new CountRange(1, 1, 2), new UnitsRange(0.1m, 0.5m, 2m)),
                new MemorySpec(1024, 2048, 4096), GuestSpec.Default, new Dictionary<string, string> { ["bench"] = "yes" });
            var record = new InstanceRecord
            {
                Id = Guid.NewGuid(),
                Spec = spec,
                Backend = "powervm",
                State = InstanceState.Stopped,
                NativeState = "not activated",
                CreatedAt = now.AddTicks(i),
                UpdatedAt = now,
            };
            await store.CommitAsync(new ChangeSet(InsertInstance: record), CancellationToken.None);
            ids.Add(record.Id);
        }

        return ids;
    }
}
