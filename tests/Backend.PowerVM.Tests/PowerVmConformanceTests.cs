using PowerDrivers.Backend.PowerVM.Tests.Support;
using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Conformance;

namespace PowerDrivers.Backend.PowerVM.Tests;

/// <summary>The shared backend contract against Emulator.Hmc over real HTTPS (pinned certificate), a fresh HMC per test.</summary>
public sealed class PowerVmConformanceTests : ComputeBackendConformance
{
    private EmulatedHmc? _hmc;

    protected override string HostName => "powervm-1";

    protected override async Task<IComputeBackend> CreateBackendAsync()
    {
        _hmc = await EmulatedHmc.StartAsync();
        return _hmc.Backend("powervm-1");
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_hmc is not null)
        {
            await _hmc.DisposeAsync();
        }
    }
}
