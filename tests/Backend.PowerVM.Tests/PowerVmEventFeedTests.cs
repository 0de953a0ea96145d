using PowerDrivers.Backend.PowerVM.Tests.Support;
using PowerDrivers.Backend.PowerVM.Wire;
using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Events;
using PowerDrivers.Driver.Core.Model;
using PowerDrivers.Driver.Core.Operations;
using PowerDrivers.Driver.Core.States;
using PowerDrivers.Emulator.Hmc.Model;

namespace PowerDrivers.Backend.PowerVM.Tests;

/// <summary>The HMC event feed: partitions changed behind the driver's back are corrected while the driver runs.</summary>
public sealed class PowerVmEventFeedTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private readonly CancellationTokenSource _stop = new();
    private EmulatedHmc _hmc = null!;
    private ManagerOver _driver = null!;
    private Task _feed = Task.CompletedTask;

    public async Task InitializeAsync()
    {
        _hmc = await EmulatedHmc.StartAsync();
        _driver = new ManagerOver(_hmc.Backend("powervm-1"));
        _feed = Manager.RunBackendEventsAsync(_stop.Token);
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _feed.WaitAsync(TimeSpan.FromSeconds(10));
        _stop.Dispose();
        await _driver.DisposeAsync();
        await _hmc.DisposeAsync();
    }

    private ComputeManager Manager => _driver.Manager;

    private static InstanceSpec Shared(string name) => new(
        name, "powervm-1",
        new ProcessorSpec(ProcessorMode.Shared, new CountRange(1, 2, 4), new UnitsRange(0.05m, 0.5m, 2.0m)),
        new MemorySpec(1024, 4096, 16384), GuestSpec.Default, new Dictionary<string, string>());

    /// <summary>Polls the record (bounded) until it reaches <paramref name="state"/>.</summary>
    private async Task<InstanceRecord> WaitForStateAsync(Guid id, InstanceState state)
    {
        var until = DateTimeOffset.UtcNow + Patience;
        while (true)
        {
            var r = await Manager.GetInstanceAsync(id, None);
            if (r.State == state || DateTimeOffset.UtcNow > until)
            {
                return r;
            }

            await Task.Delay(50);
        }
    }

    private async Task<IReadOnlyList<DriverEvent>> DriftsAsync(Guid id) =>
        [.. (await _driver.Store.ReadEventsAsync(0, 100_000, None)).Where(e => e.InstanceId == id && e.Kind == EventKind.InstanceDrifted)];

    [Fact]
    public async Task PartitionPoweredOffAtTheHmc_IsRecordedStoppedWithADriftEvent()
    {
        var record = await _driver.SucceedAsync(Manager.CreateAsync(Shared("feed-off"), true, "", None));
        Assert.Equal(InstanceState.Running, record.State);

        var system = _hmc.Model.Systems[0];
        system.BeginPowerOff(record.NativeId, new PowerOffOptions(Immediate: true));
        system.CompletePowerOff(record.NativeId, restart: false);

        var now = await WaitForStateAsync(record.Id, InstanceState.Stopped);
        Assert.Equal(InstanceState.Stopped, now.State);
        Assert.Null(now.ActiveOperationId);
        var drift = Assert.Single(await DriftsAsync(record.Id));
        Assert.Equal(InstanceState.Running, drift.PreviousState);
        Assert.Equal(InstanceState.Stopped, drift.State);
    }

    [Fact]
    public async Task PartitionDeletedAtTheHmc_IsRecordedErrorWithAFault()
    {
        var record = await _driver.SucceedAsync(Manager.CreateAsync(Shared("feed-gone"), false, "", None));

        _hmc.Model.Systems[0].Delete(record.NativeId);

        var now = await WaitForStateAsync(record.Id, InstanceState.Error);
        Assert.Equal(InstanceState.Error, now.State);
        Assert.Contains("no longer exists", now.Fault!.Message, StringComparison.Ordinal);
        Assert.Single(await DriftsAsync(record.Id));
    }

    [Fact]
    public async Task DriverOwnOperations_AreNotReportedAsDrift()
    {
        var record = await _driver.SucceedAsync(Manager.CreateAsync(Shared("feed-own"), true, "", None));
        await _driver.SucceedAsync(Manager.StopAsync(record.Id, StopMode.Hard, null, "", None));

        // Both operations' changes went through the feed too; a later change behind our back proves it was being read.
        _hmc.Model.Systems[0].Delete(record.NativeId);
        Assert.Equal(InstanceState.Error, (await WaitForStateAsync(record.Id, InstanceState.Error)).State);
        Assert.Single(await DriftsAsync(record.Id));
    }

    [Fact]
    public void RecordedFeed_NamesPartitionsAndSkipsOtherObjects()
    {
        var events = EventFeedXml.Read(Recorded.Body("event_feed.txt"));

        Assert.Equal(37, events.Count);
        Assert.Equal(new HmcEventEntry("ADD_URI", "http://localhost:12080/rest/api/uom/ManagedSystem/1cab7366-6b73-342c-9f43-ddfeb9f8edd3/LogicalPartition/1E6FC741-6253-4B69-B88B-8A44BED92145"), events[0]);
        Assert.Equal(("1cab7366-6b73-342c-9f43-ddfeb9f8edd3", "1E6FC741-6253-4B69-B88B-8A44BED92145"), EventFeedXml.Partition(events[0].Data));
        Assert.Contains(events, e => e.Type == "DELETE_URI");
        Assert.Null(EventFeedXml.Partition("http://h/rest/api/uom/ManagedSystem/1cab7366/VirtualIOServer/113ABFC5"));
        Assert.Null(EventFeedXml.Partition("http://h/rest/api/uom/ManagedSystem/1cab7366"));
        Assert.Null(EventFeedXml.Partition("http://h/rest/api/uom/ManagedSystem/ms/LogicalPartition/lp/ClientNetworkAdapter/a"));
        Assert.Equal((null, "lp"), EventFeedXml.Partition("https://h/rest/api/uom/LogicalPartition/lp?group=None"));
        Assert.Empty(EventFeedXml.Read(""));
    }
}
