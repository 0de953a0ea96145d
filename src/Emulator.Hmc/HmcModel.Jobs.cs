using System.Collections.Concurrent;
using PowerDrivers.Emulator.Hmc.Faults;
using PowerDrivers.Emulator.Hmc.Jobs;
using PowerDrivers.Emulator.Hmc.Model;

namespace PowerDrivers.Emulator.Hmc;

/// <summary>Jobs: PowerOn / PowerOff of partitions and VIOS, run in the background with the configured timings.</summary>
public sealed partial class HmcModel
{
    /// <summary>Operations the emulator runs as jobs.</summary>
    public static readonly IReadOnlyList<string> JobOperations = ["PowerOn", "PowerOff"];

    private const int MaxJobsKept = 10_000;
    private readonly ConcurrentDictionary<long, Job> jobs = new();
    private long lastJobId = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>The job with <paramref name="id"/>, or null.</summary>
    public Job? FindJob(long id) => jobs.GetValueOrDefault(id);

    /// <summary>Forgets a job (DELETE of the job); false when unknown.</summary>
    public bool DeleteJob(long id) => jobs.TryRemove(id, out _);

    /// <summary>
    /// Queues <paramref name="operation"/> on partition <paramref name="target"/>; the job starts NOT_STARTED and
    /// runs in the background. Throws <see cref="HmcException"/> for an unknown operation or partition.
    /// </summary>
    public Job SubmitJob(string group, string target, string operation, IReadOnlyList<KeyValuePair<string, string>> parameters, string requestUrl)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!JobOperations.Contains(operation, StringComparer.Ordinal))
        {
            throw new HmcException(Hscl.BadRequest, $"The operation {operation} is not supported for {group}.", 404);
        }

        var partition = FindPartition(target) ?? throw Hscl.Missing(group, target);
        var job = new Job(Interlocked.Increment(ref lastJobId), group, operation, partition.Uuid, requestUrl, parameters);
        jobs[job.Id] = job;
        Trim();
        _ = Task.Run(() => RunAsync(job, partition.System), CancellationToken.None);
        return job;
    }

    private void Trim()
    {
        if (jobs.Count <= MaxJobsKept)
        {
            return;
        }

        foreach (var old in jobs.Values.Where(j => j.Status.IsFinal()).OrderBy(j => j.Id).Take(jobs.Count - MaxJobsKept))
        {
            jobs.TryRemove(old.Id, out _);
        }
    }

    private long Now => Clock.GetUtcNow().ToUnixTimeMilliseconds();

    private async Task RunAsync(Job job, EmulatedSystem system)
    {
        var timings = Options.Jobs;
        var began = false;
        try
        {
            await Pause(timings.QueueDelay).ConfigureAwait(false);
            job.Start(Now);
            var jobFault = Faults.TakeJobFault(job.Operation, job.Target);
            if (jobFault is { Kind: FaultKind.PartitionError } && job.Operation == "PowerOn")
            {
                system.BeginPowerOn(job.Target, job.Parameter("bootmode") ?? "norm");
                began = true;
                system.FailBoot(job.Target);
                job.Complete(Now, JobStatus.CompletedWithError, Failed($"{jobFault.Code} {jobFault.Message}"));
                return;
            }

            if (jobFault is { } fault)
            {
                switch (fault.Kind)
                {
                    case FaultKind.Delay:
                        await Pause(TimeSpan.FromMilliseconds(fault.DelayMs)).ConfigureAwait(false);
                        break;
                    case FaultKind.JobFailure:
                        job.Complete(Now, JobStatus.FailedBeforeCompletion, [], $"{fault.Code} {fault.Message}");
                        return;
                    default:
                        job.Complete(Now, JobStatus.CompletedWithError, Failed($"{fault.Code} {fault.Message}"));
                        return;
                }
            }

            if (job.Operation == "PowerOn")
            {
                var bootMode = job.Parameter("bootmode") ?? "norm";
                system.BeginPowerOn(job.Target, bootMode);
                began = true;
                await Pause(timings.PowerOn).ConfigureAwait(false);
                system.CompletePowerOn(job.Target, bootMode);
            }
            else
            {
                var options = new PowerOffOptions(
                    job.Parameter("operation") ?? "shutdown",
                    IsTrue(job.Parameter("immediate")),
                    IsTrue(job.Parameter("restart")));
                system.BeginPowerOff(job.Target, options);
                began = true;
                await Pause(options.Immediate ? timings.PowerOffImmediate : timings.PowerOff).ConfigureAwait(false);
                system.CompletePowerOff(job.Target, options.Restart);
                if (options.Restart)
                {
                    await Pause(timings.PowerOn).ConfigureAwait(false);
                    system.CompletePowerOn(job.Target);
                }
            }

            job.Complete(Now, JobStatus.CompletedOk, [new("returnCode", "0")]);
        }
        catch (HmcException ex)
        {
            if (began)
            {
                system.EndOperation(job.Target);
            }

            job.Complete(Now, JobStatus.CompletedWithError, Failed(ex.Message));
        }
        catch (OperationCanceledException)
        {
            job.Complete(Now, JobStatus.FailedBeforeCompletion, [], "The management console is shutting down.");
        }
        catch (Exception ex)
        {
            job.Complete(Now, JobStatus.FailedBeforeCompletion, [], ex.ToString());
        }
    }

    private static List<KeyValuePair<string, string>> Failed(string message) => [new("returnCode", "1"), new("result", message)];

    private static bool IsTrue(string? value) => string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);

    private Task Pause(TimeSpan delay) => delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, Clock, stopToken);
}
