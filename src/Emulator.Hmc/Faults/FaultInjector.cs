namespace PowerDrivers.Emulator.Hmc.Faults;

/// <summary>Holds the injected faults and hands out the one a request or job should suffer. Thread-safe.</summary>
public sealed class FaultInjector
{
    private readonly Lock gate = new();
    private readonly List<Armed> rules = [];
    private long nextId;
    private long fired;

    /// <summary>Applies a fault that acts at once (e.g. <see cref="FaultKind.ViosCrash"/>); set by the model.</summary>
    internal Action<FaultRule>? Immediate { get; set; }

    /// <summary>Faults that have fired so far.</summary>
    public long Fired => Interlocked.Read(ref fired);

    /// <summary>Arms <paramref name="rule"/>; returns its ID.</summary>
    public long Add(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (rule.Status is < 400 or > 599)
        {
            throw new ArgumentOutOfRangeException(nameof(rule), rule.Status, "an error fault answers with an HTTP status 400..599");
        }

        if (rule.DelayMs < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(rule), rule.DelayMs, "a delay cannot be negative");
        }

        if (rule.Kind == FaultKind.ViosCrash)
        {
            if (rule.Target is null || Immediate is null)
            {
                throw new ArgumentOutOfRangeException(nameof(rule), rule.Target, "a ViosCrash fault names the VIOS (UUID or name) in target");
            }

            Immediate(rule);
            Interlocked.Increment(ref fired);
            lock (gate)
            {
                return ++nextId;
            }
        }

        lock (gate)
        {
            var id = ++nextId;
            rules.Add(new Armed(id, rule, rule.Count <= 0 ? -1 : rule.Count));
            return id;
        }
    }

    /// <summary>Disarms every fault.</summary>
    public void Clear()
    {
        lock (gate)
        {
            rules.Clear();
        }
    }

    /// <summary>The armed faults with their remaining counts (-1 = unlimited).</summary>
    public IReadOnlyList<(long Id, FaultRule Rule, int Remaining)> List()
    {
        lock (gate)
        {
            return [.. rules.Select(r => (r.Id, r.Rule, r.Remaining))];
        }
    }

    /// <summary>The request fault for <paramref name="method"/> <paramref name="path"/>, consuming one use, or null.</summary>
    public FaultRule? TakeRequestFault(string method, string path) =>
        Take(r => !r.IsJobFault
            && (r.Method is null || string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase))
            && (r.PathContains is null || path.Contains(r.PathContains, StringComparison.OrdinalIgnoreCase)));

    /// <summary>The job fault for <paramref name="operation"/> on <paramref name="target"/>, consuming one use, or null.</summary>
    public FaultRule? TakeJobFault(string operation, string target) =>
        Take(r => r.IsJobFault
            && (r.Operation is null || string.Equals(r.Operation, operation, StringComparison.OrdinalIgnoreCase))
            && (r.Target is null || string.Equals(r.Target, target, StringComparison.OrdinalIgnoreCase)));

    private FaultRule? Take(Func<FaultRule, bool> match)
    {
        lock (gate)
        {
            var armed = rules.FirstOrDefault(r => match(r.Rule));
            if (armed is null)
            {
                return null;
            }

            if (armed.Remaining > 0 && --armed.Remaining == 0)
            {
                rules.Remove(armed);
            }

            Interlocked.Increment(ref fired);
            return armed.Rule;
        }
    }

    private sealed class Armed(long id, FaultRule rule, int remaining)
    {
        public long Id { get; } = id;

        public FaultRule Rule { get; } = rule;

        public int Remaining { get; set; } = remaining;
    }
}
