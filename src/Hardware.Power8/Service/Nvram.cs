using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace PowerDrivers.Hardware.Power8;

/// <summary>
/// Durable key/value store of one system's partition or guest configuration, kept in one file. Every change
/// rewrites the file atomically (temporary file, flushed to disk, renamed over the old one), so a crash leaves either
/// the old or the new content, never a torn file. Thread-safe; one <see cref="Nvram"/> per file at a time.
/// </summary>
public sealed class Nvram
{
    private const int MaxKeyBytes = 256;
    private static readonly byte[] Magic = "PDNVRAM1"u8.ToArray();
    private readonly Lock gate = new();
    private Dictionary<string, byte[]> entries;

    /// <summary>Opens (or starts) the store at <paramref name="path"/>; throws <see cref="InvalidDataException"/> if the file is corrupt.</summary>
    public Nvram(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = System.IO.Path.GetFullPath(path);
        RemoveStaleTemporaries();
        entries = File.Exists(Path) ? Load(Path) : new Dictionary<string, byte[]>(StringComparer.Ordinal);
    }

    /// <summary>Full path of the backing file.</summary>
    public string Path { get; }

    /// <summary>Every key, in ordinal order.</summary>
    public IReadOnlyList<string> Keys
    {
        get
        {
            lock (gate)
            {
                return [.. entries.Keys.Order(StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/> (replacing any value); durable when it returns.</summary>
    public void Write(string key, ReadOnlySpan<byte> value)
    {
        CheckKey(key);
        var copy = value.ToArray();
        lock (gate)
        {
            var next = new Dictionary<string, byte[]>(entries, StringComparer.Ordinal) { [key] = copy };
            Persist(next);
            entries = next;
        }
    }

    /// <summary>A copy of the value under <paramref name="key"/>, or false when absent.</summary>
    public bool TryRead(string key, [NotNullWhen(true)] out byte[]? value)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (gate)
        {
            value = entries.TryGetValue(key, out var stored) ? (byte[])stored.Clone() : null;
            return value is not null;
        }
    }

    /// <summary>Removes <paramref name="key"/>; false when it was absent (nothing is written then).</summary>
    public bool Delete(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (gate)
        {
            if (!entries.ContainsKey(key))
            {
                return false;
            }

            var next = new Dictionary<string, byte[]>(entries, StringComparer.Ordinal);
            next.Remove(key);
            Persist(next);
            entries = next;
            return true;
        }
    }

    private static void CheckKey(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (Encoding.UTF8.GetByteCount(key) > MaxKeyBytes || key.Any(char.IsControl))
        {
            throw new ArgumentException($"NVRAM keys are at most {MaxKeyBytes} UTF-8 bytes without control characters", nameof(key));
        }
    }

    private void Persist(Dictionary<string, byte[]> content)
    {
        var temporary = $"{Path}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                file.Write(Serialize(content));
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, Path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static byte[] Serialize(Dictionary<string, byte[]> content)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(content.Count);
            foreach (var (key, value) in content.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                var keyBytes = Encoding.UTF8.GetBytes(key);
                writer.Write(keyBytes.Length);
                writer.Write(keyBytes);
                writer.Write(value.Length);
                writer.Write(value);
            }
        }

        var body = buffer.ToArray();
        return [.. body, .. SHA256.HashData(body)];
    }

    private static Dictionary<string, byte[]> Load(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var hashSize = SHA256.HashSizeInBytes;
        if (bytes.Length < Magic.Length + 4 + hashSize || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new InvalidDataException($"{path} is not an NVRAM file");
        }

        var body = bytes.AsSpan(0, bytes.Length - hashSize);
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - hashSize)))
        {
            throw new InvalidDataException($"{path}: checksum mismatch (the NVRAM file is corrupt)");
        }

        var result = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using var reader = new BinaryReader(new MemoryStream(bytes, 0, body.Length), Encoding.UTF8);
        reader.ReadBytes(Magic.Length);
        var count = reader.ReadInt32();
        for (var i = 0; i < count; i++)
        {
            var key = Encoding.UTF8.GetString(reader.ReadBytes(reader.ReadInt32()));
            result[key] = reader.ReadBytes(reader.ReadInt32());
        }

        return result;
    }

    private void RemoveStaleTemporaries()
    {
        var directory = System.IO.Path.GetDirectoryName(Path)!;
        if (!Directory.Exists(directory))
        {
            return;
        }

        // A temporary left behind was never renamed into place: it belongs to a write that did not complete.
        foreach (var stale in Directory.EnumerateFiles(directory, $"{System.IO.Path.GetFileName(Path)}.*.tmp"))
        {
            File.Delete(stale);
        }
    }
}
