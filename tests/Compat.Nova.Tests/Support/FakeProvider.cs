using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Conformance.Fakes;

namespace PowerDrivers.Compat.Nova.Tests.Support;

/// <summary>Serves the configured powervm hosts with the in-memory fake backend (a test double: the real PowerVM backend arrives later).</summary>
internal sealed class FakeProvider(FakeComputeBackend backend) : IBackendProvider
{
    public string Kind => backend.Kind;

    public IComputeBackend Create(IReadOnlyList<BackendHost> hosts, IReadOnlyDictionary<string, string> settings) => backend;
}
