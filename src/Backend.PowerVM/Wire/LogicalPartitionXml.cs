using System.Xml.Linq;
using PowerDrivers.Driver.Core.Model;

namespace PowerDrivers.Backend.PowerVM.Wire;

/// <summary>
/// InstanceSpec → LogicalPartition XML (create body, or the changed parts of an update). Elements follow the
/// schema order a real HMC returns them in (see reference/hmc-uom/lpar.txt); values are written exactly as given —
/// nothing is rounded here (LMB multiples are checked before a request is built).
/// </summary>
internal static class LogicalPartitionXml
{
    public const string Type = "LogicalPartition";
    public static readonly string MediaType = Uom.UomType(Type);

    /// <summary>The wire value of the partition type.</summary>
    public static string PartitionType(OsType os) => os == OsType.IbmI ? "OS400" : "AIX/Linux";

    /// <summary>The wire value of a dedicated sharing mode (pypowervm's words, the HMC's abbreviations).</summary>
    public static string DedicatedSharing(DedicatedSharingMode mode) => mode switch
    {
        DedicatedSharingMode.ShareIdleProcs => "sre idle proces",
        DedicatedSharingMode.ShareIdleProcsActive => "sre idle procs active",
        DedicatedSharingMode.ShareIdleProcsAlways => "sre idle procs always",
        _ => "keep idle procs",
    };

    /// <summary>The body of a create (PUT …/ManagedSystem/{uuid}/LogicalPartition).</summary>
    public static XElement Create(InstanceSpec spec, int poolId) =>
        Uom.Root(Uom.Ns, Type, "V1_0",
            Uom.P("AvailabilityPriority", spec.AvailabilityPriority),
            Memory(spec.Memory),
            Uom.P("PartitionName", spec.Name, "CUR"),
            Processors(spec.Processors, poolId),
            Uom.P("PartitionType", PartitionType(spec.Guest.OsType), "COD"),
            Uom.P("PendingProcessorCompatibilityMode", spec.Processors.CompatibilityMode));

    /// <summary>
    /// Applies <paramref name="spec"/>'s processors, memory, name and priority to a LogicalPartition element read from the
    /// HMC (the whole object goes back on POST, so unknown elements are kept).
    /// </summary>
    public static XElement Apply(XElement existing, InstanceSpec spec, int poolId)
    {
        var copy = new XElement(existing);
        Replace(copy, Uom.P("AvailabilityPriority", spec.AvailabilityPriority));
        Replace(copy, Memory(spec.Memory));
        Replace(copy, Uom.P("PartitionName", spec.Name, "CUR"));
        Replace(copy, Processors(spec.Processors, poolId));
        Replace(copy, Uom.P("PendingProcessorCompatibilityMode", spec.Processors.CompatibilityMode));
        return copy;
    }

    /// <summary>The partition renamed.</summary>
    public static XElement Rename(XElement existing, string name)
    {
        var copy = new XElement(existing);
        Replace(copy, Uom.P("PartitionName", name, "CUR"));
        return copy;
    }

    private static XElement Memory(MemorySpec m) =>
        Uom.Group("PartitionMemoryConfiguration",
            Uom.P("ActiveMemoryExpansionEnabled", m.ExpansionFactor > 0),
            Uom.P("DesiredMemory", m.DesiredMb),
            Uom.P("ExpansionFactor", m.ExpansionFactor == 0 ? "0.0" : Uom.Text(m.ExpansionFactor)),
            Uom.P("MaximumMemory", m.MaxMb),
            Uom.P("MinimumMemory", m.MinMb),
            Uom.P("SharedMemoryEnabled", m.Mode == MemoryMode.Shared));

    private static XElement Processors(ProcessorSpec p, int poolId)
    {
        if (p.Mode == ProcessorMode.Dedicated)
        {
            return Uom.Group("PartitionProcessorConfiguration",
                Uom.Group("DedicatedProcessorConfiguration",
                    Uom.P("DesiredProcessors", p.VirtualProcessors.Desired),
                    Uom.P("MaximumProcessors", p.VirtualProcessors.Max),
                    Uom.P("MinimumProcessors", p.VirtualProcessors.Min)),
                Uom.P("HasDedicatedProcessors", true),
                Uom.P("SharingMode", DedicatedSharing(p.DedicatedSharingMode)));
        }

        var pu = p.ProcessingUnits ?? throw new ArgumentException("shared processors need processing units", nameof(p));
        return Uom.Group("PartitionProcessorConfiguration",
            Uom.P("HasDedicatedProcessors", false),
            Uom.Group("SharedProcessorConfiguration",
                Uom.P("DesiredProcessingUnits", pu.Desired),
                Uom.P("DesiredVirtualProcessors", p.VirtualProcessors.Desired),
                Uom.P("MaximumProcessingUnits", pu.Max),
                Uom.P("MaximumVirtualProcessors", p.VirtualProcessors.Max),
                Uom.P("MinimumProcessingUnits", pu.Min),
                Uom.P("MinimumVirtualProcessors", p.VirtualProcessors.Min),
                Uom.P("SharedProcessorPoolID", poolId),
                Uom.P("UncappedWeight", p.SharingMode == SharingMode.Uncapped ? p.UncappedWeight : 0)),
            Uom.P("SharingMode", p.SharingMode == SharingMode.Uncapped ? "uncapped" : "capped"));
    }

    private static void Replace(XElement root, XElement replacement)
    {
        var old = root.Elements().FirstOrDefault(e => e.Name.LocalName == replacement.Name.LocalName);
        if (old is not null)
        {
            old.ReplaceWith(replacement);
        }
        else
        {
            root.Add(replacement);
        }
    }
}
