namespace PowerDrivers.Driver.Core.Backends;

/// <summary>Given to a backend while it runs an operation: report progress in words and percent.</summary>
public interface IOperationContext
{
    /// <summary>The operation's id.</summary>
    Guid OperationId { get; }

    /// <summary>Reports the step in progress ("powering on") and 0–100 percent; never throws.</summary>
    void Report(string step, int percent);
}
