using System.Globalization;
using PowerDrivers.Backend.PowerKVM.Domain;
using PowerDrivers.Backend.PowerKVM.Hosting;
using PowerDrivers.Backend.PowerKVM.Interop;
using PowerDrivers.Backend.PowerKVM.Libvirt;
using PowerDrivers.Backend.PowerKVM.Records;
using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Errors;
using PowerDrivers.Driver.Core.Model;
using PowerDrivers.Driver.Core.States;
using PowerDrivers.Driver.Core.Storage;

namespace PowerDrivers.Backend.PowerKVM;

public sealed partial class PowerKvmBackend
{
    /// <summary>
    /// Creates the volume's image in the host's pool: thin = qcow2 with allocation 0, thick = raw fully allocated. Thick
    /// volumes beyond the pool's free capacity (the configured capacity less the thick volumes, or libvirt's own limit) are
    /// refused as <see cref="InsufficientCapacityError"/> and nothing is created. Returns the image path. Idempotent.
    /// </summary>
    public Task<string> CreateVolumeAsync(VolumeRecord volume, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(volume);
        cancellationToken.ThrowIfCancellationRequested();
        var host = Available(volume.Host);
        var storage = StorageOf(host);
        if (volume.SizeGb <= 0)
        {
            throw new InvalidSpecError("size_gb", $"a volume needs at least 1 GiB (got {volume.SizeGb})");
        }

        lock (storage.Gate)
        {
            if (storage.Find(volume.Id) is { } existing)
            {
                return Task.FromResult(existing.Path);
            }

            if (volume.Provisioning == Provisioning.Thick && volume.SizeGb > storage.CapacityGb - storage.ThickGb)
            {
                var free = storage.CapacityGb - storage.ThickGb;
                throw new InsufficientCapacityError(ErrorReasons.InsufficientCapacity,
                    $"storage pool {storage.Name} of host {host.Name} has {free} GiB free for thick volumes ({storage.ThickGb} of {storage.CapacityGb} GiB reserved); {volume.SizeGb} GiB requested",
                    host.Name, volume.SizeGb, free, "GiB");
            }

            var image = new VolumeImage(volume.Id, host.Name, HostStoragePool.VolumeName(volume.Id, volume.Provisioning), volume.SizeGb, volume.Provisioning, "");
            try
            {
                return Task.FromResult(storage.Create(image).Path);
            }
            catch (LibvirtException ex)
            {
                throw StorageError(host, storage, ex, $"create volume {volume.Id} ({volume.SizeGb} GiB {volume.Provisioning.ToString().ToLowerInvariant()})", volume);
            }
        }
    }

