using PowerDrivers.Backend.PowerKVM.Interop;
using PowerDrivers.Backend.PowerKVM.Libvirt;
using PowerDrivers.Backend.PowerKVM.Tests.Support;
using PowerDrivers.Driver.Core.States;
using static PowerDrivers.Backend.PowerKVM.Tests.DomainXmlTests;

namespace PowerDrivers.Backend.PowerKVM.Tests;

/// <summary>The libvirt event loop thread and domain lifecycle events on the embedded connection.</summary>
public sealed class EventLoopTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly KvmHosts _hosts = new();
    private readonly PowerKvmBackend _backend;

    public EventLoopTests() => _backend = _hosts.Backend();

    public void Dispose()
    {
        _backend.Dispose();
        _hosts.Dispose();
    }

    [Fact]
    public async Task Lifecycle_DefineStartStop_ArriveOnTheEventLoopThread()
    {
        Assert.True(LibvirtEventLoop.IsRunning);
        var record = await Backends.CreateAsync(_backend, Spec("evented"), start: true);
        await _backend.StopAsync(record, Driver.Core.Model.StopMode.Hard, TimeSpan.Zero, Backends.NoProgress.Instance, None);
        var uuid = record.Id.ToString();

        var kinds = await EventuallyAsync(() => _backend.RecentEvents("powerkvm-1").Where(e => e.Uuid == uuid).Select(e => e.Kind).ToArray(), k => k.Length >= 3);
        Assert.Equal([0, 2, 5], kinds.Take(3)); // defined, started, stopped
    }

    [Fact]
    public async Task Lifecycle_GuestShutOffBehindTheBackend_ReleasesItsCapacity()
    {
        var free = (await _backend.GetHostAsync("powerkvm-1", None)).Memory.FreeMb;
        var record = await Backends.CreateAsync(_backend, Spec("self-stop"), start: true);
        Assert.Equal(free - 4096, (await _backend.GetHostAsync("powerkvm-1", None)).Memory.FreeMb);

        // As if the guest OS powered itself off (or an administrator ran virsh shutdown): libvirt only, not the backend.
        using (var connection = TestConnection.Of(_backend, "powerkvm-1"))
        using (var domain = connection.TryLookup(record.Id.ToString())!)
        {
            LibvirtConnection.Shutdown(domain);
        }

        await EventuallyAsync(async () => (await _backend.GetHostAsync("powerkvm-1", None)).Memory.FreeMb, f => f == free);
        Assert.Equal(InstanceState.Stopped, (await _backend.ObserveAsync(record, None))!.State);
        await _backend.StartAsync(record, Backends.NoProgress.Instance, None);
        Assert.Equal(free - 4096, (await _backend.GetHostAsync("powerkvm-1", None)).Memory.FreeMb);
    }

    private static async Task<T> EventuallyAsync<T>(Func<T> read, Func<T, bool> done) => await EventuallyAsync(() => Task.FromResult(read()), done);

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var value = await read();
            if (done(value) || patience.IsCancellationRequested)
            {
                return value;
            }

            await Task.Delay(20);
        }
    }
}
