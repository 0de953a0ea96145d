using PowerDrivers.Driver.Core.Model;

namespace PowerDrivers.Backend.PowerKVM.Records;

/// <summary>
/// What the backend keeps of one volume so it can create it again on a connection that forgot it (the test driver keeps
/// no pool or volume after the connection closes): its image in the host's pool, size and provisioning.
/// </summary>
/// <param name="VolumeId">The driver's volume id.</param>
/// <param name="Host">Host name.</param>
/// <param name="Name">The libvirt volume name in the pool (<c>&lt;id&gt;.qcow2</c> thin, <c>&lt;id&gt;.img</c> thick).</param>
/// <param name="SizeGb">Capacity, GiB.</param>
/// <param name="Provisioning">Thin (qcow2, allocation 0) or thick (raw, fully allocated).</param>
/// <param name="Path">The image path libvirt reported (the native id).</param>
internal sealed record VolumeImage(Guid VolumeId, string Host, string Name, long SizeGb, Provisioning Provisioning, string Path)
{
    /// <summary>Image format: qcow2 for thin, raw for thick.</summary>
    public string Format => Provisioning == Provisioning.Thin ? "qcow2" : "raw";
}
