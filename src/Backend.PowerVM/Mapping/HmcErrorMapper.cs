using PowerDrivers.Backend.PowerVM.Hmc;
using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.States;

namespace PowerDrivers.Backend.PowerVM.Mapping;

/// <summary>What the backend was doing when the HMC refused, so the typed error can name it.</summary>
/// <param name="Host">Host (managed system).</param>
/// <param name="InstanceId">Instance, or empty.</param>
/// <param name="State">Instance state when refused.</param>
/// <param name="Action">What was asked.</param>
/// <param name="RequestedUnits">Processing units asked for (capacity errors).</param>
/// <param name="RequestedMemoryMb">Memory asked for (capacity errors).</param>
/// <param name="AvailableUnits">Free processing units the HMC reported.</param>
/// <param name="AvailableMemoryMb">Free memory the HMC reported.</param>
internal sealed record HmcErrorContext(
    string Host, string InstanceId, InstanceState State, InstanceAction Action,
    decimal RequestedUnits = 0, long RequestedMemoryMb = 0, decimal AvailableUnits = 0, long AvailableMemoryMb = 0);

/// <summary>
/// HMC refusals (HSCL code + message) → typed driver errors, in one table. The HMC's words and code are kept in the
/// message and in metadata["hscl"]; codes not in the table become BACKEND_FAILURE with native_code = the HSCL code.
/// </summary>
internal static class HmcErrorMapper
{
    public const string Backend = "powervm";

    /// <summary>The typed error for an HMC exception (others pass through unchanged).</summary>
    public static Exception Map(Exception error, HmcErrorContext context)
    {
        switch (error)
        {
            case DriverError:
                return error;
            case HmcUnreachableException unreachable:
                return new UnavailableError(context.Host, Backend, unreachable.Message);
            case TimeoutException timeout:
                return new BackendFailureError(Backend, timeout.Message, "JOB_TIMEOUT", timeout);
            case HmcException hmc:
                return Map(hmc, context);
            default:
                return error;
        }
    }

    private static DriverError Map(HmcException e, HmcErrorContext c)
    {
        var text = e.Message;
        var meta = new Dictionary<string, string> { ["backend"] = Backend, ["hscl"] = e.Code ?? "", ["host"] = c.Host };
        switch (e.Code)
        {
            case "HSCL1566":
                return new InvalidSpecError([new FieldViolation("processors.processing_units", text)], ErrorReasons.InvalidSpec, meta);
            case "HSCL1510":
                return new InvalidSpecError([new FieldViolation("memory", text)], ErrorReasons.InvalidSpec, meta);
            case "HSCL1504" or "HSCL350B" or "HSCL3006":
                return new InvalidSpecError([new FieldViolation("spec", text)], ErrorReasons.InvalidSpec, meta);
            case "HSCL3008":
                return new InvalidSpecError([new FieldViolation("name", text)], ErrorReasons.InvalidSpec, meta);
            case "HSCL3005":
                return new ConflictError(text, ErrorReasons.NameInUse, meta);
            case "HSCL1575" or "HSCL1590":
                return Capacity(text, c);
            case "HSCL294C":
                return new InvalidStateError(c.InstanceId, c.State, c.Action, ErrorReasons.RequiresStopped,
                    $"{text} Stop the instance, then resize it.");
            case "HSCL05DF":
                return new InvalidStateError(c.InstanceId, c.State, c.Action, ErrorReasons.InvalidState, text);
            case "HSCL0100":
                return new NotFoundError("instance", c.InstanceId.Length > 0 ? c.InstanceId : text);
        }

        return e.Status switch
        {
            404 => new NotFoundError("instance", c.InstanceId.Length > 0 ? c.InstanceId : text),
            412 => new ConflictError($"the partition kept changing while it was updated: {text}", ErrorReasons.Conflict, meta),
            401 or 403 => new UnavailableError(c.Host, Backend, text),
            _ => new BackendFailureError(Backend, text, e.Code ?? (e.Status > 0 ? $"HTTP {e.Status}" : null), e),
        };
    }

    private static InsufficientCapacityError Capacity(string text, HmcErrorContext c)
    {
        var memory = text.Contains("memory", StringComparison.OrdinalIgnoreCase) && !text.Contains("processing unit", StringComparison.OrdinalIgnoreCase);
        return memory
            ? new InsufficientCapacityError(ErrorReasons.InsufficientMemory, $"{text} (requested {c.RequestedMemoryMb} MB, the HMC reports {c.AvailableMemoryMb} MB free)",
                c.Host, c.RequestedMemoryMb, c.AvailableMemoryMb, "MB")
            : new InsufficientCapacityError(ErrorReasons.InsufficientProcessingUnits, $"{text} (requested {c.RequestedUnits} processing units, the HMC reports {c.AvailableUnits} free)",
                c.Host, c.RequestedUnits, c.AvailableUnits, "processing units");
    }
}
