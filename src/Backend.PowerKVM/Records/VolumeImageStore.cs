using System.Text.Json;
using System.Text.Json.Serialization;

namespace PowerDrivers.Backend.PowerKVM.Records;

/// <summary>
/// One JSON file per volume under a host's data directory (<c>powerkvm/volumes/&lt;id&gt;.json</c>), written like the
/// guest records: temporary file, flush, rename.
/// </summary>
internal sealed class VolumeImageStore
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly string _directory;

    /// <summary>Opens (creating) the store under <paramref name="hostDataDirectory"/>.</summary>
    public VolumeImageStore(string hostDataDirectory)
    {
        _directory = Path.Combine(hostDataDirectory, "powerkvm", "volumes");
        Directory.CreateDirectory(_directory);
        foreach (var stale in Directory.EnumerateFiles(_directory, "*.tmp"))
        {
            File.Delete(stale);
        }
    }

    /// <summary>Every stored volume.</summary>
    public IReadOnlyList<VolumeImage> LoadAll() =>
        [.. Directory.EnumerateFiles(_directory, "*.json").Order(StringComparer.Ordinal)
            .Select(f => JsonSerializer.Deserialize<VolumeImage>(File.ReadAllText(f), Json)
                ?? throw new InvalidDataException($"volume record {f} is empty"))];

    /// <summary>Writes <paramref name="image"/> durably.</summary>
    public void Save(VolumeImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var path = PathOf(image.VolumeId);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, image, Json);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Removes the record of <paramref name="volumeId"/> (no error when absent).</summary>
    public void Delete(Guid volumeId) => File.Delete(PathOf(volumeId));

    private string PathOf(Guid id) => Path.Combine(_directory, id.ToString("D") + ".json");
}
