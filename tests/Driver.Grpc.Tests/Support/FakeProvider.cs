using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Conformance.Fakes;

namespace PowerDrivers.Driver.Grpc.Tests.Support;

/// <summary>Serves the configured powervm hosts with the in-memory fake backend (a test double: the real backend arrives later).</summary>
internal sealed class FakeProvider(FakeComputeBackend backend) : IBackendProvider
{
    public string Kind => backend.Kind;

    public FakeComputeBackend Backend => backend;

    public IComputeBackend Create(IReadOnlyList<BackendHost> hosts, IReadOnlyDictionary<string, string> settings)
    {
        var configured = hosts.Select(h => h.Name).Order().ToArray();
        Xunit.Assert.Equal(configured, backend.Hosts.Order().ToArray());
        return backend;
    }

    public static FakeProvider ForPowerVmHosts(FakeBackendOptions? options = null) =>
        new(new FakeComputeBackend((options ?? FakeBackendOptions.Full) with { Kind = "powervm", Hosts = ["powervm-1", "powervm-2"] }));
}
