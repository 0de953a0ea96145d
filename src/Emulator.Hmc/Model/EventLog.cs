namespace PowerDrivers.Emulator.Hmc.Model;

/// <summary>
/// The HMC's event queue: a bounded, ordered log that long-poll readers wait on. When a reader falls further behind
/// than the log keeps, it gets one INVALID_URI (refresh everything) instead of the lost events.
/// </summary>
public sealed class EventLog : IEventSink
{
    private readonly Lock gate = new();
    private readonly LinkedList<HmcEvent> log = new();
    private readonly int capacity;
    private long lastId;
    private TaskCompletionSource signal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Creates a log keeping the last <paramref name="capacity"/> events.</summary>
    public EventLog(int capacity = 10_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        this.capacity = capacity;
        lastId = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
    }

    /// <summary>ID of the newest event (a reader starting now waits for events after it).</summary>
    public long LastId
    {
        get
        {
            lock (gate)
            {
                return lastId;
            }
        }
    }

    /// <summary>Appends an event and wakes the waiting readers.</summary>
    public void Publish(string type, string relativeUri, string detail)
    {
        TaskCompletionSource wake;
        lock (gate)
        {
            log.AddLast(new HmcEvent(++lastId, type, relativeUri, detail));
            while (log.Count > capacity)
            {
                log.RemoveFirst();
            }

            wake = signal;
            signal = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        wake.TrySetResult();
    }

    /// <summary>Events after <paramref name="afterId"/>, waiting up to <paramref name="timeout"/> for the first one; empty on timeout.</summary>
    public async Task<IReadOnlyList<HmcEvent>> WaitAsync(long afterId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        while (true)
        {
            Task wait;
            lock (gate)
            {
                var found = After(afterId);
                if (found.Count > 0)
                {
                    return found;
                }

                wait = signal.Task;
            }

            try
            {
                await wait.WaitAsync(timer.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return [];
            }
        }
    }

    private List<HmcEvent> After(long afterId)
    {
        if (log.First is { } first && first.Value.Id > afterId + 1 && afterId < lastId)
        {
            // The reader missed events that are gone: tell it to refresh instead.
            return [new HmcEvent(lastId, "INVALID_URI", string.Empty, string.Empty), .. log.Where(e => e.Id > lastId)];
        }

        return [.. log.Where(e => e.Id > afterId)];
    }
}