    /// <summary>
    /// Deletes the volume's image and record; a volume already gone (or never created) is not an error. One still attached to a
    /// domain is a <c>PreconditionError(VOLUME_IN_USE)</c>.
    /// </summary>
    public Task DeleteVolumeAsync(VolumeRecord volume, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(volume);
        cancellationToken.ThrowIfCancellationRequested();
        if (volume.Host.Length == 0)
        {
            return Task.CompletedTask;
        }

        var host = Available(volume.Host);
        var storage = StorageOf(host);
        var image = storage.Find(volume.Id);
        if (image is null)
        {
            return Task.CompletedTask;
        }

        var user = host.Guests.Values.FirstOrDefault(g => g.Disks?.Any(d => d.VolumeId == volume.Id) == true);
        if (user is not null)
        {
            throw new PreconditionError(ErrorReasons.VolumeInUse, "volume", volume.Id.ToString(),
                $"volume {volume.Id} is attached to domain {user.Spec.Name} ({user.InstanceId}); detach it first");
        }

        try
        {
            storage.Delete(image);
        }
        catch (LibvirtException ex)
        {
            throw StorageError(host, storage, ex, $"delete volume {volume.Id}", volume);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Attaches the volume's image as a virtio-blk disk (vdb, vdc …) or a disk on a virtio-scsi controller (sda, sdb …; the
    /// controller is added when the domain has none). Live (hot plug, kept in the definition) when the guest runs — refused as
    /// <c>Unsupported(live_volume_attach)</c> on a connection that cannot hot plug — or by redefining the stopped domain.
    /// vSCSI and NPIV are refused as Unsupported; a volume of another host is a <c>PreconditionError(WRONG_HOST)</c>. Partial work is undone on failure.
    /// </summary>
    public Task<AttachResult> AttachVolumeAsync(InstanceRecord instance, VolumeRecord volume, AttachmentKind kind, IOperationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(volume);
        cancellationToken.ThrowIfCancellationRequested();
        var host = Available(instance.Host);
        if (kind is AttachmentKind.Vscsi or AttachmentKind.Npiv)
        {
            var feature = kind == AttachmentKind.Npiv ? "npiv" : "vscsi";
            throw new UnsupportedError(feature, Kind, host.Capabilities.Unsupported[feature]);
        }

        if (!string.Equals(volume.Host, instance.Host, StringComparison.Ordinal))
        {
            throw new PreconditionError(ErrorReasons.WrongHost, "volume", volume.Id.ToString(),
                $"volume {volume.Id} lives on host '{volume.Host}', instance {instance.Id} on host '{instance.Host}': PowerKVM hosts share no storage");
        }

        var image = StorageOf(host).Find(volume.Id) ?? throw new NotFoundError("volume", volume.Id.ToString());
        var record = RecordOf(host, instance);
        if (record.Disks?.FirstOrDefault(d => d.VolumeId == volume.Id) is { } present)
        {
            return Task.FromResult(DiskResult(present, image, live: false));
        }

        using var domain = Call(host, instance, "look up the domain", "volumes", () => Lookup(host, instance));
        var live = IsLive(host, instance, domain, InstanceAction.AttachDevice, "live_volume_attach");
        context?.Report(live ? "hot plugging the disk" : "adding the disk to the stopped domain", 30);
        var io = Call(host, instance, "read the domain XML", "volumes", () => ReadIo(domain, live));
        var disk = ChooseDisk(record, io, image, kind, out var newController);
        var updated = record with { Disks = [.. record.Disks ?? [], disk] };
        if (live)
        {
            var controllerXml = VirtualIoXml.ScsiController(disk.Controller).ToString();
            var flags = LibvirtNative.AffectLive | LibvirtNative.AffectConfig;
            var controllerAdded = false;
            try
            {
                if (newController)
                {
                    Call(host, instance, "hot plug a virtio-scsi controller", "live_volume_attach", () => Run(() => LibvirtConnection.AttachDevice(domain, controllerXml, flags)));
                    controllerAdded = true;
                }

                Call(host, instance, $"hot plug disk {disk.Target}", "live_volume_attach", () => Run(() => LibvirtConnection.AttachDevice(domain, VirtualIoXml.Disk(disk).ToString(), flags)));
                SaveRecord(host, updated);
            }
            catch
            {
                if (controllerAdded)
                {
                    TryRun(() => LibvirtConnection.DetachDevice(domain, controllerXml, flags));
                }

                throw;
            }
        }
        else
        {
            Redefine(host, instance, record, updated, $"add disk {disk.Target} to the domain definition");
        }

        return Task.FromResult(DiskResult(disk, image, live));
    }

    /// <summary>
    /// Removes the volume's disk (and a virtio-scsi controller no other disk uses): live hot unplug when the guest runs, or by
    /// redefining the stopped domain. A disk already gone is not an error.
    /// </summary>
    public Task DetachVolumeAsync(InstanceRecord instance, VolumeRecord volume, VolumeAttachment attachment, IOperationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(volume);
        cancellationToken.ThrowIfCancellationRequested();
        var host = Available(instance.Host);
        var record = RecordOf(host, instance);
        var disk = record.Disks?.FirstOrDefault(d => d.VolumeId == volume.Id);
        if (disk is null)
        {
            return Task.CompletedTask;
        }

        using var domain = Call(host, instance, "look up the domain", "volumes", () => Lookup(host, instance));
        var live = IsLive(host, instance, domain, InstanceAction.DetachDevice, "live_volume_attach");
        context?.Report(live ? "hot unplugging the disk" : "removing the disk from the stopped domain", 30);
        var remaining = record.Disks!.Where(d => d.VolumeId != volume.Id).ToList();
        var updated = record with { Disks = remaining };
        if (live)
        {
            var flags = LibvirtNative.AffectLive | LibvirtNative.AffectConfig;
            Call(host, instance, $"hot unplug disk {disk.Target}", "live_volume_attach", () => Run(() => LibvirtConnection.DetachDevice(domain, VirtualIoXml.Disk(disk).ToString(), flags)));
            if (disk.Kind == AttachmentKind.VirtioScsi && !remaining.Any(d => d.Kind == AttachmentKind.VirtioScsi && d.Controller == disk.Controller))
            {
                // The controller came with the first scsi disk; it goes with the last one (best effort: an idle controller harms nothing).
                TryRun(() => LibvirtConnection.DetachDevice(domain, VirtualIoXml.ScsiController(disk.Controller).ToString(), flags));
            }

            SaveRecord(host, updated);
        }
        else
        {
            Redefine(host, instance, record, updated, $"remove disk {disk.Target} from the domain definition");
        }

        return Task.CompletedTask;
    }

    /// <summary>What libvirt reports of a volume's image now (<c>virStorageVolGetInfo</c>), or null when it has none.</summary>
    internal VolumeFacts? VolumeInfo(string host, Guid volumeId)
    {
        var storage = StorageOf(Available(host));
        return storage.Find(volumeId) is { } image ? storage.Info(image) : null;
    }

    /// <summary>
    /// True when the domain holds host resources (a change must be live), false when it is shut off (a change is a redefinition).
    /// Live on a connection that cannot hot plug is refused with the capability's reason; a managed-saved domain must be resumed first.
    /// </summary>
    private static bool IsLive(PowerKvmHost host, InstanceRecord instance, DomainHandle domain, InstanceAction action, string liveFeature)
    {
        var (state, saved) = Call(host, instance, "read the domain state", "lifecycle", () =>
        {
            var s = LibvirtConnection.GetState(domain).State;
            return (s, s == LibvirtNative.DomainShutoff && LibvirtConnection.HasManagedSave(domain));
        });
        if (saved)
        {
            throw new InvalidStateError(instance.Id.ToString(), InstanceState.Suspended, action, ErrorReasons.InvalidState,
                $"domain {instance.Id} has a managed-save image: resume it (or stop it) before changing its devices");
        }

        var live = DomainStates.HoldsResources(state);
        if (live && host.Capabilities.Unsupported.TryGetValue(liveFeature, out var why))
        {
            throw new UnsupportedError(liveFeature, BackendKind, why);
        }

        return live;
    }

    /// <summary>The domain's devices: the persistent definition, plus the live ones when it runs.</summary>
    private static DomainIo ReadIo(DomainHandle domain, bool live)
    {
        var inactive = VirtualIoXml.Read(LibvirtConnection.GetXml(domain, inactive: true));
        if (!live)
        {
            return inactive;
        }

        var active = VirtualIoXml.Read(LibvirtConnection.GetXml(domain));
        return inactive with
        {
            Disks = [.. inactive.Disks, .. active.Disks],
            ScsiControllers = [.. inactive.ScsiControllers, .. active.ScsiControllers],
            Nics = [.. inactive.Nics, .. active.Nics],
        };
    }

    /// <summary>The next free guest device name and, on virtio-scsi, the controller (an existing virtio-scsi one or a new index) and unit.</summary>
    private static VirtualDisk ChooseDisk(GuestRecord record, DomainIo io, VolumeImage image, AttachmentKind kind, out bool newController)
    {
        var used = io.Disks.Select(d => d.Target).Concat((record.Disks ?? []).Select(d => d.Target)).ToHashSet(StringComparer.Ordinal);
        var prefix = kind == AttachmentKind.VirtioScsi ? "sd" : "vd";
        var target = Enumerable.Range(0, 26 * 27).Select(i => prefix + DiskSuffix(i)).First(name => !used.Contains(name));
        newController = false;
        if (kind != AttachmentKind.VirtioScsi)
        {
            return new VirtualDisk(image.VolumeId, kind, target, image.Path, image.Format);
        }

        var existing = io.ScsiControllers.FirstOrDefault(c => c.Model == "virtio-scsi")?.Index
            ?? (record.Disks ?? []).FirstOrDefault(d => d.Kind == AttachmentKind.VirtioScsi)?.Controller;
        int controller;
        if (existing is { } index)
        {
            controller = index;
        }
        else
        {
            controller = io.ScsiControllers.Count == 0 ? 0 : io.ScsiControllers.Max(c => c.Index) + 1;
            newController = true;
        }

        var units = io.Disks.Where(d => d.Bus == "scsi" && d.Controller == controller && d.Unit is not null).Select(d => d.Unit!.Value)
            .Concat((record.Disks ?? []).Where(d => d.Kind == AttachmentKind.VirtioScsi && d.Controller == controller).Select(d => d.Unit)).ToHashSet();
        var unit = Enumerable.Range(0, int.MaxValue).First(u => !units.Contains(u));
        return new VirtualDisk(image.VolumeId, kind, target, image.Path, image.Format, controller, unit);
    }

    /// <summary>libvirt's disk name suffix: 0 → a, 25 → z, 26 → aa.</summary>
    private static string DiskSuffix(int index) =>
        index < 26 ? ((char)('a' + index)).ToString() : DiskSuffix((index / 26) - 1) + (char)('a' + (index % 26));

    private static AttachResult DiskResult(VirtualDisk disk, VolumeImage image, bool live)
    {
        var native = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["target"] = disk.Target,
            ["bus"] = disk.Bus,
            ["source_path"] = disk.SourcePath,
            ["format"] = disk.Format,
            ["serial"] = disk.VolumeId.ToString("D"),
            ["volume_name"] = image.Name,
            ["mode"] = live ? "live" : "config",
        };
        if (disk.Kind == AttachmentKind.VirtioScsi)
        {
            native["controller"] = disk.Controller.ToString(CultureInfo.InvariantCulture);
            native["unit"] = disk.Unit.ToString(CultureInfo.InvariantCulture);
        }

        return new AttachResult(disk.Target, native);
    }

    /// <summary>Redefines the stopped domain as <paramref name="updated"/> and records it; the old definition comes back when recording fails.</summary>
    private static void Redefine(PowerKvmHost host, InstanceRecord instance, GuestRecord record, GuestRecord updated, string what)
    {
        var xml = updated.BuildXml(updated.Spec, host.XmlOptions);
        Call(host, instance, what, "volumes", () =>
        {
            using var redefined = host.Connection!.Define(xml);
            return 0;
        });
        try
        {
            host.Save(updated with { DomainXml = xml });
        }
        catch
        {
            TryRun(() =>
            {
                using var restored = host.Connection!.Define(record.DomainXml);
            });
            throw;
        }
    }

    /// <summary>Records a live change (the persistent XML follows the record so later redefinitions keep the device).</summary>
    private static void SaveRecord(PowerKvmHost host, GuestRecord updated) =>
        host.Save(updated with { DomainXml = updated.BuildXml(updated.Spec, host.XmlOptions) });

    private HostStoragePool StorageOf(PowerKvmHost host) =>
        host.StorageFault is { } fault ? throw new UnavailableError(host.Name, Kind, fault)
            : host.Storage ?? throw new UnavailableError(host.Name, Kind, $"host {host.Name} has no storage pool");

    /// <summary>libvirt's own refusal for lack of space (test driver: "Not enough free space in pool"; a file system: ENOSPC) is a capacity error.</summary>
    private static DriverError StorageError(PowerKvmHost host, HostStoragePool storage, LibvirtException ex, string what, VolumeRecord volume)
    {
        var noSpace = ex.Message.Contains("free space", StringComparison.OrdinalIgnoreCase)
            || ex.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase);
        if (noSpace)
        {
            long available;
            try
            {
                available = storage.PoolInfo().AvailableBytes >> 30;
            }
            catch (LibvirtException)
            {
                available = 0;
            }

            return new InsufficientCapacityError(ErrorReasons.InsufficientCapacity,
                $"libvirt refused to {what} in pool {storage.Name} of host {host.Name}: {ex.Message} ({available} GiB available as libvirt reports it)",
                host.Name, volume.SizeGb, available, "GiB");
        }

        return ex.Code == LibvirtErrors.NoStorageVolume
            ? new NotFoundError("volume", volume.Id.ToString())
            : LibvirtErrors.ToDriverError(ex, what, "volumes", host.Uri, volume.Id.ToString());
    }
}
