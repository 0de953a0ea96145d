using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using PowerDrivers.Backend.PowerVM.Hmc;
using PowerDrivers.Backend.PowerVM.Mapping;
using PowerDrivers.Backend.PowerVM.Tasks;
using PowerDrivers.Backend.PowerVM.Wire;
using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.Model;
using PowerDrivers.Driver.Core.States;
using PowerDrivers.Driver.Core.Storage;

namespace PowerDrivers.Backend.PowerVM;

/// <summary>
/// Volumes are logical units of the shared storage pool of the host's VIOS cluster. Creating and deleting one is a
/// POST of the pool with its LogicalUnits list changed; the LU's UDID is the volume's native id.
/// </summary>
public sealed partial class PowerVmBackend
{
    private const string LuPrefix = "pd-";
    private const int LuNameLength = 80;
    private readonly ConcurrentDictionary<string, string> _pools = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public async Task<string> CreateVolumeAsync(VolumeRecord volume, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(volume);
        var host = volume.Host;
        var pool = await StoragePoolAsync(host, cancellationToken).ConfigureAwait(false);
        var name = LuName(volume);

        // A create whose answer was lost left the LU behind: it is this volume.
        if (pool.LogicalUnits.FirstOrDefault(l => l.Name == name) is { } existing)
        {
            return existing.Udid;
        }

        var thin = volume.Provisioning != Provisioning.Thick;
        var ctx = VolumeContext(host, volume, InstanceAction.Create) with { Unit = "GB", Requested = volume.SizeGb, Available = pool.FreeGb };
        var updated = await CallAsync(host, () => _hmc.UpdateStoragePoolAsync(pool.Uuid,
            p => p.LogicalUnits.Any(l => l.Name == name) ? null : SharedStoragePoolXml.WithNewUnit(p.Element, name, volume.SizeGb, thin), cancellationToken), ctx).ConfigureAwait(false);
        return updated.LogicalUnits.FirstOrDefault(l => l.Name == name)?.Udid is { Length: > 0 } udid
            ? udid
            : throw new BackendFailureError(Kind, $"the HMC accepted logical unit {name} but shared storage pool {pool.Name} does not list it", "LU_MISSING");
    }

