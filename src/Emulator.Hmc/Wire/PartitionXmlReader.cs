using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using PowerDrivers.Emulator.Hmc.Model;

namespace PowerDrivers.Emulator.Hmc.Wire;

/// <summary>
/// Reads a LogicalPartition (or VirtualIOServer) body a client PUTs or POSTs — the bare uom element or an Atom entry
/// wrapping it — into a <see cref="PartitionDefinition"/>. Elements the client leaves out keep the values of
/// <c>baseline</c> (an update) or the HMC defaults (a create). Values are never rounded: a malformed one is refused.
/// </summary>
internal static class PartitionXmlReader
{
    public static XElement Parse(string body, string expected)
    {
        XElement root;
        try
        {
            root = XElement.Parse(body);
        }
        catch (XmlException ex)
        {
            throw new HmcException(Hscl.BadRequest, $"The request body is not well-formed XML: {ex.Message}");
        }

        var element = root.Name.LocalName == expected ? root : root.Descendants().FirstOrDefault(e => e.Name.LocalName == expected);
        return element ?? throw new HmcException(Hscl.BadRequest, $"The request body does not contain a {expected} element.");
    }

    public static PartitionDefinition Read(XElement e, PartitionDefinition? baseline)
    {
        var proc = Child(e, "PartitionProcessorConfiguration");
        var mem = Child(e, "PartitionMemoryConfiguration");
        var old = baseline;
        var dedicated = Bool(proc, "HasDedicatedProcessors") ?? old?.Processors.Dedicated ?? false;
        var oldProc = old?.Processors is { } op && op.Dedicated == dedicated ? op : null;
        ProcessorSettings processors;
        if (dedicated)
        {
            var ded = Child(proc, "DedicatedProcessorConfiguration");
            processors = ProcessorSettings.DedicatedCores(
                Int(ded, "MinimumProcessors") ?? oldProc?.MinimumProcessors ?? 1,
                Int(ded, "DesiredProcessors") ?? oldProc?.DesiredProcessors ?? 1,
                Int(ded, "MaximumProcessors") ?? oldProc?.MaximumProcessors ?? 1) with
            {
                DedicatedSharingMode = Text(proc, "SharingMode") ?? oldProc?.DedicatedSharingMode ?? "sre idle proces",
            };
        }
        else
        {
            var shr = Child(proc, "SharedProcessorConfiguration");
            var mode = Text(proc, "SharingMode");
            if (mode is not (null or "capped" or "uncapped"))
            {
                throw Hscl.Value($"The sharing mode '{mode}' is not valid for shared processors; use capped or uncapped.");
            }

            processors = ProcessorSettings.Shared(
                Centi(shr, "MinimumProcessingUnits") ?? oldProc?.MinimumUnitsCenti ?? 10,
                Centi(shr, "DesiredProcessingUnits") ?? oldProc?.DesiredUnitsCenti ?? 10,
                Centi(shr, "MaximumProcessingUnits") ?? oldProc?.MaximumUnitsCenti ?? 10,
                Int(shr, "MinimumVirtualProcessors") ?? oldProc?.MinimumVirtualProcessors ?? 1,
                Int(shr, "DesiredVirtualProcessors") ?? oldProc?.DesiredVirtualProcessors ?? 1,
                Int(shr, "MaximumVirtualProcessors") ?? oldProc?.MaximumVirtualProcessors ?? 1,
                mode is null ? oldProc?.Uncapped ?? true : mode == "uncapped",
                Int(shr, "UncappedWeight") ?? oldProc?.UncappedWeight ?? 128,
                Int(shr, "SharedProcessorPoolID") ?? oldProc?.PoolId ?? 0);
        }

        var memory = new MemorySettings(
            Long(mem, "MinimumMemory") ?? old?.Memory.MinimumMb ?? 1024,
            Long(mem, "DesiredMemory") ?? old?.Memory.DesiredMb ?? 1024,
            Long(mem, "MaximumMemory") ?? old?.Memory.MaximumMb ?? 1024);
        var name = Text(e, "PartitionName") ?? old?.Name;
        return new PartitionDefinition
        {
            Uuid = old?.Uuid ?? Text(e, "PartitionUUID") ?? string.Empty,
            Id = Int(e, "PartitionID") ?? old?.Id ?? 0,
            Name = name ?? throw new HmcException(Hscl.InvalidName, "A partition name is required."),
            Type = Text(e, "PartitionType") ?? old?.Type ?? PartitionDefinition.AixLinux,
            Processors = processors,
            Memory = memory,
            AvailabilityPriority = Int(e, "AvailabilityPriority") ?? old?.AvailabilityPriority ?? 127,
            CompatibilityMode = Text(e, "PendingProcessorCompatibilityMode") ?? old?.CompatibilityMode ?? "default",
            ExpansionFactor = ExpansionFactor(mem) ?? old?.ExpansionFactor ?? 0,
            SharedMemory = Bool(mem, "SharedMemoryEnabled") ?? old?.SharedMemory ?? false,
            MemoryWeight = Int(mem, "MemoryWeight") ?? old?.MemoryWeight ?? 0,
            Slots = old?.Slots ?? [],
        };
    }

    private static XElement? Child(XElement? parent, string name) =>
        parent?.Elements().FirstOrDefault(c => c.Name.LocalName == name);

    private static string? Text(XElement? parent, string name) =>
        Child(parent, name) is { } c && c.Value.Trim() is { Length: > 0 } v ? v : null;

    private static bool? Bool(XElement? parent, string name) => Text(parent, name) switch
    {
        null => null,
        "true" => true,
        "false" => false,
        var v => throw Hscl.Value($"The value '{v}' of {name} is not a boolean."),
    };

    private static int? Int(XElement? parent, string name) =>
        Text(parent, name) is { } v
            ? int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : throw Hscl.Value($"The value '{v}' of {name} is not a whole number.")
            : null;

    private static long? Long(XElement? parent, string name) =>
        Text(parent, name) is { } v
            ? long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : throw Hscl.Value($"The value '{v}' of {name} is not a whole number of MB.")
            : null;

    /// <summary>The AME factor; <c>ActiveMemoryExpansionEnabled=false</c> turns it off whatever the factor says.</summary>
    private static decimal? ExpansionFactor(XElement? mem)
    {
        if (Bool(mem, "ActiveMemoryExpansionEnabled") == false)
        {
            return 0;
        }

        if (Text(mem, "ExpansionFactor") is not { } v)
        {
            return null;
        }

        return decimal.TryParse(v, NumberStyles.Number, CultureInfo.InvariantCulture, out var factor)
            ? factor
            : throw Hscl.Value($"The value '{v}' of ExpansionFactor is not a number.");
    }

    private static int? Centi(XElement? parent, string name)
    {
        if (Text(parent, name) is not { } v)
        {
            return null;
        }

        if (!decimal.TryParse(v, NumberStyles.Number, CultureInfo.InvariantCulture, out var units))
        {
            throw Hscl.Value($"The value '{v}' of {name} is not a number of processing units.");
        }

        var centi = units * 100m;
        if (units < 0 || centi != decimal.Truncate(centi) || centi > 100_000)
        {
            throw Hscl.Value($"The value {v} of {name} is not valid: processing units are specified in increments of 0.01.");
        }

        return (int)centi;
    }
}
