using System.Globalization;
using System.Numerics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PowerDrivers.Hardware.Power8;

/// <summary>Turns one YAML profile into a validated <see cref="HardwareProfile"/>; every error names file, line and field.</summary>
internal static class ProfileParser
{
    private const int MinLmbMb = 16;
    private const int MaxLmbMb = 256;

    public static HardwareProfile Parse(string file, string yaml, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            throw new HardwareProfileException(file, checked((int)ex.Start.Line), null, $"not valid YAML: {ex.Message}", ex);
        }
        catch (InvalidOperationException ex)
        {
            // YamlDotNet's scanner reports some truncated input (e.g. an unclosed flow list) without a position.
            var lastLine = yaml.TrimEnd().Count(c => c == '\n') + 1;
            throw new HardwareProfileException(file, lastLine, null, "not valid YAML: unexpected end of input (an unclosed list or mapping?)", ex);
        }

        if (stream.Documents.Count != 1)
        {
            throw new HardwareProfileException(file, 0, null, $"must hold exactly one YAML document (found {stream.Documents.Count})");
        }

        var r = new ProfileYamlReader(file, stream.Documents[0].RootNode, string.Empty);
        var profile = new HardwareProfile
        {
            Model = r.RequiredString("model"),
            MachineType = r.RequiredString("machine_type"),
            ModelCode = r.RequiredString("model_code"),
            Description = r.OptionalString("description", string.Empty),
            Nodes = r.OptionalPositiveInt("nodes", 1),
            Sockets = r.RequiredPositiveInt("sockets"),
            CoresPerSocket = r.RequiredPositiveInt("cores_per_socket"),
            FrequencyGhz = r.RequiredPositiveDouble("frequency_ghz"),
            SmtThreads = r.RequiredPositiveInt("smt_threads"),
            InstalledCores = r.RequiredPositiveInt("installed_cores"),
            ActivatedCores = r.RequiredPositiveInt("activated_cores"),
            InstalledMemoryMb = r.RequiredPositiveLong("installed_memory_mb"),
            ActivatedMemoryMb = r.RequiredPositiveLong("activated_memory_mb"),
            MaxMemoryMb = r.RequiredPositiveLong("max_memory_mb"),
            LmbSizeMb = r.RequiredPositiveInt("lmb_size_mb"),
            MaxPartitions = r.RequiredPositiveInt("max_partitions"),
            MaxVirtualProcessorsPerPartition = r.RequiredPositiveInt("max_virtual_processors_per_partition"),
            ProcessorCompatibilityModes = [.. r.RequiredStringList("processor_compatibility_modes").Select(x => x.Value)],
            SupportedFirmware = ParseFirmware(r),
            ServiceProcessor = ParseServiceProcessor(r),
            PcieSlots = ParseSlots(r),
            Source = source,
        };
        r.RejectUnknown();
        Validate(r, profile);
        return profile;
    }

    private static List<Firmware> ParseFirmware(ProfileYamlReader r)
    {
        var result = new List<Firmware>();
        foreach (var (node, value) in r.RequiredStringList("supported_firmware"))
        {
            var firmware = value switch
            {
                "phyp" => Firmware.Phyp,
                "opal" => Firmware.Opal,
                _ => throw r.Fail(node, r.Path("supported_firmware"), $"must be phyp or opal (got '{value}')"),
            };
            if (result.Contains(firmware))
            {
                throw r.Fail(node, r.Path("supported_firmware"), $"lists '{value}' twice");
            }

            result.Add(firmware);
        }

        return result.Contains(Firmware.Phyp)
            ? result
            : throw r.FailField("supported_firmware", "must include phyp (every POWER8 model runs PowerVM)");
    }

    private static ServiceProcessorProfile ParseServiceProcessor(ProfileYamlReader r)
    {
        var fsp = new ProfileYamlReader(r.File, r.Required("fsp"), "fsp.");
        var result = new ServiceProcessorProfile(fsp.RequiredString("firmware_level"));
        fsp.RejectUnknown();
        return result;
    }

    private static List<PcieSlot> ParseSlots(ProfileYamlReader r)
    {
        var slots = new List<PcieSlot>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var items = r.RequiredSequence("pcie_slots");
        for (var i = 0; i < items.Count; i++)
        {
            var s = new ProfileYamlReader(r.File, items[i], $"pcie_slots[{i}].");
            var location = s.RequiredString("location");
            if (!seen.Add(location))
            {
                throw s.FailField("location", $"location code '{location}' is used by another slot");
            }

            var generation = s.RequiredPositiveInt("generation");
            var adapter = s.Optional("adapter") is { } a ? ParseAdapter(new ProfileYamlReader(r.File, a, $"pcie_slots[{i}].adapter.")) : null;
            s.RejectUnknown();
            slots.Add(new PcieSlot(location, generation, adapter));
        }

        return slots;
    }

    private static PcieAdapter ParseAdapter(ProfileYamlReader a)
    {
        var kindText = a.RequiredString("kind");
        var kind = kindText switch
        {
            "ethernet" => AdapterKind.Ethernet,
            "fibre-channel" => AdapterKind.FibreChannel,
            "sas" => AdapterKind.Sas,
            _ => throw a.FailField("kind", $"must be ethernet, fibre-channel or sas (got '{kindText}')"),
        };
        var ports = a.RequiredPositiveInt("ports");
        var speed = a.RequiredPositiveInt("speed_gbps");
        var npiv = a.OptionalBool("npiv", false);
        if (npiv && kind != AdapterKind.FibreChannel)
        {
            throw a.FailField("npiv", $"only fibre-channel adapters support NPIV (this one is {kindText})");
        }

        var description = a.OptionalString("description", string.Empty);
        a.RejectUnknown();
        return new PcieAdapter(kind, ports, speed, npiv, description);
    }

    private static void Validate(ProfileYamlReader r, HardwareProfile p)
    {
        void Check(bool ok, string field, string problem)
        {
            if (!ok)
            {
                throw r.FailField(field, problem);
            }
        }

        static string N(long v) => v.ToString(CultureInfo.InvariantCulture);

        Check(p.MachineType.Length == 4 && p.MachineType.All(char.IsAsciiDigit), "machine_type", $"must be four digits (got '{p.MachineType}')");
        Check(p.ModelCode.Length == 3 && p.ModelCode.All(char.IsAsciiLetterOrDigit), "model_code", $"must be three letters or digits (got '{p.ModelCode}')");
        Check(p.Sockets % p.Nodes == 0, "sockets", $"must be a multiple of nodes ({N(p.Nodes)}) (got {N(p.Sockets)})");
        Check(p.SmtThreads is 1 or 2 or 4 or 8, "smt_threads", $"must be 1, 2, 4 or 8 (got {N(p.SmtThreads)})");
        Check(p.InstalledCores == p.Sockets * p.CoresPerSocket, "installed_cores",
            $"must equal sockets × cores_per_socket = {N(p.Sockets * p.CoresPerSocket)} (got {N(p.InstalledCores)})");
        Check(p.ActivatedCores <= p.InstalledCores, "activated_cores",
            $"must not exceed installed_cores ({N(p.InstalledCores)}) (got {N(p.ActivatedCores)})");
        Check(p.LmbSizeMb is >= MinLmbMb and <= MaxLmbMb && BitOperations.IsPow2(p.LmbSizeMb), "lmb_size_mb",
            $"must be a power of two in {MinLmbMb}..{MaxLmbMb} (got {N(p.LmbSizeMb)})");
        foreach (var (field, value) in new[]
        {
            ("installed_memory_mb", p.InstalledMemoryMb), ("activated_memory_mb", p.ActivatedMemoryMb), ("max_memory_mb", p.MaxMemoryMb),
        })
        {
            Check(value % p.LmbSizeMb == 0, field, $"must be a multiple of lmb_size_mb ({N(p.LmbSizeMb)}) (got {N(value)})");
        }

        Check(p.ActivatedMemoryMb <= p.InstalledMemoryMb, "activated_memory_mb",
            $"must not exceed installed_memory_mb ({N(p.InstalledMemoryMb)}) (got {N(p.ActivatedMemoryMb)})");
        Check(p.InstalledMemoryMb <= p.MaxMemoryMb, "installed_memory_mb",
            $"must not exceed max_memory_mb ({N(p.MaxMemoryMb)}) (got {N(p.InstalledMemoryMb)})");
        Check(p.ProcessorCompatibilityModes.Contains("default", StringComparer.Ordinal), "processor_compatibility_modes", "must include 'default'");
    }
}
