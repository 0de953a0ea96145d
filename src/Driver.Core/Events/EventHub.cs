using System.Runtime.CompilerServices;
using System.Threading.Channels;
using PowerDrivers.Driver.Core.Store;

namespace PowerDrivers.Driver.Core.Events;

/// <summary>
/// Fans committed events out to live watchers. Watchers read the stored backlog first, then live events,
/// with no gap and no duplicate: they subscribe before reading the backlog and skip sequences already seen.
/// </summary>
public sealed class EventHub
{
    private readonly Lock _gate = new();
    private readonly List<Channel<DriverEvent>> _subscribers = [];

    /// <summary>Number of live watchers.</summary>
    public int SubscriberCount
    {
        get
        {
            lock (_gate)
            {
                return _subscribers.Count;
            }
        }
    }

    /// <summary>Delivers committed events (in sequence order) to every watcher; never blocks.</summary>
    public void Publish(IReadOnlyList<DriverEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return;
        }

        lock (_gate)
        {
            foreach (var s in _subscribers)
            {
                foreach (var e in events)
                {
                    s.Writer.TryWrite(e);
                }
            }
        }
    }

    /// <summary>
    /// Every stored event with sequence &gt; <paramref name="afterSequence"/> (−1: none of the backlog), then live
    /// events, filtered by <paramref name="filter"/>, until cancelled.
    /// </summary>
    public async IAsyncEnumerable<DriverEvent> WatchAsync(
        IDriverStore store, long afterSequence, Func<DriverEvent, bool> filter,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(filter);
        var channel = Channel.CreateUnbounded<DriverEvent>(new UnboundedChannelOptions { SingleReader = true });
        lock (_gate)
        {
            _subscribers.Add(channel);
        }

        try
        {
            var last = afterSequence < 0 ? await store.LastSequenceAsync(cancellationToken).ConfigureAwait(false) : afterSequence;
            while (true)
            {
                var page = await store.ReadEventsAsync(last, 500, cancellationToken).ConfigureAwait(false);
                foreach (var e in page)
                {
                    last = e.Sequence;
                    if (filter(e))
                    {
                        yield return e;
                    }
                }

                if (page.Count < 500)
                {
                    break;
                }
            }

            await foreach (var e in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (e.Sequence <= last)
                {
                    continue;
                }

                if (e.Sequence > last + 1)
                {
                    // Concurrent commits may publish out of order: fill the gap from the store, where every
                    // smaller sequence is already committed, so no event is skipped or repeated.
                    var gap = await store.ReadEventsAsync(last, (int)Math.Min(e.Sequence - last - 1, 10_000), cancellationToken).ConfigureAwait(false);
                    foreach (var missed in gap.Where(m => m.Sequence < e.Sequence))
                    {
                        last = missed.Sequence;
                        if (filter(missed))
                        {
                            yield return missed;
                        }
                    }
                }

                last = e.Sequence;
                if (filter(e))
                {
                    yield return e;
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                _subscribers.Remove(channel);
            }
        }
    }
}
