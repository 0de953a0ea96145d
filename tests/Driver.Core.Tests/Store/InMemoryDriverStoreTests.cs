using PowerDrivers.Driver.Core.Conformance.Store;
using PowerDrivers.Driver.Core.Store;

namespace PowerDrivers.Driver.Core.Tests.Store;

/// <summary>The store conformance suite against the in-memory store (no durability: it keeps nothing on disk).</summary>
public sealed class InMemoryDriverStoreTests : DriverStoreConformance
{
    protected override IDriverStore CreateStore(string dataDirectory) => new InMemoryDriverStore();
}
