using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Conformance.Fakes;
using PowerDrivers.Driver.Core.Errors;
using Xunit;

namespace PowerDrivers.Driver.Core.Tests.Backends;

public sealed class BackendRegistryTests
{
    [Fact]
    public async Task Dispose_DisposesEachBackendOnce_EvenWhenItServesSeveralHosts()
    {
        var two = new FakeComputeBackend(new FakeBackendOptions { Hosts = ["a", "b"] });
        var one = new FakeComputeBackend(new FakeBackendOptions { Hosts = ["c"] });
        var registry = new BackendRegistry([two, one]);

        await registry.DisposeAsync();

        Assert.Equal((1, 1), (two.DisposeCount, one.DisposeCount));
        Assert.Throws<NotFoundError>(() => registry.For("a"));
    }
}
