using PowerDrivers.Compat.Nova.Hosting;
using Api = PowerDrivers.V1;

namespace PowerDrivers.Compat.Nova.Compute;

/// <summary>
/// Host selection as Nova's scheduler filters do it: operating hosts only; the availability zone (<c>zone</c>,
/// <c>zone:host</c> or <c>:host</c>); the flavor's <c>capabilities:hypervisor_type</c> (<c>phyp</c> for PHYP
/// firmware, <c>QEMU</c> for OPAL); then free memory for the flavor (RAM filter), most free memory first (RAM weigher).
/// The driver still admits the spec against its own rules and capacity.
/// </summary>
internal static class Placement
{
    public static string HypervisorType(Api.Host host) => host.Firmware == Api.Firmware.Phyp ? "phyp" : "QEMU";

    /// <summary>The host's zone; a host that reports none is in its backend's zone (the driver's configuration rule).</summary>
    public static string Zone(Api.Host host) => host.AvailabilityZone.Length > 0 ? host.AvailabilityZone : BackendName(host) ?? "nova";

    /// <summary>The host's backend as the driver names it ("powervm", "powerkvm"), or null when it reports none.</summary>
    public static string? BackendName(Api.Host host) =>
        host.Backend switch { Api.BackendKind.Powervm => "powervm", Api.BackendKind.Powerkvm => "powerkvm", _ => null };

    public static Api.Host Choose(IEnumerable<Api.Host> hosts, string? availabilityZone, Flavor flavor)
    {
        var candidates = hosts.ToList();
        string? wantedHost = null;
        if (!string.IsNullOrEmpty(availabilityZone))
        {
            var colon = availabilityZone.IndexOf(':', StringComparison.Ordinal);
            var zone = colon >= 0 ? availabilityZone[..colon] : availabilityZone;
            wantedHost = colon >= 0 ? availabilityZone[(colon + 1)..] : null;
            if (zone.Length > 0)
            {
                if (!candidates.Any(h => Zone(h) == zone))
                {
                    throw NovaFault.BadRequest($"The requested availability zone is not available");
                }

                candidates = candidates.Where(h => Zone(h) == zone).ToList();
            }

            if (!string.IsNullOrEmpty(wantedHost))
            {
                candidates = candidates.Where(h => h.Name == wantedHost).ToList();
                if (candidates.Count == 0)
                {
                    throw NovaFault.BadRequest($"Compute host {wantedHost} could not be found.");
                }
            }
        }

        if (flavor.ExtraSpecs.TryGetValue("capabilities:hypervisor_type", out var type))
        {
            candidates = candidates.Where(h => string.Equals(HypervisorType(h), Normalize(type), StringComparison.OrdinalIgnoreCase)).ToList();
        }

        var operating = candidates.Where(h => h.Status == Api.HostStatus.Operating).ToList();
        if (operating.Count == 0)
        {
            var why = string.Join("; ", candidates.Where(h => h.StatusReason.Length > 0).Select(h => $"{h.Name}: {h.StatusReason}"));
            throw NovaFault.BadRequest("No valid host was found. There are not enough hosts available." + (why.Length > 0 ? " " + why : ""));
        }

        var fitting = operating
            .Select(h => (Host: h, Memory: FlavorSpecMapper.Map(flavor, h).Memory.DesiredMb))
            .Where(x => x.Host.Memory is null || x.Host.Memory.FreeMb >= x.Memory)
            .OrderByDescending(x => x.Host.Memory?.FreeMb ?? 0)
            .ThenBy(x => x.Host.Name, StringComparer.Ordinal)
            .Select(x => x.Host)
            .FirstOrDefault();
        return fitting ?? throw NovaFault.Forbidden("No valid host was found. There are not enough hosts available.");
    }

    private static string Normalize(string type) => type.ToUpperInvariant() is "KVM" or "QEMU" ? "QEMU" : type;
}
