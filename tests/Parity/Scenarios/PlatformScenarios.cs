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
    private const string Pending = "pending: issue 8 brings the RPC";
    private const string NoMigrationRpc = "no migration RPC yet — brought by a later issue (LPM / libvirt migration)";

    public static IEnumerable<Scenario> All =>
    [
        new("sr_iov", "SR-IOV logical ports (no API knob: Capabilities only)", p => DeclaredAsync(p, "sr_iov", "no SR-IOV knob in the API")),
        new("shared_storage_pools", "Shared storage pools (no API knob: Capabilities only)", p => DeclaredAsync(p, "shared_storage_pool", "no shared storage pool knob in the API")),
        new("pci_passthrough", "PCI passthrough / physical slot assignment (host reports its PCIe slots; no assignment RPC)", PciAsync),
        new("live_migration", "Live migration (LPM / libvirt migration)", MigrationAsync),
    ];

    /// <summary>The I/O rows issue 8's RPCs will exercise; until then Capabilities only.</summary>
    public static IEnumerable<Scenario> PendingIo =>
    [
        new("npiv", "NPIV (virtual Fibre Channel) volume attachment", p => DeclaredAsync(p, "npiv", Pending)),
        new("thin_provisioning", "Thin-provisioned volumes (THIN vs THICK)", p => DeclaredAsync(p, "thin_provisioning", Pending)),
        new("adapter_hot_plug", "Virtual adapters added / removed live (DLPAR / device hot plug)", p => DeclaredAsync(p, "device_hot_plug", Pending)),
    ];

    /// <summary>A capability-backed cell: ✗ with the reason when the host lists the feature as unsupported, else partial.</summary>
    public static async Task<Cell> DeclaredAsync(Probe p, string feature, string why)
    {
        ArgumentNullException.ThrowIfNull(p);
        await p.CapabilityAsync("capabilities", feature);
        var reason = Probe.UnsupportedReason(await p.CapabilitiesAsync(), feature);
        return reason is null
            ? p.Cell(Verdict.Partial, $"{why}; Capabilities does not list {feature} as unsupported", Evidence.Capabilities)
            : p.Cell(Verdict.No, $"{why}; Capabilities: unsupported — {reason}", Evidence.Capabilities);
    }

    private static async Task<Cell> PciAsync(Probe p)
    {
        var host = await p.HostAsync();
        await p.ReadAsync("GetHost PCIe slots", () => Task.FromResult($"{host.PcieSlots} PCIe slots, {host.FreePcieSlots} free"));
        await p.CapabilityAsync("capabilities", "pci_passthrough");
        var reason = Probe.UnsupportedReason(await p.CapabilitiesAsync(), "pci_passthrough");
        return reason is null
            ? p.Cell(Verdict.Partial, $"the host reports {host.PcieSlots} PCIe slots ({host.FreePcieSlots} free); no RPC assigns a slot yet; Capabilities lists no refusal", Evidence.Capabilities)
            : p.Cell(Verdict.No, $"Capabilities: unsupported — {reason}", Evidence.Capabilities);
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
        await p.CapabilityAsync("capabilities", "migration");
        var reason = Probe.UnsupportedReason(await p.CapabilitiesAsync(), "migration");
        if (call.Ok || listed)
        {
            return p.Cell(Verdict.Partial, "a migration RPC exists: the parity scenario must exercise it");
        }

        return p.Cell(Verdict.No, $"{NoMigrationRpc}; MigrateInstance answers {call.Code}{(reason is null ? "" : $"; Capabilities: {reason}")}");
    }
}
