namespace PowerDrivers.Emulator.Hmc.Faults;

/// <summary>
/// A fault to inject into the next matching requests or jobs, vcsim style. Request faults match
/// <see cref="Method"/> and <see cref="PathContains"/>; job faults (<see cref="FaultKind.JobError"/>,
/// <see cref="FaultKind.JobFailure"/>, or <see cref="FaultKind.Delay"/> with an <see cref="Operation"/>) match the job
/// operation (PowerOn, PowerOff) and optionally its target.
/// </summary>
public sealed record FaultRule
{
    /// <summary>What happens.</summary>
    public FaultKind Kind { get; init; } = FaultKind.Error;

    /// <summary>HTTP method to match (any when null).</summary>
    public string? Method { get; init; }

    /// <summary>Substring of the request path to match, case-insensitive (any when null).</summary>
    public string? PathContains { get; init; }

    /// <summary>Job operation to match (PowerOn, PowerOff); set it for a job fault.</summary>
    public string? Operation { get; init; }

    /// <summary>Job target partition UUID to match (any when null).</summary>
    public string? Target { get; init; }

    /// <summary>How many matches fire; 0 or less means every match until cleared. Default 1.</summary>
    public int Count { get; init; } = 1;

    /// <summary>HSCL code of an error fault.</summary>
    public string Code { get; init; } = "HSCL9999";

    /// <summary>Message after the code.</summary>
    public string Message { get; init; } = "Injected fault.";

    /// <summary>HTTP status of an <see cref="FaultKind.Error"/> fault. Default 500.</summary>
    public int Status { get; init; } = 500;

    /// <summary>Delay of a <see cref="FaultKind.Delay"/> fault, ms.</summary>
    public int DelayMs { get; init; }

    /// <summary>True when the rule is about jobs rather than requests.</summary>
    public bool IsJobFault => Kind is FaultKind.JobError or FaultKind.JobFailure or FaultKind.PartitionError || (Kind == FaultKind.Delay && Operation is not null);
}
