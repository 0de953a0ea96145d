using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.Events;
using PowerDrivers.Driver.Core.Model;
using PowerDrivers.Driver.Core.Operations;
using Xunit;

namespace PowerDrivers.Driver.Core.Tests.Operations;

/// <summary>Watching operations and events through the manager, against the fake backend.</summary>
public sealed class ComputeManagerWatchTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task WatchOperation_WhileRunning_YieldsUntilDone()
    {
        await using var h = new ManagerHarness();
        var record = await h.CreateAsync("vm-watch");
        var hold = h.Fake.HoldNext(nameof(IComputeBackend.StartAsync));
        var op = await h.Manager.StartAsync(record.Id, "", None);
        await hold.Reached.WaitAsync(ManagerHarness.Patience);

        using var cts = new CancellationTokenSource(ManagerHarness.Patience);
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var seen = new List<OperationRecord>();
        var watch = Task.Run(async () =>
        {
            await foreach (var o in h.Manager.WatchOperationAsync(op.Id, cts.Token))
            {
                seen.Add(o);
                first.TrySetResult();
            }
        });
        await first.Task.WaitAsync(ManagerHarness.Patience);
        hold.Release();
        await watch.WaitAsync(ManagerHarness.Patience);

        Assert.True(seen.Count >= 2, $"saw {seen.Count} versions");
        Assert.False(seen[0].IsDone);
        Assert.Equal(OperationState.Succeeded, seen[^1].State);
        Assert.All(seen[..^1], o => Assert.False(o.IsDone));
        Assert.False(cts.IsCancellationRequested);
    }

    [Fact]
    public async Task WatchOperation_AlreadyDone_YieldsOnceAndEnds()
    {
        await using var h = new ManagerHarness();
        var record = await h.CreateAsync("vm-done");
        var op = (await h.Manager.ListOperationsAsync(new(record.Id, [], 10, null), None)).Items.Single();

        using var cts = new CancellationTokenSource(ManagerHarness.Patience);
        var seen = new List<OperationRecord>();
        await foreach (var o in h.Manager.WatchOperationAsync(op.Id, cts.Token))
        {
            seen.Add(o);
        }

        Assert.Equal(OperationState.Succeeded, Assert.Single(seen).State);
    }

    [Fact]
    public async Task WatchOperation_Unknown_IsNotFound()
    {
        await using var h = new ManagerHarness();
        var error = await Assert.ThrowsAsync<NotFoundError>(async () =>
        {
            await foreach (var _ in h.Manager.WatchOperationAsync(Guid.NewGuid(), None))
            {
            }
        });
        Assert.Equal(ErrorReasons.OperationNotFound, error.Reason);
    }

    [Fact]
    public async Task WatchEvents_ResumedAfterASequence_HasNoGapAndNoDuplicateAcrossBacklogAndLive()
    {
        await using var h = new ManagerHarness();
        var record = await h.CreateAsync("vm-events", start: true);
        await h.SucceedAsync(h.Manager.StopAsync(record.Id, StopMode.Hard, null, "", None));
        var backlog = await h.Store.ReadEventsAsync(0, 1000, None);
        var resumeAfter = backlog[backlog.Count / 2].Sequence;
        var lastBefore = backlog[^1].Sequence;

        using var cts = new CancellationTokenSource(ManagerHarness.Patience);
        var got = new List<DriverEvent>();
        var caughtUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var watch = Task.Run(async () =>
        {
            await foreach (var e in h.Manager.WatchEventsAsync(resumeAfter, _ => true, cts.Token))
            {
                got.Add(e);
                if (e.Sequence == lastBefore)
                {
                    caughtUp.TrySetResult();
                }

                if (e.Sequence > lastBefore && e.Kind == EventKind.OperationFinished)
                {
                    break;
                }
            }
        });
        await caughtUp.Task.WaitAsync(ManagerHarness.Patience);
        await h.SucceedAsync(h.Manager.StartAsync(record.Id, "", None));
        await watch.WaitAsync(ManagerHarness.Patience);

        var lastAfter = await h.LastSequenceAsync();
        Assert.True(lastAfter > lastBefore);
        Assert.Equal(Enumerable.Range((int)resumeAfter + 1, (int)(lastAfter - resumeAfter)).Select(i => (long)i), got.Select(e => e.Sequence));
    }

    [Fact]
    public async Task WatchEvents_BacklogLongerThanOnePage_HasNoGapAndNoDuplicate()
    {
        await using var h = new ManagerHarness();
        var record = await h.CreateAsync("vm-many");
        for (var i = 0; i < 70; i++)
        {
            await h.SucceedAsync(h.Manager.StartAsync(record.Id, "", None));
            await h.SucceedAsync(h.Manager.StopAsync(record.Id, StopMode.Hard, null, "", None));
        }

        var last = await h.LastSequenceAsync();
        Assert.True(last > 500, $"only {last} events");
        using var cts = new CancellationTokenSource(ManagerHarness.Patience);
        var got = new List<long>();
        await foreach (var e in h.Manager.WatchEventsAsync(3, _ => true, cts.Token))
        {
            got.Add(e.Sequence);
            if (e.Sequence == last)
            {
                break;
            }
        }

        Assert.Equal(Enumerable.Range(4, (int)last - 3).Select(i => (long)i), got);
    }

    [Fact]
    public async Task WatchEvents_FromNowWithFilter_YieldsOnlyNewMatchingEvents()
    {
        await using var h = new ManagerHarness();
        var a = await h.CreateAsync("vm-a");
        var b = await h.CreateAsync("vm-b");

        using var cts = new CancellationTokenSource(ManagerHarness.Patience);
        var got = new List<DriverEvent>();
        var watch = Task.Run(async () =>
        {
            await foreach (var e in h.Manager.WatchEventsAsync(-1, e => e.InstanceId == b.Id, cts.Token))
            {
                got.Add(e);
                if (e.Kind == EventKind.OperationFinished)
                {
                    break;
                }
            }
        });

        // The watcher is live once the hub has it; no wall-clock wait.
        while (h.Hub.SubscriberCount == 0)
        {
            await Task.Yield();
            cts.Token.ThrowIfCancellationRequested();
        }

        await h.SucceedAsync(h.Manager.StartAsync(a.Id, "", None));
        await h.SucceedAsync(h.Manager.StartAsync(b.Id, "", None));
        await watch.WaitAsync(ManagerHarness.Patience);

        Assert.NotEmpty(got);
        Assert.All(got, e => Assert.Equal(b.Id, e.InstanceId));
        Assert.DoesNotContain(got, e => e.Kind == EventKind.InstanceCreated);
        Assert.Equal(EventKind.OperationFinished, got[^1].Kind);
    }
}
