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

    /// <summary>The shared storage pools the HMC knows.</summary>
    [Get("/rest/api/uom/SharedStoragePool")]
    [Headers("Accept: application/atom+xml")]
    Task<HttpResponseMessage> ListStoragePoolsAsync(CancellationToken cancellationToken);

    /// <summary>One shared storage pool with its logical units (ETag in the response).</summary>
    [Get("/rest/api/uom/SharedStoragePool/{uuid}")]
    [Headers("Accept: application/atom+xml")]
    Task<HttpResponseMessage> GetStoragePoolAsync(string uuid, CancellationToken cancellationToken);

    /// <summary>Updates a shared storage pool (its LogicalUnits list: new ones are created, missing ones deleted).</summary>
    [Post("/rest/api/uom/SharedStoragePool/{uuid}")]
    [Headers("Accept: application/atom+xml")]
    Task<HttpResponseMessage> UpdateStoragePoolAsync(string uuid, [Body] HttpContent body, [Header("If-Match")] string ifMatch, CancellationToken cancellationToken);

    /// <summary>The storage clusters (their nodes name the VIOS partitions, hence the managed systems, of each pool).</summary>
    [Get("/rest/api/uom/Cluster")]
    [Headers("Accept: application/atom+xml")]
    Task<HttpResponseMessage> ListClustersAsync(CancellationToken cancellationToken);

    /// <summary>The Virtual I/O Servers of a system with their mappings, storage and network.</summary>
    [Get("/rest/api/uom/ManagedSystem/{system}/VirtualIOServer?group=ViosSCSIMapping,ViosFCMapping,ViosStorage,ViosNetwork")]
    [Headers("Accept: application/atom+xml")]
    Task<HttpResponseMessage> ListViosAsync(string system, CancellationToken cancellationToken);

    /// <summary>One Virtual I/O Server with its mappings, storage and network (ETag in the response).</summary>
    [Get("/rest/api/uom/ManagedSystem/{system}/VirtualIOServer/{uuid}?group=ViosSCSIMapping,ViosFCMapping,ViosStorage,ViosNetwork")]
    [Headers("Accept: application/atom+xml")]
    Task<HttpResponseMessage> GetViosAsync(string system, string uuid, CancellationToken cancellationToken);

    /// <summary>Updates a Virtual I/O Server (its mapping lists) with If-Match.</summary>
    [Post("/rest/api/uom/ManagedSystem/{system}/VirtualIOServer/{uuid}?group=ViosSCSIMapping,ViosFCMapping,ViosStorage,ViosNetwork")]
    [Headers("Accept: application/atom+xml")]
    Task<HttpResponseMessage> UpdateViosAsync(string system, string uuid, [Body] HttpContent body, [Header("If-Match")] string ifMatch, CancellationToken cancellationToken);

    /// <summary>The client vFC adapters of a partition (their WWPN pairs).</summary>
    [Get("/rest/api/uom/LogicalPartition/{uuid}/VirtualFibreChannelClientAdapter")]
    [Headers("Accept: application/atom+xml")]
    Task<HttpResponseMessage> ListFcClientAdaptersAsync(string uuid, CancellationToken cancellationToken);

    /// <summary>The virtual switches of a system.</summary>
    [Get("/rest/api/uom/ManagedSystem/{system}/VirtualSwitch")]
    [Headers("Accept: application/atom+xml")]
    Task<HttpResponseMessage> ListVirtualSwitchesAsync(string system, CancellationToken cancellationToken);

    /// <summary>The virtual networks (VLANs on switches) of a system.</summary>
    [Get("/rest/api/uom/ManagedSystem/{system}/VirtualNetwork")]
    [Headers("Accept: application/atom+xml")]
    Task<HttpResponseMessage> ListVirtualNetworksAsync(string system, CancellationToken cancellationToken);

    /// <summary>Creates a virtual network.</summary>
    [Put("/rest/api/uom/ManagedSystem/{system}/VirtualNetwork")]
    [Headers("Accept: application/atom+xml")]
    Task<HttpResponseMessage> CreateVirtualNetworkAsync(string system, [Body] HttpContent body, CancellationToken cancellationToken);

    /// <summary>The network bridges (SEAs) of a system.</summary>
    [Get("/rest/api/uom/ManagedSystem/{system}/NetworkBridge")]
    [Headers("Accept: application/atom+xml")]
    Task<HttpResponseMessage> ListNetworkBridgesAsync(string system, CancellationToken cancellationToken);

    /// <summary>One network bridge (ETag in the response).</summary>
    [Get("/rest/api/uom/ManagedSystem/{system}/NetworkBridge/{uuid}")]
    [Headers("Accept: application/atom+xml")]
    Task<HttpResponseMessage> GetNetworkBridgeAsync(string system, string uuid, CancellationToken cancellationToken);

    /// <summary>Updates a network bridge (its load groups) with If-Match.</summary>
    [Post("/rest/api/uom/ManagedSystem/{system}/NetworkBridge/{uuid}")]
    [Headers("Accept: application/atom+xml")]
    Task<HttpResponseMessage> UpdateNetworkBridgeAsync(string system, string uuid, [Body] HttpContent body, [Header("If-Match")] string ifMatch, CancellationToken cancellationToken);

    /// <summary>The client network adapters of a partition.</summary>
    [Get("/rest/api/uom/LogicalPartition/{uuid}/ClientNetworkAdapter")]
    [Headers("Accept: application/atom+xml")]
    Task<HttpResponseMessage> ListNetworkAdaptersAsync(string uuid, CancellationToken cancellationToken);

    /// <summary>Adds a client network adapter (live: DLPAR, needs RMC).</summary>
    [Put("/rest/api/uom/LogicalPartition/{uuid}/ClientNetworkAdapter")]
    [Headers("Accept: application/atom+xml")]
    Task<HttpResponseMessage> CreateNetworkAdapterAsync(string uuid, [Body] HttpContent body, CancellationToken cancellationToken);

    /// <summary>Removes a client network adapter.</summary>
    [Delete("/rest/api/uom/LogicalPartition/{uuid}/ClientNetworkAdapter/{adapter}")]
    Task<HttpResponseMessage> DeleteNetworkAdapterAsync(string uuid, string adapter, CancellationToken cancellationToken);
}
