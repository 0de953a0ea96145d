using PowerDrivers.Backend.PowerKVM.Libvirt;

namespace PowerDrivers.Backend.PowerKVM.Tests.Support;

/// <summary>
/// Reaches the backend's own libvirt connection of a host (a node-file test:/// URI is a private hypervisor per
/// connection, so a second connection would see nothing). The returned wrapper does not close it.
/// </summary>
internal sealed class TestConnection : IDisposable
{
    private TestConnection(LibvirtConnection connection) => Connection = connection;

    public LibvirtConnection Connection { get; }

    public static TestConnection Of(PowerKvmBackend backend, string host) => new(backend.ConnectionOf(host));

    public Interop.DomainHandle? TryLookup(string uuid) => Connection.TryLookup(uuid);

    public void Dispose()
    {
    }
}
