using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Conformance;
using PowerDrivers.Driver.Core.Conformance.Fakes;

namespace PowerDrivers.Driver.Core.Tests.Conformance;

/// <summary>The conformance suite against the fake backend with every capability (a fake: no platform runs here).</summary>
public sealed class FakeBackendConformanceTests : ComputeBackendConformance
{
    protected override string HostName => "fake-host-1";

    protected override Task<IComputeBackend> CreateBackendAsync() =>
        Task.FromResult<IComputeBackend>(new FakeComputeBackend(FakeBackendOptions.Full));
}

/// <summary>The conformance suite against a fake that lacks pause, suspend, soft power actions and live resize:
/// every such case must end in the typed refusal.</summary>
public sealed class MinimalFakeBackendConformanceTests : ComputeBackendConformance
{
    protected override string HostName => "fake-host-1";

    protected override Task<IComputeBackend> CreateBackendAsync() =>
        Task.FromResult<IComputeBackend>(new FakeComputeBackend(FakeBackendOptions.Minimal));
}

/// <summary>The conformance suite against a fake that cannot resize at all, not even offline.</summary>
public sealed class NoResizeFakeBackendConformanceTests : ComputeBackendConformance
{
    protected override string HostName => "fake-host-1";

    protected override Task<IComputeBackend> CreateBackendAsync() =>
        Task.FromResult<IComputeBackend>(new FakeComputeBackend(FakeBackendOptions.Minimal with { OfflineResize = false }));
}
