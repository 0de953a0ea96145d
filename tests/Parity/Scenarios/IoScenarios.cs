using PowerDrivers.Parity.Matrix;
using PowerDrivers.Parity.Support;
using Api = PowerDrivers.V1;

namespace PowerDrivers.Parity.Scenarios;

/// <summary>
/// Virtual I/O: thin/thick volumes, a volume attached by each attachment kind (while stopped) and live (default kind), an
/// interface attached live and while stopped. While the server does not serve an RPC yet (UNIMPLEMENTED without an ErrorInfo), the cell falls back to
/// Capabilities and says the RPC is pending.
/// </summary>
internal static class IoScenarios
{
    private const string Pending = "pending: issue 8 brings the RPC";

    public static IEnumerable<Scenario> All =>
    [
        new("thin_provisioning", "Thin provisioning: a 20 GB THIN volume and a 20 GB THICK volume on the host", ThinAsync),
        new("volume_vscsi", "Volume attached as VSCSI (VIOS virtual SCSI) to a stopped instance, which then starts", p => AttachAsync(p, Api.AttachmentKind.Vscsi, "vscsi")),
        new("npiv", "NPIV: volume attached as virtual Fibre Channel (NPIV) to a stopped instance, which then starts", p => AttachAsync(p, Api.AttachmentKind.Npiv, "npiv")),
        new("volume_virtio_blk", "Volume attached as VIRTIO_BLK to a stopped instance, which then starts", p => AttachAsync(p, Api.AttachmentKind.VirtioBlk, "virtio_blk")),
        new("volume_virtio_scsi", "Volume attached as VIRTIO_SCSI to a stopped instance, which then starts", p => AttachAsync(p, Api.AttachmentKind.VirtioScsi, "virtio_scsi")),
        new("volume_attach_live", "Volume attached to and detached from a running instance, the backend's default kind (DLPAR / disk hot plug)", LiveVolumeAsync),
        new("interface_attach_live", "Network interface added to a running instance (DLPAR virtual Ethernet / NIC hot plug)", p => InterfaceAsync(p, live: true)),
        new("interface_attach_stopped", "Network interface added to a stopped instance, then started", p => InterfaceAsync(p, live: false)),
    ];

    /// <summary>The server has no such method yet (UNIMPLEMENTED without the driver's ErrorInfo), as opposed to a backend refusal.</summary>
    private static bool NotServed(StepRecord s) => !s.Ok && s.Code == "UNIMPLEMENTED" && string.IsNullOrEmpty(s.Reason);

    private static Task<Cell> PendingAsync(Probe p, string feature, Func<Api.Capabilities, bool> flag, string rpc) =>
        PlatformScenarios.DeclaredAsync(p, feature, flag, $"{Pending} ({rpc} is not served yet)");

    private static async Task<Cell> ThinAsync(Probe p)
    {
        await p.CapabilityAsync("capabilities", "thin_provisioning", c => c.ThinProvisioning);
        var (thin, thinId) = await p.CreateVolumeAsync("create 20 GB THIN volume", "thin-" + p.Backend, 20, Api.Provisioning.Thin);
        if (NotServed(thin))
        {
            return await PendingAsync(p, "thin_provisioning", c => c.ThinProvisioning, "VolumeService.CreateVolume");
        }

        var (thick, _) = await p.CreateVolumeAsync("create 20 GB THICK volume", "thick-" + p.Backend, 20, Api.Provisioning.Thick);
        var thickWords = thick.Ok ? $"THICK: {thick.Observed}" : $"THICK refused {thick.RefusalWords()}: {thick.Message}";
        if (thinId is null)
        {
            return p.Cell(thick.Ok ? Verdict.Partial : Verdict.No, $"THIN refused {thin.RefusalWords()}: {thin.Message}; {thickWords}");
        }

        return p.Cell(thin.Observed?.Contains("THIN", StringComparison.Ordinal) == true ? Verdict.Yes : Verdict.Partial, $"THIN: {thin.Observed}; {thickWords}");
    }

