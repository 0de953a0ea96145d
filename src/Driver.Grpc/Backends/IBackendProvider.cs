using PowerDrivers.Driver.Core.Backends;

namespace PowerDrivers.Driver.Grpc.Backends;

/// <summary>
/// Builds the backend of one kind ("powervm", "powerkvm") for the hosts configured with it. A backend
/// project registers its provider; a kind without a provider gets an <see cref="InventoryOnlyBackend"/>.
/// </summary>
public interface IBackendProvider
{
    /// <summary>The backend kind this provider builds.</summary>
    string Kind { get; }

    /// <summary>Creates the backend serving <paramref name="hosts"/>.</summary>
    IComputeBackend Create(IReadOnlyList<HostSystem> hosts);
}
