using System.Globalization;
using System.Xml.Linq;
using PowerDrivers.Backend.PowerKVM.Interop;
using PowerDrivers.Backend.PowerKVM.Libvirt;
using PowerDrivers.Backend.PowerKVM.Records;
using PowerDrivers.Driver.Core.Model;

namespace PowerDrivers.Backend.PowerKVM.Hosting;

/// <summary>
/// A host's volume storage: one libvirt directory pool (<c>pd-&lt;host&gt;</c>) holding one image per volume — thin = qcow2
/// with allocation 0, thick = raw with allocation = capacity — and the durable records that re-create the images on a
/// connection that forgot them. Thick volumes are counted against the configured capacity before libvirt is asked;
/// libvirt's own check (the test driver's fixed 100 GiB pool, a real file system's free space) speaks after it.
/// </summary>
internal sealed class HostStoragePool
{
    private const long BytesPerGib = 1L << 30;
    private readonly LibvirtConnection _connection;
    private readonly VolumeImageStore _store;
    private readonly Dictionary<Guid, VolumeImage> _images = [];

    public HostStoragePool(LibvirtConnection connection, string host, string hostDataDirectory, PowerKvmSettings settings)
    {
        _connection = connection;
        Host = host;
        Name = "pd-" + host;
        CapacityGb = settings.StoragePoolCapacityGb;
        Directory = settings.StoragePoolPath.Length > 0
            ? settings.StoragePoolPath.Replace("{host}", host, StringComparison.Ordinal)
            : Path.GetFullPath(Path.Combine(hostDataDirectory, "powerkvm", "images"));
        _store = new VolumeImageStore(hostDataDirectory);
        foreach (var image in _store.LoadAll().Where(i => i.Host == host))
        {
            _images[image.VolumeId] = image;
        }
    }

    /// <summary>Host name.</summary>
    public string Host { get; }

    /// <summary>The libvirt pool name.</summary>
    public string Name { get; }

    /// <summary>The pool's directory on the host.</summary>
    public string Directory { get; }

    /// <summary>Configured capacity, GiB.</summary>
    public long CapacityGb { get; }

    /// <summary>Serialises the capacity ledger and the records.</summary>
    public Lock Gate { get; } = new();

    /// <summary>GiB reserved by thick volumes.</summary>
    public long ThickGb
    {
        get
        {
            lock (Gate)
            {
                return _images.Values.Where(i => i.Provisioning == Provisioning.Thick).Sum(i => i.SizeGb);
            }
        }
    }

    /// <summary>The stored volumes.</summary>
    public IReadOnlyList<VolumeImage> Images
    {
        get
        {
            lock (Gate)
            {
                return [.. _images.Values];
            }
        }
    }

    /// <summary>The record of <paramref name="volumeId"/>, or null.</summary>
    public VolumeImage? Find(Guid volumeId)
    {
        lock (Gate)
        {
            return _images.GetValueOrDefault(volumeId);
        }
    }

    /// <summary>
    /// Defines and starts the pool when libvirt lacks it (the test driver always does at connect), then creates again every
    /// recorded image libvirt no longer has. Throws <see cref="LibvirtException"/> when the pool cannot be had.
    /// </summary>
    public void Open()
    {
        EnsureLocalDirectory();
        using var pool = _connection.TryLookupPool(Name) ?? DefinePool();
        LibvirtConnection.StartPool(pool);
        foreach (var image in Images)
        {
            using var existing = LibvirtConnection.TryLookupVolume(pool, image.Name);
            if (existing is null)
            {
                using var created = LibvirtConnection.CreateVolume(pool, VolumeXml(image));
            }
        }
    }

    /// <summary>
    /// Creates the image of <paramref name="image"/> (path filled in from libvirt) and records it; the image is deleted again when the
    /// record cannot be written. Capacity is checked by the caller under <see cref="Gate"/>.
    /// </summary>
    public VolumeImage Create(VolumeImage image)
    {
        using var pool = OpenPool();
        using var volume = LibvirtConnection.CreateVolume(pool, VolumeXml(image));
        var created = image with { Path = LibvirtConnection.VolumePath(volume) };
        try
        {
            _store.Save(created);
        }
        catch (IOException)
        {
            LibvirtConnection.DeleteVolume(volume);
            throw;
        }

        lock (Gate)
        {
            _images[created.VolumeId] = created;
        }

        return created;
    }

    /// <summary>Deletes the image (when libvirt still has it) and its record.</summary>
    public void Delete(VolumeImage image)
    {
        using (var pool = OpenPool())
        {
            using var volume = LibvirtConnection.TryLookupVolume(pool, image.Name);
            if (volume is not null)
            {
                LibvirtConnection.DeleteVolume(volume);
            }
        }

        _store.Delete(image.VolumeId);
        lock (Gate)
        {
            _images.Remove(image.VolumeId);
        }
    }

    /// <summary>What libvirt reports of the image now (<c>virStorageVolGetInfo</c>), or null when it has none.</summary>
    public VolumeFacts? Info(VolumeImage image)
    {
        using var pool = OpenPool();
        using var volume = LibvirtConnection.TryLookupVolume(pool, image.Name);
        return volume is null ? null : LibvirtConnection.GetVolumeInfo(volume);
    }

    /// <summary>What libvirt reports of the pool now.</summary>
    public PoolFacts PoolInfo()
    {
        using var pool = OpenPool();
        return LibvirtConnection.GetPoolInfo(pool);
    }

    /// <summary>The libvirt volume name of a volume.</summary>
    public static string VolumeName(Guid volumeId, Provisioning provisioning) =>
        volumeId.ToString("D") + (provisioning == Provisioning.Thin ? ".qcow2" : ".img");

    /// <summary>The volume XML: thin qcow2 with allocation 0, or raw fully allocated.</summary>
    public static string VolumeXml(VolumeImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var bytes = checked(image.SizeGb * BytesPerGib);
        var allocation = image.Provisioning == Provisioning.Thick ? bytes : 0;
        return new XElement("volume",
            new XElement("name", image.Name),
            new XElement("capacity", new XAttribute("unit", "bytes"), bytes.ToString(CultureInfo.InvariantCulture)),
            new XElement("allocation", new XAttribute("unit", "bytes"), allocation.ToString(CultureInfo.InvariantCulture)),
            new XElement("target", new XElement("format", new XAttribute("type", image.Format)))).ToString(SaveOptions.DisableFormatting);
    }

    private StoragePoolHandle OpenPool() =>
        _connection.TryLookupPool(Name) ?? throw new LibvirtException(LibvirtErrors.NoStoragePool, 0, $"storage pool {Name} is gone from {_connection.Uri}");

    /// <summary>A local daemon's pool directory is made here (a plain directory needs no virStoragePoolBuild); the test driver needs none.</summary>
    private void EnsureLocalDirectory()
    {
        if (!_connection.IsTestDriver && _connection.Uri.Contains(":///", StringComparison.Ordinal))
        {
            System.IO.Directory.CreateDirectory(Directory);
        }
    }

    private StoragePoolHandle DefinePool()
    {
        var xml = new XElement("pool", new XAttribute("type", "dir"),
            new XElement("name", Name),
            new XElement("target", new XElement("path", Directory))).ToString(SaveOptions.DisableFormatting);
        return _connection.DefinePool(xml);
    }
}