    private static async Task<Cell> AttachAsync(Probe p, Api.AttachmentKind kind, string feature)
    {
        var word = Words.Upper(kind);
        bool Flag(Api.Capabilities c) => c.VolumeAttachmentKinds.Contains(kind);
        await p.ReadAsync("capabilities", async () =>
        {
            var caps = await p.CapabilitiesAsync();
            var kinds = caps.VolumeAttachmentKinds.Count == 0 ? "none" : string.Join(", ", caps.VolumeAttachmentKinds.Select(k => Words.Upper(k)));
            return $"volume_attachment_kinds: {kinds}; live_volume_attach={(caps.LiveVolumeAttach ? "true" : "false")}";
        });
        if (kind == Api.AttachmentKind.Npiv)
        {
            await p.ReadAsync("GetHostIo NPIV ports", async () =>
            {
                var io = await p.Hosts.GetHostIoAsync(new Api.GetHostIoRequest { Name = p.Host });
                var ports = io.Adapters.SelectMany(a => a.Ports).Where(x => x.Npiv).ToList();
                return $"{ports.Count} NPIV-capable Fibre Channel ports (up to {ports.Sum(x => x.NpivMaxClients)} clients)";
            });
        }

        var (volume, volumeId) = await p.CreateVolumeAsync("create 10 GB volume", $"{feature}-{p.Backend}", 10, Api.Provisioning.Thin);
        if (NotServed(volume))
        {
            return await PendingAsync(p, $"{feature}|volume_attachment_kinds|volumes", Flag, "VolumeService.CreateVolume");
        }

        var (create, id) = await p.CreateAsync("create (stopped)", Specs.Small("vol-" + feature.Replace('_', '-')), start: false);
        if (id is null || volumeId is null)
        {
            var why = id is null ? create : volume;
            return p.Cell(Verdict.No, $"set-up refused {why.RefusalWords()}: {why.Message}");
        }

        var attach = await p.IoOperationAsync($"attach as {word} (stopped)", id,
            c => c.AttachVolumeAsync(new Api.AttachVolumeRequest { InstanceId = id, VolumeId = volumeId, Kind = kind }));
        if (NotServed(attach))
        {
            return await PendingAsync(p, $"{feature}|volume_attachment_kinds|volumes", Flag, "ComputeService.AttachVolume");
        }

        if (!attach.Ok)
        {
            return p.Cell(Verdict.No, $"refused {attach.RefusalWords()}: {attach.Message}");
        }

        var start = await p.IoOperationAsync("start", id, c => c.StartInstanceAsync(new Api.StartInstanceRequest { Id = id }));
        await p.ReadAsync("GetHostIo mappings", () => MappingsAsync(p, "vol-" + feature.Replace('_', '-')));
        await p.ReadAsync("volume", async () => Probe.DescribeVolume(await p.Volumes.GetVolumeAsync(new Api.GetVolumeRequest { Id = volumeId })));
        await p.OperationAsync("stop", id, c => c.StopInstanceAsync(new Api.StopInstanceRequest { Id = id, Mode = Api.StopMode.Hard }));
        var detach = await p.IoOperationAsync("detach (stopped)", id, c => c.DetachVolumeAsync(new Api.DetachVolumeRequest { InstanceId = id, VolumeId = volumeId }));
        var shown = start.Ok && start.Observed?.Contains(word, StringComparison.Ordinal) == true && start.Observed.Contains("(running)", StringComparison.Ordinal);
        return p.Cell(shown && detach.Ok ? Verdict.Yes : Verdict.Partial,
            $"attached while stopped, started with it ({start.Observed ?? start.RefusalWords()}); detach {(detach.Ok ? "ok" : $"refused {detach.RefusalWords()}: {detach.Message}")}");
    }

    /// <summary>The client's disk mappings as GetHostIo shows them: kind, I/O server, WWPN count and state (no WWPNs themselves).</summary>
    private static async Task<string> MappingsAsync(Probe p, string client)
    {
        var io = await p.Hosts.GetHostIoAsync(new Api.GetHostIoRequest { Name = p.Host });
        var disks = io.Mappings.Where(m => m.Kind != "virtual-ethernet" && m.Client == client).OrderBy(m => m.Server, StringComparer.Ordinal).ThenBy(m => m.Kind, StringComparer.Ordinal).ToList();
        if (disks.Count == 0)
        {
            return "no disk mappings";
        }

        return string.Join("; ", disks.Select(m => $"{m.Kind} via {m.Server}{(m.Wwpns.Count > 0 ? $" ({m.Wwpns.Count} WWPNs)" : "")}{(m.State.Length > 0 ? $" [{m.State}]" : "")}"));
    }

    /// <summary>Volumes as logical units of a shared storage pool: the capability, then a volume created and attached.</summary>
    public static async Task<Cell> SharedStoragePoolAsync(Probe p)
    {
        await p.CapabilityAsync("capabilities", "shared_storage_pools", c => c.SharedStoragePools);
        var caps = await p.CapabilitiesAsync();
        if (!caps.SharedStoragePools)
        {
            return p.Cell(Verdict.No, $"shared_storage_pools=false — {Probe.UnsupportedReason(caps, "shared_storage_pools") ?? "no reason given"}", Evidence.Capabilities);
        }

        var (volume, volumeId) = await p.CreateVolumeAsync("create 10 GB volume", "ssp-" + p.Backend, 10, Api.Provisioning.Thin);
        if (volumeId is null)
        {
            return p.Cell(Verdict.Partial, $"shared_storage_pools=true, but a volume create was refused {volume.RefusalWords()}: {volume.Message}");
        }

        var v = await p.Volumes.GetVolumeAsync(new Api.GetVolumeRequest { Id = volumeId });
        return v.NativeId.Length > 0
            ? p.Cell(Verdict.Yes, $"shared_storage_pools=true; volumes are logical units of the host's shared storage pool ({volume.Observed}, platform id set); no call manages the pool itself")
            : p.Cell(Verdict.Partial, $"shared_storage_pools=true; the volume has no platform id ({volume.Observed})");
    }

