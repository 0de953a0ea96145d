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
/// <param name="Subject">What the request was about: "instance", "volume", "interface" (names not-found and in-use errors).</param>
/// <param name="SubjectId">Its id (defaults to the instance).</param>
/// <param name="Unit">Unit of <paramref name="Requested"/>/<paramref name="Available"/> for capacity errors other than processors and memory ("GB").</param>
/// <param name="Requested">Amount asked for, in <paramref name="Unit"/>.</param>
/// <param name="Available">Amount free, in <paramref name="Unit"/>.</param>
internal sealed record HmcErrorContext(
    string Host, string InstanceId, InstanceState State, InstanceAction Action,
    decimal RequestedUnits = 0, long RequestedMemoryMb = 0, decimal AvailableUnits = 0, long AvailableMemoryMb = 0,
    string Subject = "instance", string SubjectId = "", string Unit = "", decimal Requested = 0, decimal Available = 0);

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
            case "HSCL1504" when e.Status == 409:
                // A valid value that is taken (a MAC address already in use on the system).
                return new ConflictError(text, ErrorReasons.Conflict, meta);
            case "HSCL1504" or "HSCL350B" or "HSCL3006":
                return new InvalidSpecError([new FieldViolation("spec", text)], ErrorReasons.InvalidSpec, meta);
            case "HSCL3008":
                return new InvalidSpecError([new FieldViolation("name", text)], ErrorReasons.InvalidSpec, meta);
            case "HSCL3005":
                return new ConflictError(text, ErrorReasons.NameInUse, meta);
            case "HSCL1575" or "HSCL1590":
                return Capacity(text, c);
            case "HSCL2922":
                return NpivPortFull(text, c);
            case "HSCL0DB4":
                return new InvalidStateError(c.InstanceId, c.State, c.Action, ErrorReasons.InvalidState,
                    $"{text} Virtual adapters change on a running partition only through its RMC connection; wait until the OS is up with RMC active, or stop the instance.");
            case "HSCL2971" when c.Subject == "volume":
                return new PreconditionError(ErrorReasons.VolumeInUse, "volume", Id(c), text);
            case "HSCL2971":
                return new ConflictError(text, ErrorReasons.Conflict, meta);
            case "HSCL294C":
                return new InvalidStateError(c.InstanceId, c.State, c.Action, ErrorReasons.RequiresStopped,
                    $"{text} Stop the instance, then resize it.");
            case "HSCL05DF":
                return new InvalidStateError(c.InstanceId, c.State, c.Action, ErrorReasons.InvalidState, text);
            case "HSCL0100":
                return new NotFoundError(c.Subject, Id(c) is { Length: > 0 } id ? id : text);
        }

        if (IsNpivPortFull(text))
        {
            return NpivPortFull(text, c);
        }

        return e.Status switch
        {
            404 => new NotFoundError(c.Subject, Id(c) is { Length: > 0 } id ? id : text),
            412 => new ConflictError($"the {(c.Subject == "instance" ? "partition" : "HMC object")} kept changing while it was updated: {text}", ErrorReasons.Conflict, meta),
            401 or 403 => new UnavailableError(c.Host, Backend, text),
            _ => new BackendFailureError(Backend, text, e.Code ?? (e.Status > 0 ? $"HTTP {e.Status}" : null), e),
        };
    }

    private static string Id(HmcErrorContext c) => c.SubjectId.Length > 0 ? c.SubjectId : c.InstanceId;

    /// <summary>A real HMC words a full NPIV port without a code of its own; the emulator uses HSCL2922.</summary>
    private static bool IsNpivPortFull(string text) =>
        text.Contains("maximum", StringComparison.OrdinalIgnoreCase)
        && (text.Contains("NPIV", StringComparison.OrdinalIgnoreCase) || text.Contains("virtual ports", StringComparison.OrdinalIgnoreCase));

    private static InsufficientCapacityError NpivPortFull(string text, HmcErrorContext c) =>
        new(ErrorReasons.InsufficientCapacity, text, c.Host, 1, 0, "NPIV ports");

    private static InsufficientCapacityError Capacity(string text, HmcErrorContext c)
    {
        if (c.Unit.Length > 0)
        {
            return new InsufficientCapacityError(ErrorReasons.InsufficientCapacity,
                $"{text} (requested {c.Requested} {c.Unit}, the HMC reports {c.Available} {c.Unit} free)", c.Host, c.Requested, c.Available, c.Unit);
        }

        if (text.Contains("virtual I/O slot", StringComparison.OrdinalIgnoreCase))
        {
            return new InsufficientCapacityError(ErrorReasons.InsufficientCapacity, text, c.Host, 1, 0, "virtual I/O slots");
        }

        if (c.Subject != "instance")
        {
            return new InsufficientCapacityError(ErrorReasons.InsufficientCapacity, text, c.Host, c.Requested, c.Available, c.Unit);
        }

        var memory = text.Contains("memory", StringComparison.OrdinalIgnoreCase) && !text.Contains("processing unit", StringComparison.OrdinalIgnoreCase);
        return memory
            ? new InsufficientCapacityError(ErrorReasons.InsufficientMemory, $"{text} (requested {c.RequestedMemoryMb} MB, the HMC reports {c.AvailableMemoryMb} MB free)",
                c.Host, c.RequestedMemoryMb, c.AvailableMemoryMb, "MB")
            : new InsufficientCapacityError(ErrorReasons.InsufficientProcessingUnits, $"{text} (requested {c.RequestedUnits} processing units, the HMC reports {c.AvailableUnits} free)",
                c.Host, c.RequestedUnits, c.AvailableUnits, "processing units");
    }
}
