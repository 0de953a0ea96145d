using Grpc.Core;
using PowerDrivers.Parity.Matrix;
using PowerDrivers.Parity.Support;
using Api = PowerDrivers.V1;

namespace PowerDrivers.Parity.Scenarios;

/// <summary>
/// Features the API has no call or spec field for yet: the cells read HostService (Capabilities flag + Unsupported reason, host
/// inventory) and, for migration, show that the RPC is absent from the served API.
/// </summary>
internal static class PlatformScenarios
{
    private const string NoMigrationRpc = "no migration RPC yet — brought by a later issue (LPM / libvirt migration)";

    public static IEnumerable<Scenario> All =>
    [
        new("sr_iov", "SR-IOV logical ports (no API knob: Capabilities only)", p => DeclaredAsync(p, "sr_iov", c => c.SrIov, "no SR-IOV knob in the API")),
        new("shared_storage_pools", "Shared storage pools: Capabilities, then a volume created on the host's storage", IoScenarios.SharedStoragePoolAsync),
        new("pci_passthrough", "PCI passthrough / physical slot assignment (host reports its PCIe slots; no assignment RPC)", PciAsync),
        new("live_migration", "Live migration (LPM / libvirt migration)", MigrationAsync),
    ];

    /// <summary>
    /// A capability-backed cell: ✗ with the reason when the flag is false (the reason from Capabilities.unsupported), partial when
    /// the flag is true but no call can exercise the feature.
    /// </summary>
    public static async Task<Cell> DeclaredAsync(Probe p, string feature, Func<Api.Capabilities, bool> flag, string why)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(flag);
        await p.CapabilityAsync("capabilities", feature, flag);
        var caps = await p.CapabilitiesAsync();
        var reason = Probe.UnsupportedReason(caps, feature);
        if (flag(caps))
        {
            return p.Cell(Verdict.Partial, $"{why}; Capabilities declares {feature}=true", Evidence.Capabilities);
        }

        return p.Cell(Verdict.No, $"{why}; Capabilities: {feature}=false — {reason ?? "no reason given"}", Evidence.Capabilities);
    }

    private static async Task<Cell> PciAsync(Probe p)
    {
        var host = await p.HostAsync();
        await p.ReadAsync("GetHost PCIe slots", () => Task.FromResult($"{host.PcieSlots} PCIe slots, {host.FreePcieSlots} free"));
        var cell = await DeclaredAsync(p, "pci_passthrough", c => c.PciPassthrough,
            $"no RPC assigns a slot yet; the host reports {host.PcieSlots} PCIe slots ({host.FreePcieSlots} free)");
        return cell;
    }

    private static async Task<Cell> MigrationAsync(Probe p)
    {
        var method = new Method<byte[], byte[]>(MethodType.Unary, "powerdrivers.v1.ComputeService", "MigrateInstance",
            Marshallers.Create(b => b, b => b), Marshallers.Create(b => b, b => b));
        var call = await p.ReadAsync("call powerdrivers.v1.ComputeService/MigrateInstance", async () =>
        {
            await p.Invoker.AsyncUnaryCall(method, null, default, []);
            return "answered";
        });
        var listed = Api.ComputeService.Descriptor.Methods.Any(m => m.Name.Contains("Migrat", StringComparison.Ordinal));
        await p.ReadAsync("ComputeService methods", () => Task.FromResult(listed ? "a migration method is listed" : "no migration method in the contract"));
        await p.CapabilityAsync("capabilities", "live_migration", c => c.LiveMigration);
        var caps = await p.CapabilitiesAsync();
        var reason = Probe.UnsupportedReason(caps, "live_migration") ?? Probe.UnsupportedReason(caps, "migration");
        if (call.Ok || listed)
        {
            return p.Cell(Verdict.Partial, "a migration RPC exists: the parity scenario must exercise it");
        }

        return p.Cell(Verdict.No, $"{NoMigrationRpc}; MigrateInstance answers {call.Code}; Capabilities: live_migration={(caps.LiveMigration ? "true" : "false")}{(reason is null ? "" : $" — {reason}")}");
    }
}
