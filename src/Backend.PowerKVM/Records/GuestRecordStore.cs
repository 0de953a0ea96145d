using System.Text.Json;
using System.Text.Json.Serialization;

namespace PowerDrivers.Backend.PowerKVM.Records;

/// <summary>
/// One JSON file per guest under a host's data directory (<c>powerkvm/guests/&lt;id&gt;.json</c>). Each write goes to a
/// temporary file that is flushed and then renamed over the old one, so a crash leaves the old or the new record.
/// </summary>
internal sealed class GuestRecordStore
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly string _directory;

    /// <summary>Opens (creating) the store under <paramref name="hostDataDirectory"/>.</summary>
    public GuestRecordStore(string hostDataDirectory)
    {
        _directory = Path.Combine(hostDataDirectory, "powerkvm", "guests");
        Directory.CreateDirectory(_directory);
        foreach (var stale in Directory.EnumerateFiles(_directory, "*.tmp"))
        {
            File.Delete(stale);
        }
    }

    /// <summary>The directory holding the records.</summary>
    public string Location => _directory;

    /// <summary>Every stored record.</summary>
    public IReadOnlyList<GuestRecord> LoadAll() =>
        [.. Directory.EnumerateFiles(_directory, "*.json").Order(StringComparer.Ordinal)
            .Select(f => JsonSerializer.Deserialize<GuestRecord>(File.ReadAllText(f), Json)
                ?? throw new InvalidDataException($"guest record {f} is empty"))];

    /// <summary>Writes <paramref name="record"/> durably.</summary>
    public void Save(GuestRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var path = PathOf(record.InstanceId);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, record, Json);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Removes the record of <paramref name="instanceId"/> (no error when absent).</summary>
    public void Delete(Guid instanceId) => File.Delete(PathOf(instanceId));

    private string PathOf(Guid id) => Path.Combine(_directory, id.ToString("D") + ".json");
}
