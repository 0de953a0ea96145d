namespace PowerDrivers.Driver.Core.Backends;

/// <summary>
/// Builds the backend of one kind ("powervm", "powerkvm") for the hosts configured with it. Each backend project
/// offers one; the driver registers it, and a kind without a provider is served inventory-only (lifecycle calls
/// answer UNAVAILABLE naming the missing backend).
/// </summary>
public interface IBackendProvider
{
    /// <summary>The backend kind this provider builds.</summary>
    string Kind { get; }

    /// <summary>
    /// Creates the backend serving <paramref name="hosts"/>. <paramref name="settings"/> holds the configuration
    /// section <c>Driver:Backends:&lt;kind&gt;</c> flattened to "Key" / "Sub:Key" pairs. Throws with a clear
    /// message on bad settings (the driver then refuses to start).
    /// </summary>
    IComputeBackend Create(IReadOnlyList<BackendHost> hosts, IReadOnlyDictionary<string, string> settings);
}
