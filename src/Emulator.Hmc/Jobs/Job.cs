namespace PowerDrivers.Emulator.Hmc.Jobs;

/// <summary>One job (a PUT of a <c>JobRequest</c> to <c>…/do/{operation}</c>) and its progress. Thread-safe snapshot reads.</summary>
public sealed class Job
{
    private readonly Lock gate = new();
    private JobStatus status = JobStatus.NotStarted;
    private IReadOnlyList<KeyValuePair<string, string>> results = [];

    internal Job(long id, string group, string operation, string target, string requestUrl, IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        Id = id;
        Group = group;
        Operation = operation;
        Target = target;
        RequestUrl = requestUrl;
        Parameters = parameters;
    }

    /// <summary>Job ID.</summary>
    public long Id { get; }

    /// <summary>Object type the job runs on (LogicalPartition, VirtualIOServer).</summary>
    public string Group { get; }

    /// <summary>Operation name (PowerOn, PowerOff).</summary>
    public string Operation { get; }

    /// <summary>Target UUID.</summary>
    public string Target { get; }

    /// <summary>Path the request was submitted to, relative to <c>/rest/api/uom/</c>.</summary>
    public string RequestUrl { get; }

    /// <summary>The job parameters, in request order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; }

    /// <summary>Current status.</summary>
    public JobStatus Status
    {
        get
        {
            lock (gate)
            {
                return status;
            }
        }
    }

    /// <summary>Start time, Unix ms (0 until it runs).</summary>
    public long TimeStarted { get; private set; }

    /// <summary>End time, Unix ms (0 until it ends).</summary>
    public long TimeCompleted { get; private set; }

    /// <summary>Result parameters (returnCode, result).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Results
    {
        get
        {
            lock (gate)
            {
                return results;
            }
        }
    }

    /// <summary>For FAILED_BEFORE_COMPLETION: the exception message.</summary>
    public string? ExceptionMessage { get; private set; }

    /// <summary>Value of parameter <paramref name="name"/>, or null.</summary>
    public string? Parameter(string name) =>
        Parameters.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    internal void Start(long now)
    {
        lock (gate)
        {
            TimeStarted = now;
            status = JobStatus.Running;
        }
    }

    internal void Complete(long now, JobStatus final, IReadOnlyList<KeyValuePair<string, string>> result, string? exception = null)
    {
        lock (gate)
        {
            if (TimeStarted == 0)
            {
                TimeStarted = now;
            }

            TimeCompleted = now;
            results = result;
            ExceptionMessage = exception;
            status = final;
        }
    }
}
