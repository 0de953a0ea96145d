using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Grpc.Hosting;
using PowerDrivers.Hardware.Power8;

namespace PowerDrivers.Driver.Grpc.Backends;

/// <summary>Builds the configured hosts from hardware profiles at start-up and describes their capacity.</summary>
public static class HostInventory
{
    /// <summary>The firmware each backend kind runs on.</summary>
    public static readonly IReadOnlyDictionary<string, Firmware> BackendFirmware = new Dictionary<string, Firmware>(StringComparer.Ordinal)
    {
        ["powervm"] = Firmware.Phyp,
        ["powerkvm"] = Firmware.Opal,
    };

    /// <summary>
    /// Validates the host list and builds each managed system; throws <see cref="Hosting.DriverConfigurationException"/> naming the
    /// host and the setting at fault (unknown profile, firmware the profile cannot run, backend/firmware mismatch, duplicates).
    /// </summary>
    public static IReadOnlyList<BackendHost> Build(DriverOptions options, ProfileCatalog catalog, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(catalog);
        if (options.Hosts.Count == 0)
        {
            throw new DriverConfigurationException("Driver:Hosts is empty: configure at least one host (name, profile, firmware)");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<BackendHost>();
        for (var i = 0; i < options.Hosts.Count; i++)
        {
            var h = options.Hosts[i];
            var where = $"Driver:Hosts:{i}";
            if (string.IsNullOrWhiteSpace(h.Name))
            {
                throw new DriverConfigurationException($"{where}:Name is required");
            }

            if (!seen.Add(h.Name))
            {
                throw new DriverConfigurationException($"{where}:Name '{h.Name}' is used by another host");
            }

            var firmware = h.Firmware.ToLowerInvariant() switch
            {
                "phyp" => Firmware.Phyp,
                "opal" => Firmware.Opal,
                _ => throw new DriverConfigurationException($"{where}:Firmware must be phyp or opal (got '{h.Firmware}')"),
            };
            var backend = h.Backend.Length == 0 ? (firmware == Firmware.Phyp ? "powervm" : "powerkvm") : h.Backend.ToLowerInvariant();
            if (!BackendFirmware.TryGetValue(backend, out var needed))
            {
                throw new DriverConfigurationException($"{where}:Backend must be powervm or powerkvm (got '{h.Backend}')");
            }

            if (needed != firmware)
            {
                throw new DriverConfigurationException($"{where}: backend {backend} runs on {needed.ToString().ToLowerInvariant()} firmware, not {h.Firmware}");
            }

            HardwareProfile profile;
            try
            {
                profile = catalog.Get(h.Profile);
            }
            catch (Exception ex) when (ex is KeyNotFoundException or ArgumentException)
            {
                throw new DriverConfigurationException($"{where}:Profile: {ex.Message}", ex);
            }

            var serial = h.Serial.Length > 0 ? h.Serial : ManagedSystem.SerialFor(h.Name);
            ManagedSystem system;
            try
            {
                system = new ManagedSystem(profile, firmware, h.Name, serial);
            }
            catch (FirmwareNotSupportedException ex)
            {
                throw new DriverConfigurationException($"{where} ({h.Name}): {ex.Message}", ex);
            }

            var zone = h.AvailabilityZone.Length > 0 ? h.AvailabilityZone : backend;
            var hostData = Path.Combine(dataDirectory, "hosts", h.Name);
            Directory.CreateDirectory(hostData);
            result.Add(new BackendHost(h.Name, backend, zone, system, new Fsp(system, Path.Combine(dataDirectory, "nvram")), hostData));
        }

        return result;
    }
}
