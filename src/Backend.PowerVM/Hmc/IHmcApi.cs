using Refit;

namespace PowerDrivers.Backend.PowerVM.Hmc;

/// <summary>
/// The HMC REST (uom) endpoints the backend uses, as a Refit interface. Bodies are uom/web XML built and read by the
/// mapping classes in <c>Wire/</c>; every call returns the raw response so status, ETag and HttpErrorResponse can be read.
/// </summary>
public interface IHmcApi
{
    /// <summary>Logs on (LogonRequest) and returns the LogonResponse with the session token.</summary>
    [Put("/rest/api/web/Logon")]
    [Headers("Accept: application/vnd.ibm.powervm.web+xml; type=LogonResponse")]
    Task<HttpResponseMessage> LogonAsync([Body] HttpContent body, CancellationToken cancellationToken);

    /// <summary>Ends the session.</summary>
    [Delete("/rest/api/web/Logon")]
    Task<HttpResponseMessage> LogoffAsync(CancellationToken cancellationToken);

    /// <summary>The feed of managed systems.</summary>
    [Get("/rest/api/uom/ManagedSystem")]
    [Headers("Accept: application/atom+xml")]
    Task<HttpResponseMessage> ListManagedSystemsAsync(CancellationToken cancellationToken);

    /// <summary>One managed system.</summary>
    [Get("/rest/api/uom/ManagedSystem/{system}")]
    [Headers("Accept: application/atom+xml")]
    Task<HttpResponseMessage> GetManagedSystemAsync(string system, CancellationToken cancellationToken);

    /// <summary>The shared processor pools of a system.</summary>
    [Get("/rest/api/uom/ManagedSystem/{system}/SharedProcessorPool")]
    [Headers("Accept: application/atom+xml")]
    Task<HttpResponseMessage> ListSharedProcessorPoolsAsync(string system, CancellationToken cancellationToken);

    /// <summary>The logical partitions of a system.</summary>
    [Get("/rest/api/uom/ManagedSystem/{system}/LogicalPartition")]
    [Headers("Accept: application/atom+xml")]
    Task<HttpResponseMessage> ListPartitionsAsync(string system, CancellationToken cancellationToken);

    /// <summary>Creates a logical partition (PUT of a LogicalPartition body).</summary>
    [Put("/rest/api/uom/ManagedSystem/{system}/LogicalPartition")]
    [Headers("Accept: application/atom+xml")]
    Task<HttpResponseMessage> CreatePartitionAsync(string system, [Body] HttpContent body, CancellationToken cancellationToken);

    /// <summary>One logical partition (ETag in the response).</summary>
    [Get("/rest/api/uom/LogicalPartition/{uuid}")]
    [Headers("Accept: application/atom+xml")]
    Task<HttpResponseMessage> GetPartitionAsync(string uuid, CancellationToken cancellationToken);

    /// <summary>Updates a logical partition; <paramref name="ifMatch"/> is the ETag it was read with (412 when stale).</summary>
    [Post("/rest/api/uom/LogicalPartition/{uuid}")]
    [Headers("Accept: application/atom+xml")]
    Task<HttpResponseMessage> UpdatePartitionAsync(string uuid, [Body] HttpContent body, [Header("If-Match")] string ifMatch, CancellationToken cancellationToken);

    /// <summary>Deletes a logical partition.</summary>
    [Delete("/rest/api/uom/LogicalPartition/{uuid}")]
    Task<HttpResponseMessage> DeletePartitionAsync(string uuid, CancellationToken cancellationToken);

    /// <summary>The JobRequest template of an operation (PowerOn, PowerOff …) on a partition.</summary>
    [Get("/rest/api/uom/LogicalPartition/{uuid}/do/{operation}")]
    [Headers("Accept: application/vnd.ibm.powervm.web+xml; type=JobRequest")]
    Task<HttpResponseMessage> GetJobTemplateAsync(string uuid, string operation, CancellationToken cancellationToken);

    /// <summary>Submits the filled JobRequest; the answer is a JobResponse with the job ID.</summary>
    [Put("/rest/api/uom/LogicalPartition/{uuid}/do/{operation}")]
    [Headers("Accept: application/atom+xml")]
    Task<HttpResponseMessage> SubmitJobAsync(string uuid, string operation, [Body] HttpContent body, CancellationToken cancellationToken);

    /// <summary>The job's status.</summary>
    [Get("/rest/api/uom/jobs/{id}")]
    [Headers("Accept: application/atom+xml")]
    Task<HttpResponseMessage> GetJobAsync(string id, CancellationToken cancellationToken);

    /// <summary>Forgets a finished job.</summary>
    [Delete("/rest/api/uom/jobs/{id}")]
    Task<HttpResponseMessage> DeleteJobAsync(string id, CancellationToken cancellationToken);

    /// <summary>Long-polls the event feed.</summary>
    [Get("/rest/api/uom/Event")]
    [Headers("Accept: application/atom+xml")]
    Task<HttpResponseMessage> GetEventsAsync(CancellationToken cancellationToken);
}
