using PowerDrivers.Backend.PowerVM.Hmc;
using PowerDrivers.Driver.Core.Backends;

namespace PowerDrivers.Backend.PowerVM;

/// <summary>Builds the PowerVM backend for the hosts configured with it, talking to the HMC named in the settings.</summary>
public sealed class PowerVmBackendProvider : IBackendProvider
{
    /// <inheritdoc/>
    public string Kind => PowerVmBackend.BackendKind;

    /// <inheritdoc/>
    public IComputeBackend Create(IReadOnlyList<BackendHost> hosts, IReadOnlyDictionary<string, string> settings)
    {
        var parsed = PowerVmSettings.From(settings);
        return new PowerVmBackend(hosts, new HmcClient(parsed.Hmc), parsed);
    }
}
