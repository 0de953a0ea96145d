namespace PowerDrivers.Emulator.Hmc.Jobs;

/// <summary>Job states as the HMC reports them in <c>Status</c>.</summary>
public enum JobStatus
{
    /// <summary>NOT_STARTED.</summary>
    NotStarted,

    /// <summary>RUNNING.</summary>
    Running,

    /// <summary>COMPLETED_OK.</summary>
    CompletedOk,

    /// <summary>COMPLETED_WITH_ERROR: the operation ran and failed (results carry the HSCL message).</summary>
    CompletedWithError,

    /// <summary>FAILED_BEFORE_COMPLETION: the job could not run (a response exception says why).</summary>
    FailedBeforeCompletion,
}

/// <summary>Wire names of <see cref="JobStatus"/>.</summary>
public static class JobStatuses
{
    /// <summary>E.g. <c>COMPLETED_OK</c>.</summary>
    public static string ToWire(this JobStatus status) => status switch
    {
        JobStatus.NotStarted => "NOT_STARTED",
        JobStatus.Running => "RUNNING",
        JobStatus.CompletedOk => "COMPLETED_OK",
        JobStatus.CompletedWithError => "COMPLETED_WITH_ERROR",
        _ => "FAILED_BEFORE_COMPLETION",
    };

    /// <summary>True once the job has ended.</summary>
    public static bool IsFinal(this JobStatus status) => status >= JobStatus.CompletedOk;
}