    private static async Task<Cell> LiveVolumeAsync(Probe p)
    {
        await p.CapabilityAsync("capabilities", "live_volume_attach", c => c.LiveVolumeAttach);
        var (volume, volumeId) = await p.CreateVolumeAsync("create 10 GB volume", "live-" + p.Backend, 10, Api.Provisioning.Thin);
        if (NotServed(volume))
        {
            return await PendingAsync(p, "live_volume_attach", c => c.LiveVolumeAttach, "VolumeService.CreateVolume");
        }

        var (create, id) = await p.CreateAsync("create, start", Specs.Small("vol-live"), start: true);
        if (id is null || volumeId is null)
        {
            var why = id is null ? create : volume;
            return p.Cell(Verdict.No, $"set-up refused {why.RefusalWords()}: {why.Message}");
        }

        var attach = await p.IoOperationAsync("attach, default kind (running)", id,
            c => c.AttachVolumeAsync(new Api.AttachVolumeRequest { InstanceId = id, VolumeId = volumeId }));
        if (!attach.Ok)
        {
            return p.Cell(Verdict.No, $"refused {attach.RefusalWords()}: {attach.Message}");
        }

        var detach = await p.IoOperationAsync("detach (running)", id, c => c.DetachVolumeAsync(new Api.DetachVolumeRequest { InstanceId = id, VolumeId = volumeId }));
        var live = attach.Observed?.Contains("(running)", StringComparison.Ordinal) == true;
        return p.Cell(live && detach.Ok ? Verdict.Yes : Verdict.Partial,
            $"attached live ({attach.Observed}); detached live {(detach.Ok ? "ok" : $"refused {detach.RefusalWords()}: {detach.Message}")}");
    }

    private static async Task<Cell> InterfaceAsync(Probe p, bool live)
    {
        var feature = live ? "live_interface_attach" : "interfaces";
        bool Flag(Api.Capabilities c) => live ? c.LiveInterfaceAttach : c.Interfaces;
        await p.CapabilityAsync("capabilities", feature, Flag);
        var vlan = (uint)((live ? 210 : 220) + (p.Backend == "powervm" ? 0 : 1));
        var (network, networkId) = await p.CreateNetworkAsync("create network (VLAN)", $"{(live ? "live" : "off")}-{p.Backend}", vlan);
        if (NotServed(network))
        {
            return await PendingAsync(p, feature, Flag, "NetworkService.CreateNetwork");
        }

        var (create, id) = await p.CreateAsync(live ? "create, start" : "create (stopped)", Specs.Small(live ? "nic-live" : "nic-off"), start: live);
        if (id is null || networkId is null)
        {
            var why = id is null ? create : network;
            return p.Cell(Verdict.No, $"set-up refused {why.RefusalWords()}: {why.Message}");
        }

        var attach = await p.IoOperationAsync(live ? "attach interface (running)" : "attach interface (stopped)", id,
            c => c.AttachInterfaceAsync(new Api.AttachInterfaceRequest { InstanceId = id, NetworkId = networkId }));
        if (NotServed(attach))
        {
            return await PendingAsync(p, feature, Flag, "ComputeService.AttachInterface");
        }

        if (!attach.Ok)
        {
            return p.Cell(Verdict.No, $"refused {attach.RefusalWords()}: {attach.Message}");
        }

        var after = attach;
        if (!live)
        {
            after = await p.IoOperationAsync("start", id, c => c.StartInstanceAsync(new Api.StartInstanceRequest { Id = id }));
        }

        if (!live)
        {
            await p.OperationAsync("stop", id, c => c.StopInstanceAsync(new Api.StopInstanceRequest { Id = id, Mode = Api.StopMode.Hard }));
        }

        var interfaceId = (await p.InstanceAsync(id)).Interfaces.FirstOrDefault()?.Id ?? "";
        var detach = await p.IoOperationAsync(live ? "detach interface (running)" : "detach interface (stopped)", id,
            c => c.DetachInterfaceAsync(new Api.DetachInterfaceRequest { InstanceId = id, InterfaceId = interfaceId }));
        var ok = after.Ok && after.Observed?.Contains($"VLAN {vlan}", StringComparison.Ordinal) == true
            && after.Observed.Contains("(running)", StringComparison.Ordinal);
        return p.Cell(ok && detach.Ok ? Verdict.Yes : Verdict.Partial,
            $"{(live ? "attached live" : "attached while stopped, then started")} ({after.Observed ?? after.RefusalWords()}); detach {(detach.Ok ? "ok" : $"refused {detach.RefusalWords()}: {detach.Message}")}");
    }
}