    /// <inheritdoc/>
    public async Task DeleteVolumeAsync(VolumeRecord volume, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(volume);
        if (volume.Host.Length == 0)
        {
            return;
        }

        var pool = await StoragePoolAsync(volume.Host, cancellationToken).ConfigureAwait(false);
        var udid = volume.NativeId.Length > 0 ? volume.NativeId : pool.LogicalUnits.FirstOrDefault(l => l.Name == LuName(volume))?.Udid;
        if (udid is null || pool.Find(udid) is null)
        {
            return;
        }

        await CallAsync(volume.Host, () => _hmc.UpdateStoragePoolAsync(pool.Uuid,
            p => p.Find(udid) is null ? null : SharedStoragePoolXml.WithoutUnit(p.Element, udid), cancellationToken),
            VolumeContext(volume.Host, volume, InstanceAction.Delete)).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<AttachResult> AttachVolumeAsync(InstanceRecord instance, VolumeRecord volume, AttachmentKind kind, IOperationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(volume);
        if (kind is not (AttachmentKind.Vscsi or AttachmentKind.Npiv))
        {
            throw new UnsupportedError(kind == AttachmentKind.VirtioBlk ? "virtio_blk" : "virtio_scsi", Kind,
                $"{kind} is a PowerKVM (libvirt) disk bus; PowerVM presents volumes through a VIOS by vSCSI or NPIV");
        }

        if (volume.NativeId.Length == 0)
        {
            throw new NotFoundError("volume", volume.Id.ToString());
        }

        if (volume.Host.Length > 0 && volume.Host != instance.Host)
        {
            throw new PreconditionError(ErrorReasons.WrongHost, "volume", volume.Id.ToString(),
                $"volume {volume.Id} is a logical unit of {volume.Host}'s shared storage pool; instance {instance.Id} runs on {instance.Host}");
        }

        var ms = await SystemAsync(instance.Host, refresh: false, cancellationToken).ConfigureAwait(false);
        var lpar = await FindAsync(instance, cancellationToken).ConfigureAwait(false) ?? throw new NotFoundError("instance", instance.Id.ToString());
        var href = _hmc.Href($"ManagedSystem/{ms.Uuid}/LogicalPartition/{lpar.Uuid}");
        var ctx = VolumeContext(instance.Host, volume, InstanceAction.AttachDevice, instance);
        return kind == AttachmentKind.Vscsi
            ? await AttachScsiAsync(instance, volume, ms, lpar, href, context, ctx, cancellationToken).ConfigureAwait(false)
            : await AttachNpivAsync(instance, volume, ms, lpar, href, context, ctx, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task DetachVolumeAsync(InstanceRecord instance, VolumeRecord volume, VolumeAttachment attachment, IOperationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(volume);
        ArgumentNullException.ThrowIfNull(attachment);
        var ms = await SystemAsync(instance.Host, refresh: false, cancellationToken).ConfigureAwait(false);
        var lpar = await FindAsync(instance, cancellationToken).ConfigureAwait(false);
        if (lpar is null)
        {
            return;
        }

        var ctx = VolumeContext(instance.Host, volume, InstanceAction.DetachDevice, instance);
        var vioses = await CallAsync(instance.Host, () => _hmc.ListViosAsync(ms.Uuid, cancellationToken), ctx).ConfigureAwait(false);
        if (attachment.Kind == AttachmentKind.Vscsi)
        {
            var udid = attachment.Native.GetValueOrDefault("lu_udid") is { Length: > 0 } u ? u : volume.NativeId;
            foreach (var vios in vioses.Where(v => v.Scsi.Any(m => Same(m.ClientUuid, lpar.Uuid) && Same(m.Backing, udid))))
            {
                context?.Report($"removing the mapping of {udid} on {vios.Name}", 30);
                await CallAsync(instance.Host, () => UnmapScsiAsync(ms.Uuid, vios.Uuid, lpar.Uuid, udid, cancellationToken), ctx).ConfigureAwait(false);
            }

            return;
        }

        // NPIV: the vFC adapters serve every NPIV volume of the instance (the SAN zones them all to the same WWPNs);
        // they go with the last one.
        if (instance.Volumes.Any(v => v.Kind == AttachmentKind.Npiv && v.VolumeId != volume.Id))
        {
            return;
        }

        var wwpns = Wwpns(attachment.Native);
        foreach (var vios in vioses.Where(v => v.Fc.Any(m => m.Wwpns.Any(wwpns.Contains))))
        {
            context?.Report($"removing the virtual Fibre Channel adapters on {vios.Name}", 30);
            await CallAsync(instance.Host, () => _hmc.UpdateViosAsync(ms.Uuid, vios.Uuid,
                v => VirtualIoServerXml.WithoutFcMappings(v.Element, m => m.Wwpns.Any(wwpns.Contains)), cancellationToken), ctx).ConfigureAwait(false);
        }
    }

    /// <summary>The LU name of a volume: its display name made safe, and its id so equal names stay distinct LUs.</summary>
    internal static string LuName(VolumeRecord volume)
    {
        var safe = new StringBuilder();
        foreach (var c in volume.Name)
        {
            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' ? c : '_');
        }

        var text = safe.Length > LuNameLength ? safe.ToString(0, LuNameLength) : safe.ToString();
        return $"{LuPrefix}{text}-{volume.Id.ToString("N", CultureInfo.InvariantCulture)[..8]}";
    }

    private async Task<AttachResult> AttachScsiAsync(InstanceRecord instance, VolumeRecord volume, ManagedSystemView ms, PartitionView lpar, string href,
        IOperationContext context, HmcErrorContext ctx, CancellationToken ct)
    {
        var pool = await StoragePoolAsync(instance.Host, ct).ConfigureAwait(false);
        var full = await CallAsync(instance.Host, () => _hmc.GetStoragePoolAsync(pool.Uuid, ct), ctx).ConfigureAwait(false) ?? pool;
        var lu = full.Find(volume.NativeId) ?? throw new NotFoundError("volume", volume.Id.ToString());
        var vioses = await RunningViosAsync(instance.Host, ms, "vSCSI", ctx, ct).ConfigureAwait(false);

        // One mapping per running VIOS (two paths with dual VIOS), as one flow: a failure unmaps what was mapped.
        var done = new List<(VirtualIoServerView Vios, ScsiMappingView Mapping)>();
        var flow = new TaskFlow("attach volume by vSCSI");
        foreach (var vios in vioses)
        {
            flow.Add($"mapping logical unit {lu.Name} to {lpar.Name} on {vios.Name}", async c =>
            {
                var updated = await _hmc.UpdateViosAsync(ms.Uuid, vios.Uuid, v => ScsiMapping(v, lpar.Uuid, lu.Udid) is not null
                    ? null
                    : VirtualIoServerXml.WithScsiMapping(v.Element, href, lu.Element, VirtualIoServerXml.ScsiPairOf(v.Element, lpar.Uuid)), c).ConfigureAwait(false);
                var mapping = ScsiMapping(updated, lpar.Uuid, lu.Udid)
                    ?? throw new HmcException(0, null, $"{vios.Name} does not show the mapping of logical unit {lu.Name} to {lpar.Name} after the update");
                done.Add((updated, mapping));
            }, c => UnmapScsiAsync(ms.Uuid, vios.Uuid, lpar.Uuid, lu.Udid, c));
        }

        await CallAsync(instance.Host, () => flow.RunAsync(context is null ? null : context.Report, ct), ctx).ConfigureAwait(false);
        var native = new Dictionary<string, string>
        {
            ["kind"] = "vscsi",
            ["lu_udid"] = lu.Udid,
            ["lu_name"] = lu.Name,
            ["storage_pool"] = full.Name,
            ["paths"] = done.Count.ToString(CultureInfo.InvariantCulture),
            ["vios_names"] = Join(done.Select(d => d.Vios.Name)),
            ["vios_uuids"] = Join(done.Select(d => d.Vios.Uuid)),
            ["server_adapters"] = Join(done.Select(d => d.Mapping.ServerAdapter)),
            ["server_slots"] = Join(done.Select(d => Slot(d.Mapping.ServerSlot))),
            ["client_slots"] = Join(done.Select(d => Slot(d.Mapping.ClientSlot))),
            ["target_devices"] = Join(done.Select(d => d.Mapping.Target)),
        };
        return new AttachResult(native["client_slots"], native);
    }

    private async Task<AttachResult> AttachNpivAsync(InstanceRecord instance, VolumeRecord volume, ManagedSystemView ms, PartitionView lpar, string href,
        IOperationContext context, HmcErrorContext ctx, CancellationToken ct)
    {
        // Another NPIV volume of the instance already has vFC adapters: the SAN zones this one to the same WWPNs.
        var shared = instance.Volumes.FirstOrDefault(v => v.Kind == AttachmentKind.Npiv && v.VolumeId != volume.Id && Wwpns(v.Native).Count > 0);
        if (shared is not null)
        {
            var present = (await CallAsync(instance.Host, () => _hmc.ListFcClientAdaptersAsync(lpar.Uuid, ct), ctx).ConfigureAwait(false))
                .SelectMany(a => a.Wwpns).ToHashSet(StringComparer.OrdinalIgnoreCase);
            if (Wwpns(shared.Native).All(present.Contains))
            {
                return new AttachResult(shared.Device, new Dictionary<string, string>(shared.Native) { ["shared_with"] = shared.VolumeId.ToString() });
            }
        }

        var vioses = (await RunningViosAsync(instance.Host, ms, "NPIV", ctx, ct).ConfigureAwait(false)).Where(v => v.FcPorts.Any(p => p.Npiv)).ToList();
        if (vioses.Count == 0)
        {
            throw new UnsupportedError("npiv", Kind, $"no running Virtual I/O Server of {ms.Name} owns an NPIV-capable Fibre Channel port");
        }

        var done = new List<(VirtualIoServerView Vios, FcMappingView Mapping)>();
        var flow = new TaskFlow("attach volume by NPIV");
        foreach (var vios in vioses)
        {
            // The least used NPIV port; a full one is still asked for, so the HMC's own refusal is what the caller sees.
            var port = vios.FcPorts.Where(p => p.Npiv).OrderByDescending(p => p.Available).ThenBy(p => p.Name, StringComparer.Ordinal).First();
            HashSet<int>? before = null;
            flow.Add($"adding a virtual Fibre Channel adapter for {lpar.Name} on {vios.Name} {port.Name}", async c =>
            {
                var updated = await _hmc.UpdateViosAsync(ms.Uuid, vios.Uuid, v =>
                {
                    before = [.. v.Fc.Where(m => Same(m.ClientUuid, lpar.Uuid)).Select(m => m.ServerSlot)];
                    return VirtualIoServerXml.WithFcMapping(v.Element, href, port.Name);
                }, c).ConfigureAwait(false);
                var mapping = updated.Fc.FirstOrDefault(m => Same(m.ClientUuid, lpar.Uuid) && !before!.Contains(m.ServerSlot))
                    ?? throw new HmcException(0, null, $"{vios.Name} does not show the new virtual Fibre Channel mapping of {lpar.Name} after the update");
                if (mapping.Wwpns.Count < 2)
                {
                    var adapters = await _hmc.ListFcClientAdaptersAsync(lpar.Uuid, c).ConfigureAwait(false);
                    mapping = mapping with { Wwpns = adapters.FirstOrDefault(a => a.ClientSlot == mapping.ClientSlot)?.Wwpns ?? mapping.Wwpns };
                }

                done.Add((updated, mapping));
            }, c => before is null
                ? Task.CompletedTask
                : _hmc.UpdateViosAsync(ms.Uuid, vios.Uuid, v => VirtualIoServerXml.WithoutFcMappings(v.Element, m => Same(m.ClientUuid, lpar.Uuid) && !before.Contains(m.ServerSlot)), c));
        }

        await CallAsync(instance.Host, () => flow.RunAsync(context is null ? null : context.Report, ct), ctx).ConfigureAwait(false);
        var native = new Dictionary<string, string>
        {
            ["kind"] = "npiv",
            ["paths"] = done.Count.ToString(CultureInfo.InvariantCulture),
            ["vios_names"] = Join(done.Select(d => d.Vios.Name)),
            ["vios_uuids"] = Join(done.Select(d => d.Vios.Uuid)),
            ["server_adapters"] = Join(done.Select(d => d.Mapping.ServerAdapter)),
            ["server_slots"] = Join(done.Select(d => Slot(d.Mapping.ServerSlot))),
            ["client_slots"] = Join(done.Select(d => Slot(d.Mapping.ClientSlot))),
            ["physical_ports"] = Join(done.Select(d => d.Mapping.PortName)),
            // Each pair: the first WWPN logs in now (zone the SAN volume to it), the second at a migration's destination.
            ["wwpns"] = Join(done.Select(d => string.Join(' ', d.Mapping.Wwpns))),
            ["san_wwpns"] = Join(done.Select(d => d.Mapping.Wwpns.Count > 0 ? d.Mapping.Wwpns[0] : "")),
        };
        return new AttachResult(native["client_slots"], native);
    }

    /// <summary>Removes every vSCSI and vFC mapping of a client partition (with their adapters) from every VIOS of its system.</summary>
    private async Task RemoveClientMappingsAsync(string host, string client, HmcErrorContext ctx, CancellationToken ct)
    {
        var ms = await SystemAsync(host, refresh: false, ct).ConfigureAwait(false);
        var vioses = await CallAsync(host, () => _hmc.ListViosAsync(ms.Uuid, ct), ctx).ConfigureAwait(false);
        foreach (var vios in vioses.Where(v => v.Scsi.Any(m => Same(m.ClientUuid, client)) || v.Fc.Any(m => Same(m.ClientUuid, client))))
        {
            await CallAsync(host, () => _hmc.UpdateViosAsync(ms.Uuid, vios.Uuid, v =>
            {
                var scsi = VirtualIoServerXml.WithoutClientScsiMappings(v.Element, client);
                return VirtualIoServerXml.WithoutFcMappings(scsi ?? v.Element, m => Same(m.ClientUuid, client)) ?? scsi;
            }, ct), ctx).ConfigureAwait(false);
        }
    }

    private Task<VirtualIoServerView> UnmapScsiAsync(string system, string vios, string client, string udid, CancellationToken ct) =>
        _hmc.UpdateViosAsync(system, vios, v => VirtualIoServerXml.WithoutScsiMappings(v.Element, client, udid), ct);

    private static ScsiMappingView? ScsiMapping(VirtualIoServerView vios, string client, string udid) =>
        vios.Scsi.FirstOrDefault(m => Same(m.ClientUuid, client) && Same(m.Backing, udid));

    private async Task<List<VirtualIoServerView>> RunningViosAsync(string host, ManagedSystemView ms, string what, HmcErrorContext ctx, CancellationToken ct)
    {
        var all = await CallAsync(host, () => _hmc.ListViosAsync(ms.Uuid, ct), ctx).ConfigureAwait(false);
        var running = all.Where(v => v.IsRunning).OrderBy(v => v.Id).ToList();
        return running.Count > 0
            ? running
            : throw new UnavailableError(host, Kind, $"no Virtual I/O Server of {ms.Name} is running ({string.Join(", ", all.Select(v => $"{v.Name}: {v.State}"))}); {what} needs one");
    }

    /// <summary>The shared storage pool of a host: the configured one, else the pool of the cluster of its managed system's VIOS partitions.</summary>
    private async Task<SharedStoragePoolView> StoragePoolAsync(string host, CancellationToken ct)
    {
        var ms = await SystemAsync(host, refresh: false, ct).ConfigureAwait(false);
        var ctx = Context(host);
        var pools = await CallAsync(host, () => _hmc.ListStoragePoolsAsync(ct), ctx).ConfigureAwait(false);
        if (pools.Count == 0)
        {
            throw new UnsupportedError("volumes", Kind, $"the HMC reports no shared storage pool; managed system {ms.Name} has no VIOS storage cluster to hold volumes");
        }

        if (_pools.TryGetValue(host, out var known) && pools.FirstOrDefault(p => p.Uuid == known) is { } cached)
        {
            return cached;
        }

        SharedStoragePoolView? pool;
        if (_settings.StoragePools.TryGetValue(host, out var name))
        {
            pool = pools.FirstOrDefault(p => p.Name == name)
                ?? throw new UnavailableError(host, Kind, $"the HMC has no shared storage pool named '{name}' (it has: {string.Join(", ", pools.Select(p => p.Name))})");
        }
        else
        {
            var clusters = await CallAsync(host, () => _hmc.ListClustersAsync(ct), ctx).ConfigureAwait(false);
            var ours = clusters.Where(c => c.Systems.Contains(ms.Uuid, StringComparer.OrdinalIgnoreCase)).Select(c => c.PoolUuid).ToHashSet(StringComparer.OrdinalIgnoreCase);
            pool = pools.FirstOrDefault(p => ours.Contains(p.Uuid)) ?? (pools.Count == 1 ? pools[0] : null)
                ?? throw new UnavailableError(host, Kind,
                    $"cannot tell which shared storage pool serves {ms.Name} (pools: {string.Join(", ", pools.Select(p => p.Name))}); set Driver:Backends:powervm:StoragePools:{host}");
        }

        _pools[host] = pool.Uuid;
        return pool;
    }

    private static HmcErrorContext VolumeContext(string host, VolumeRecord volume, InstanceAction action, InstanceRecord? instance = null) =>
        new(host, instance?.Id.ToString() ?? "", instance?.State ?? InstanceState.Building, action, Subject: "volume", SubjectId: volume.Id.ToString());

    private static HashSet<string> Wwpns(IReadOnlyDictionary<string, string> native) =>
        native.TryGetValue("wwpns", out var text)
            ? text.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries).Select(w => w.ToLowerInvariant()).ToHashSet(StringComparer.OrdinalIgnoreCase)
            : [];

    private static string Join(IEnumerable<string> values) => string.Join(',', values);

    private static string Slot(int slot) => "C" + slot.ToString(CultureInfo.InvariantCulture);

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
