using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace PowerDrivers.Emulator.Hmc.Model;

/// <summary>Shared storage pool logical units and VIOS volume groups (logical volumes, media repository).</summary>
public sealed partial class EmulatedSystem
{
    /// <summary>The shared storage pool (one cluster over the system's VIOS partitions), or null without VIOS.</summary>
    public SharedStoragePool? StoragePool
    {
        get
        {
            lock (gate)
            {
                return ssp;
            }
        }
    }

    /// <summary>VIOS partitions that are nodes of the storage cluster (every VIOS of the system).</summary>
    public IReadOnlyList<PartitionView> ClusterNodes => Partitions(vios: true);

    /// <summary>Creates a logical unit: thick reserves its capacity now (refused beyond the free capacity), thin consumes nothing up front.</summary>
    public LogicalUnit CreateLogicalUnit(string name, decimal capacityGb, bool thin = true)
    {
        lock (gate)
        {
            var pool = RequireSsp();
            var desired = pool.LogicalUnits.Select(l => new LogicalUnitSpec(l.Name, l.CapacityGb, l.Thin, l.Udid)).Append(new LogicalUnitSpec(name, capacityGb, thin, null)).ToList();
            var updated = ApplyLogicalUnits(pool, desired);
            return updated.LogicalUnits[^1];
        }
    }

    /// <summary>Deletes a logical unit by UDID or name; refused (409) while any VIOS maps it.</summary>
    public void DeleteLogicalUnit(string udidOrName)
    {
        lock (gate)
        {
            var pool = RequireSsp();
            var lu = FindLu(pool, udidOrName) ?? throw Hscl.Missing("logical unit", udidOrName);
            ApplyLogicalUnits(pool, [.. pool.LogicalUnits.Where(l => l != lu).Select(l => new LogicalUnitSpec(l.Name, l.CapacityGb, l.Thin, l.Udid))]);
        }
    }

    /// <summary>
    /// Makes the pool's LUs what <paramref name="desired"/> says (the REST POST of the pool): entries without a UDID are
    /// created, existing LUs left out are deleted (refused while mapped). All or nothing; <paramref name="ifMatch"/> must
    /// be the pool's ETag when given (else 412).
    /// </summary>
    public SharedStoragePool UpdateLogicalUnits(IReadOnlyList<LogicalUnitSpec> desired, string? ifMatch)
    {
        ArgumentNullException.ThrowIfNull(desired);
        lock (gate)
        {
            var pool = RequireSsp();
            CheckEtag(ifMatch, pool.ETag, pool.Uuid);
            return ApplyLogicalUnits(pool, desired);
        }
    }

    /// <summary>Volume groups of a VIOS.</summary>
    public IReadOnlyList<VolumeGroup> VolumeGroups(string viosUuid)
    {
        lock (gate)
        {
            return Io(GetVios(viosUuid)).VolumeGroups;
        }
    }

    /// <summary>
    /// Makes a volume group's logical volumes and repository media what is given: new names are created (refused
    /// beyond the group's free space), names left out are removed (refused while mapped).
    /// </summary>
    public VolumeGroup UpdateVolumeGroup(string viosUuid, string groupUuid, IReadOnlyList<VirtualDisk> disks, IReadOnlyList<VirtualOpticalMedia> media, string? ifMatch = null)
    {
        ArgumentNullException.ThrowIfNull(disks);
        ArgumentNullException.ThrowIfNull(media);
        lock (gate)
        {
            var vios = GetVios(viosUuid);
            var io = Io(vios);
            var group = io.VolumeGroups.FirstOrDefault(g => Same(g.Uuid, groupUuid) || g.Name == groupUuid) ?? throw Hscl.Missing("volume group", groupUuid);
            CheckEtag(ifMatch, VolumeGroupEtag(group), group.Uuid);
            if (disks.Select(d => d.Name).Distinct(StringComparer.Ordinal).Count() != disks.Count || media.Select(m => m.Name).Distinct(StringComparer.Ordinal).Count() != media.Count)
            {
                throw new HmcException(Hscl.DuplicateName, $"Logical volume and media names must be unique in volume group {group.Name}.", 409);
            }

            foreach (var d in disks.Where(d => d.CapacityGb <= 0 || string.IsNullOrWhiteSpace(d.Name)))
            {
                throw Hscl.Value($"The logical volume '{d.Name}' needs a name and a positive capacity.");
            }

            var mapped = io.Scsi.Where(m => m.Backing is not null).Select(m => m.Backing!).ToList();
            foreach (var gone in group.VirtualDisks.Where(d => disks.All(n => n.Name != d.Name)))
            {
                CheckUnmapped(mapped, BackingKind.VirtualDisk, gone.Name, "logical volume");
            }

            foreach (var gone in group.OpticalMedia.Where(o => media.All(n => n.Name != o.Name)))
            {
                CheckUnmapped(mapped, BackingKind.VirtualOptical, gone.Name, "virtual optical media");
            }

            if (media.Count > 0 && group.RepositoryName is null)
            {
                throw Hscl.Value($"The volume group {group.Name} has no media repository.");
            }

            var updated = group with
            {
                // Existing volumes keep their size: a changed size in the body is not a resize here.
                VirtualDisks = [.. disks.Select(d => group.VirtualDisks.FirstOrDefault(o => o.Name == d.Name) ?? d)],
                OpticalMedia = [.. media.Select(m => group.OpticalMedia.FirstOrDefault(o => o.Name == m.Name) ?? m)],
            };
            if (updated.FreeGb < 0)
            {
                throw new HmcException(Hscl.InsufficientResources,
                    string.Create(CultureInfo.InvariantCulture, $"The volume group {group.Name} has {group.FreeGb} GB free; the requested logical volumes need {updated.VirtualDisks.Sum(d => d.CapacityGb) - group.VirtualDisks.Sum(d => d.CapacityGb)} GB more."), 409);
            }

            SaveIo(vios.Definition.Uuid, io with { VolumeGroups = [.. io.VolumeGroups.Select(g => g == group ? updated : g)] });
            ViosChanged(vios, "Other");
            events.Publish("MODIFY_URI", $"{PartitionUri(vios.Definition)}/VolumeGroup/{group.Uuid}", "Other");
            return updated;
        }
    }

