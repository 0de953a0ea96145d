using PowerDrivers.Backend.PowerKVM.Tests.Support;
using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Conformance;

namespace PowerDrivers.Backend.PowerKVM.Tests;

/// <summary>The shared backend contract on the real libvirt library over the embedded test:/// connection.</summary>
public sealed class PowerKvmConformanceTests : ComputeBackendConformance
{
    private readonly KvmHosts _hosts = new();

    protected override string HostName => "powerkvm-1";

    protected override Task<IComputeBackend> CreateBackendAsync() => Task.FromResult<IComputeBackend>(_hosts.Backend());

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _hosts.Dispose();
    }
}
