using System.Globalization;

namespace PowerDrivers.Hardware.Power8;

/// <summary>Why a request did not fit: which resource, how much was asked, how much is available, in which unit.</summary>
/// <param name="Resource">The resource that ran short.</param>
/// <param name="Requested">Amount requested (for a resize: the new total of the reservation).</param>
/// <param name="Available">Amount available to this request (for a resize: free plus what the reservation already holds).</param>
/// <param name="Unit">Unit of both amounts: <c>cores</c>, <c>processing units</c>, <c>vCPUs</c>, <c>MB</c>, <c>slots</c>, <c>partitions</c>.</param>
/// <param name="Detail">Extra explanation (e.g. the hardware page table share, or who owns a slot), or empty.</param>
public sealed record CapacityShortfall(CapacityResource Resource, decimal Requested, decimal Available, string Unit, string Detail)
{
    /// <summary>One line for logs and error messages, e.g. <c>memory: requested 4352 MB, available 2048 MB (...)</c>.</summary>
    public string Message =>
        $"{Name(Resource)}: requested {Format(Requested)} {Unit}, available {Format(Available)} {Unit}"
        + (Detail.Length == 0 ? string.Empty : $" ({Detail})");

    /// <inheritdoc />
    public override string ToString() => Message;

    private string Format(decimal value) =>
        value.ToString(Resource == CapacityResource.ProcessingUnits ? "0.00" : "0.##", CultureInfo.InvariantCulture);

    private static string Name(CapacityResource resource) => resource switch
    {
        CapacityResource.DedicatedCores => "dedicated cores",
        CapacityResource.ProcessingUnits => "processing units",
        CapacityResource.VirtualCpus => "virtual CPUs",
        CapacityResource.Memory => "memory",
        CapacityResource.Slot => "PCIe slot",
        _ => "partitions",
    };
}
