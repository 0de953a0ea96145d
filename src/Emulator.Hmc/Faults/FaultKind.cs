namespace PowerDrivers.Emulator.Hmc.Faults;

/// <summary>What an injected fault does.</summary>
public enum FaultKind
{
    /// <summary>Answer the request with an HttpErrorResponse carrying <see cref="FaultRule.Code"/> and <see cref="FaultRule.Status"/>.</summary>
    Error,

    /// <summary>Wait <see cref="FaultRule.DelayMs"/> before serving the request (or before running the job).</summary>
    Delay,

    /// <summary>Answer 503 Service Unavailable.</summary>
    ServiceUnavailable,

    /// <summary>Drop the connection mid-response (the client sees a reset, no HTTP answer).</summary>
    DropConnection,

    /// <summary>A job ends COMPLETED_WITH_ERROR with the HSCL message, changing nothing.</summary>
    JobError,

    /// <summary>A job ends FAILED_BEFORE_COMPLETION with an exception message, changing nothing.</summary>
    JobFailure,

    /// <summary>
    /// A PowerOn job activates the partition (capacity granted) but the boot fails: the partition ends in the
    /// <c>error</c> state, still holding its capacity, and the job ends COMPLETED_WITH_ERROR. Power it off to recover.
    /// </summary>
    PartitionError,

    /// <summary>
    /// Not armed but applied at once: the VIOS named by <see cref="FaultRule.Target"/> (UUID or name) crashes to the
    /// <c>error</c> state; its SEAs stop bridging (the backups take over) and its disk paths fail.
    /// </summary>
    ViosCrash,
}
