namespace PowerDrivers.Driver.Core.Operations;

/// <summary>What a start-up reconcile changed.</summary>
/// <param name="InterruptedOperations">Operations a previous process left running, now failed.</param>
/// <param name="DriftedInstances">Records corrected to what the platform reports.</param>
public sealed record ReconcileReport(int InterruptedOperations, int DriftedInstances)
{
    /// <summary>Anything changed.</summary>
    public int Changed => InterruptedOperations + DriftedInstances;
}
