using PowerDrivers.Backend.PowerKVM.Domain;
using PowerDrivers.Driver.Core.Model;

namespace PowerDrivers.Backend.PowerKVM.Records;

/// <summary>
/// What the backend keeps of one guest so it can define it again on a connection that forgot it (libvirt's test
/// driver keeps nothing once the connection closes): the spec, the domain XML last defined, and the power state.
/// </summary>
/// <param name="InstanceId">The driver's instance id; also the domain UUID.</param>
/// <param name="Host">Host name.</param>
/// <param name="Spec">The spec the domain was defined from.</param>
/// <param name="DomainXml">The XML last given to <c>virDomainDefineXML</c>.</param>
/// <param name="Power">The power state last set by the backend.</param>
/// <param name="LiveVirtualCpus">vCPUs online when running (may differ from the spec after a live change).</param>
/// <param name="LiveMemoryMb">Balloon size when running.</param>
/// <param name="Devices">Devices hot plugged since creation (kept when the domain is redefined).</param>
/// <param name="Disks">Volumes attached (kept when the domain is redefined).</param>
/// <param name="Nics">Network interfaces attached (kept when the domain is redefined).</param>
public sealed record GuestRecord(Guid InstanceId, string Host, InstanceSpec Spec, string DomainXml, GuestPower Power, int LiveVirtualCpus, long LiveMemoryMb,
    IReadOnlyList<GuestDevice>? Devices = null, IReadOnlyList<VirtualDisk>? Disks = null, IReadOnlyList<VirtualNic>? Nics = null)
{
    /// <summary>The domain XML for <paramref name="spec"/> with everything attached to this guest.</summary>
    internal string BuildXml(InstanceSpec spec, DomainXmlOptions options) =>
        DomainXmlBuilder.Build(InstanceId, spec, options, Devices, Disks, Nics);
}
