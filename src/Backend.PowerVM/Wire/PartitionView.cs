using System.Xml.Linq;
using PowerDrivers.Backend.PowerVM.Mapping;
using PowerDrivers.Driver.Core.Model;

namespace PowerDrivers.Backend.PowerVM.Wire;

/// <summary>A LogicalPartition as the HMC reports it (the parts the backend uses), with the element it came from.</summary>
internal sealed record PartitionView
{
    public required string Uuid { get; init; }
    public required string Name { get; init; }
    public int Id { get; init; }
    public required string State { get; init; }
    public string Type { get; init; } = "";
    public string RmcState { get; init; } = "";
    public bool Dedicated { get; init; }
    public decimal DesiredUnits { get; init; }
    public decimal MinimumUnits { get; init; }
    public decimal MaximumUnits { get; init; }
    public int DesiredProcessors { get; init; }
    public int MinimumProcessors { get; init; }
    public int MaximumProcessors { get; init; }
    public int UncappedWeight { get; init; }
    public string SharingMode { get; init; } = "";
    public int PoolId { get; init; }
    public decimal CurrentUnits { get; init; }
    public int CurrentProcessors { get; init; }
    public long DesiredMemory { get; init; }
    public long MinimumMemory { get; init; }
    public long MaximumMemory { get; init; }
    public long CurrentMemory { get; init; }
    public string? ETag { get; init; }
    public required XElement Element { get; init; }

    /// <summary>What the partition holds now: nothing unless its state is an active one.</summary>
    public Allocation Allocation => PartitionStateTable.HoldsCapacity(State)
        ? new Allocation(CurrentProcessors, Dedicated ? 0m : CurrentUnits, Dedicated ? CurrentProcessors : 0, CurrentMemory)
        : Allocation.None;

    /// <summary>Reads every LogicalPartition of a feed, entry or bare body.</summary>
    public static IReadOnlyList<PartitionView> ReadAll(string body, string? headerETag = null) =>
        [.. Uom.Objects(Uom.Parse(body), LogicalPartitionXml.Type).Select(o => Read(o.Element, o.ETag ?? headerETag))];

    public static PartitionView Read(XElement e, string? etag)
    {
        var proc = e.Child("PartitionProcessorConfiguration");
        var mem = e.Child("PartitionMemoryConfiguration");
        var dedicated = proc.Bool("HasDedicatedProcessors") ?? false;
        var shared = proc.Child("SharedProcessorConfiguration");
        var ded = proc.Child("DedicatedProcessorConfiguration");
        var curShared = proc.Child("CurrentSharedProcessorConfiguration");
        var curDed = proc.Child("CurrentDedicatedProcessorConfiguration");
        return new PartitionView
        {
            Uuid = e.Str("PartitionUUID") ?? e.Child("Metadata").Child("Atom").Str("AtomID") ?? "",
            Name = e.Str("PartitionName") ?? "",
            Id = e.Int("PartitionID") ?? 0,
            State = e.Str("PartitionState") ?? "unknown",
            Type = e.Str("PartitionType") ?? "",
            RmcState = e.Str("ResourceMonitoringControlState") ?? "",
            Dedicated = dedicated,
            DesiredUnits = shared.Dec("DesiredProcessingUnits") ?? 0,
            MinimumUnits = shared.Dec("MinimumProcessingUnits") ?? 0,
            MaximumUnits = shared.Dec("MaximumProcessingUnits") ?? 0,
            DesiredProcessors = dedicated ? ded.Int("DesiredProcessors") ?? 0 : shared.Int("DesiredVirtualProcessors") ?? 0,
            MinimumProcessors = dedicated ? ded.Int("MinimumProcessors") ?? 0 : shared.Int("MinimumVirtualProcessors") ?? 0,
            MaximumProcessors = dedicated ? ded.Int("MaximumProcessors") ?? 0 : shared.Int("MaximumVirtualProcessors") ?? 0,
            UncappedWeight = shared.Int("UncappedWeight") ?? 0,
            SharingMode = proc.Str("SharingMode") ?? "",
            PoolId = shared.Int("SharedProcessorPoolID") ?? 0,
            CurrentUnits = curShared.Dec("CurrentProcessingUnits") ?? 0,
            CurrentProcessors = dedicated ? curDed.Int("CurrentProcessors") ?? 0 : curShared.Int("AllocatedVirtualProcessors") ?? 0,
            DesiredMemory = mem.Long("DesiredMemory") ?? 0,
            MinimumMemory = mem.Long("MinimumMemory") ?? 0,
            MaximumMemory = mem.Long("MaximumMemory") ?? 0,
            CurrentMemory = mem.Long("CurrentMemory") ?? 0,
            ETag = etag,
            Element = e,
        };
    }
}