    /// <summary>Adds one logical volume to a volume group (by UUID or name).</summary>
    public VirtualDisk AddVirtualDisk(string viosUuid, string groupUuidOrName, string name, decimal capacityGb)
    {
        lock (gate)
        {
            var group = Io(GetVios(viosUuid)).VolumeGroups.FirstOrDefault(g => Same(g.Uuid, groupUuidOrName) || g.Name == groupUuidOrName) ?? throw Hscl.Missing("volume group", groupUuidOrName);
            var disk = new VirtualDisk(name, capacityGb);
            UpdateVolumeGroup(viosUuid, group.Uuid, [.. group.VirtualDisks, disk], group.OpticalMedia);
            return disk;
        }
    }

    /// <summary>ETag of a volume group (changes with its content).</summary>
    public static string VolumeGroupEtag(VolumeGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(group)));
        return BitConverter.ToUInt32(hash, 0).ToString(CultureInfo.InvariantCulture);
    }

    private SharedStoragePool RequireSsp() =>
        ssp ?? throw new HmcException(Hscl.NotFound, $"The managed system {Name} has no shared storage pool.", 404);

    private static LogicalUnit? FindLu(SharedStoragePool pool, string udidOrName) =>
        pool.LogicalUnits.FirstOrDefault(l => Same(l.Udid, udidOrName)) ?? pool.LogicalUnits.FirstOrDefault(l => l.Name == udidOrName);

    private static void CheckEtag(string? ifMatch, string etag, string id)
    {
        if (ifMatch is not null && ifMatch != "*" && !string.Equals(ifMatch.Trim('"'), etag, StringComparison.Ordinal))
        {
            throw new HmcException(Hscl.EtagMismatch, $"The object {id} was changed by another request (ETag {ifMatch} is stale); read it again and retry.", 412);
        }
    }

    private static void CheckUnmapped(IEnumerable<ScsiBacking> mapped, BackingKind kind, string name, string what)
    {
        if (mapped.Any(b => b.Kind == kind && Same(b.Name, name)))
        {
            throw new HmcException(Hscl.DeviceInUse, $"The {what} {name} is mapped to a client partition; remove the mapping first.", 409);
        }
    }

    private SharedStoragePool ApplyLogicalUnits(SharedStoragePool pool, IReadOnlyList<LogicalUnitSpec> desired)
    {
        var kept = new List<LogicalUnit>();
        var created = pool.Created;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var spec in desired)
        {
            if (string.IsNullOrWhiteSpace(spec.Name) || spec.Name.Length > 127)
            {
                throw Hscl.Value($"The logical unit name '{spec.Name}' is not valid (1 to 127 characters).");
            }

            if (!names.Add(spec.Name))
            {
                throw new HmcException(Hscl.DuplicateName, $"A logical unit named {spec.Name} already exists in shared storage pool {pool.Name}.", 409);
            }

            if (spec.Udid is { Length: > 0 } udid)
            {
                kept.Add(pool.LogicalUnits.FirstOrDefault(l => Same(l.Udid, udid)) ?? throw Hscl.Missing("logical unit", udid));
                continue;
            }

            if (spec.CapacityGb <= 0)
            {
                throw Hscl.Value($"The logical unit {spec.Name} needs a positive capacity.");
            }

            created++;
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{pool.Uuid}:{created}:{spec.Name}"));
            kept.Add(new LogicalUnit { Name = spec.Name, Udid = "27" + Convert.ToHexString(hash).ToLowerInvariant()[..62], CapacityGb = spec.CapacityGb, Thin = spec.Thin });
        }

        var mapped = viosIo.Values.SelectMany(io => io.Scsi).Where(m => m.Backing?.Kind == BackingKind.LogicalUnit).Select(m => m.Backing!).ToList();
        foreach (var gone in pool.LogicalUnits.Where(l => kept.All(k => k.Udid != l.Udid)))
        {
            CheckUnmapped(mapped, BackingKind.LogicalUnit, gone.Udid, $"logical unit {gone.Name} (UDID)");
        }

        var updated = pool with { LogicalUnits = kept, Created = created, Version = pool.Version + 1 };
        if (updated.ReservedGb > pool.ReservedGb && updated.FreeGb < 0)
        {
            throw new HmcException(Hscl.InsufficientResources,
                string.Create(CultureInfo.InvariantCulture, $"The shared storage pool {pool.Name} has {pool.FreeGb} GB free; a thick logical unit needs its full capacity ({updated.ReservedGb - pool.ReservedGb} GB)."), 409);
        }

        ssp = updated;
        SaveSsp();
        events.Publish("MODIFY_URI", $"SharedStoragePool/{pool.Uuid}", "LogicalUnits");
        return updated;
    }
}
