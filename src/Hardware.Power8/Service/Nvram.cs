using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace PowerDrivers.Hardware.Power8;

/// <summary>
/// Durable key/value store of one system's partition or guest configuration, kept in one file: a snapshot (every
/// entry, SHA-256 checked) followed by a journal of changes appended since. A change appends one checksummed record
/// and flushes it to disk before it returns (one small write and one fsync instead of rewriting the file); a crash
/// can tear only the record being appended, which was never acknowledged, and the next open cuts it off. When the
/// journal grows past the snapshot the file is compacted: a new snapshot is written to a temporary file, flushed and
/// renamed over the old one, so a crash leaves either the old or the new file, never a torn one. Replaying the
/// journal over a snapshot that already holds it changes nothing. Thread-safe; one <see cref="Nvram"/> per file at a time.
/// </summary>
public sealed class Nvram
{
    private const int MaxKeyBytes = 256;
    private const int RecordHashBytes = 16;
    private const byte PutRecord = 1;
    private const byte DeleteRecord = 2;
    private const long MinimumCompactionBytes = 256 * 1024;
    private static readonly byte[] Magic = "PDNVRAM1"u8.ToArray();
    private readonly Lock gate = new();
    private readonly Dictionary<string, byte[]> entries;
    private long snapshotBytes;
    private long journalBytes;

    /// <summary>Opens (or starts) the store at <paramref name="path"/>; throws <see cref="InvalidDataException"/> if the file is corrupt.</summary>
    public Nvram(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = System.IO.Path.GetFullPath(path);
        RemoveStaleTemporaries();
        entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        if (File.Exists(Path))
        {
            Load();
        }
    }

    /// <summary>Full path of the backing file.</summary>
    public string Path { get; }

    /// <summary>Compactions done since open (the journal folded into a new snapshot).</summary>
    public int Compactions { get; private set; }

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
            Append(PutRecord, key, copy);
            entries[key] = copy;
            CompactIfDue();
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

            Append(DeleteRecord, key, []);
            entries.Remove(key);
            CompactIfDue();
            return true;
        }
    }

    /// <summary>Folds the journal into a new snapshot now (atomically: temporary file, flushed, renamed).</summary>
    public void Compact()
    {
        lock (gate)
        {
            WriteSnapshot();
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

    private void Append(byte kind, string key, byte[] value)
    {
        if (!File.Exists(Path))
        {
            // The first change starts the file with a snapshot, so the file always begins with one.
            WriteSnapshot();
        }

        var record = Record(kind, key, value);
        using (var file = new FileStream(Path, FileMode.Open, FileAccess.Write, FileShare.Read))
        {
            file.Seek(snapshotBytes + journalBytes, SeekOrigin.Begin);
            file.Write(record);
            file.Flush(flushToDisk: true);
        }

        journalBytes += record.Length;
    }

    private void CompactIfDue()
    {
        if (journalBytes > Math.Max(MinimumCompactionBytes, snapshotBytes))
        {
            WriteSnapshot();
        }
    }

    private void WriteSnapshot()
    {
        var content = Serialize(entries);
        var temporary = $"{Path}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                file.Write(content);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, Path, overwrite: true);
            DirectorySync.Flush(System.IO.Path.GetDirectoryName(Path)!);
        }
        finally
        {
            File.Delete(temporary);
        }

        snapshotBytes = content.Length;
        journalBytes = 0;
        Compactions++;
    }

    private static byte[] Record(byte kind, string key, byte[] value)
    {
        var keyBytes = Encoding.UTF8.GetBytes(key);
        var payloadLength = 1 + 4 + keyBytes.Length + 4 + value.Length;
        var record = new byte[4 + payloadLength + RecordHashBytes];
        var span = record.AsSpan();
        BitConverter.TryWriteBytes(span, payloadLength);
        var payload = span.Slice(4, payloadLength);
        payload[0] = kind;
        BitConverter.TryWriteBytes(payload[1..], keyBytes.Length);
        keyBytes.CopyTo(payload[5..]);
        BitConverter.TryWriteBytes(payload[(5 + keyBytes.Length)..], value.Length);
        value.CopyTo(payload[(9 + keyBytes.Length)..]);
        SHA256.HashData(payload).AsSpan(0, RecordHashBytes).CopyTo(span[(4 + payloadLength)..]);
        return record;
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

    private void Load()
    {
        var bytes = File.ReadAllBytes(Path);
        var hashSize = SHA256.HashSizeInBytes;
        if (bytes.Length < Magic.Length + 4 + hashSize || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new InvalidDataException($"{Path} is not an NVRAM file");
        }

        // The snapshot: magic, count, entries, then the SHA-256 of all that.
        var position = Magic.Length;
        var count = ReadInt(bytes, ref position, "snapshot");
        for (var i = 0; i < count; i++)
        {
            var key = Encoding.UTF8.GetString(ReadBlock(bytes, ref position, "snapshot"));
            entries[key] = ReadBlock(bytes, ref position, "snapshot").ToArray();
        }

        if (position + hashSize > bytes.Length || !SHA256.HashData(bytes.AsSpan(0, position)).AsSpan().SequenceEqual(bytes.AsSpan(position, hashSize)))
        {
            throw new InvalidDataException($"{Path}: checksum mismatch (the NVRAM file is corrupt)");
        }

        snapshotBytes = position + hashSize;
        var end = ReplayJournal(bytes, (int)snapshotBytes);
        journalBytes = end - snapshotBytes;
        if (end < bytes.Length)
        {
            // A torn last record: the append that wrote it never returned. Cut it off so later appends follow the
            // last committed record (left in place, they would hide everything written after them).
            using var file = new FileStream(Path, FileMode.Open, FileAccess.Write, FileShare.Read);
            file.SetLength(end);
            file.Flush(flushToDisk: true);
        }
    }

    /// <summary>Applies every complete, intact record; returns where the committed journal ends.</summary>
    private int ReplayJournal(byte[] bytes, int start)
    {
        var position = start;
        while (position < bytes.Length)
        {
            var remaining = bytes.Length - position;
            if (remaining < 4)
            {
                break;
            }

            var length = BitConverter.ToInt32(bytes, position);
            if (length < 9 || (long)length + 4 + RecordHashBytes > remaining)
            {
                break;
            }

            var payload = bytes.AsSpan(position + 4, length);
            if (!SHA256.HashData(payload).AsSpan(0, RecordHashBytes).SequenceEqual(bytes.AsSpan(position + 4 + length, RecordHashBytes)))
            {
                if (position + 4 + length + RecordHashBytes < bytes.Length)
                {
                    // Records follow it, so it is not a torn last append: the file is damaged.
                    throw new InvalidDataException($"{Path}: journal record at {position} fails its checksum (the NVRAM file is corrupt)");
                }

                break;
            }

            var offset = 1;
            var key = Encoding.UTF8.GetString(ReadBlock(payload, ref offset, "journal"));
            var value = ReadBlock(payload, ref offset, "journal");
            switch (payload[0])
            {
                case PutRecord:
                    entries[key] = value.ToArray();
                    break;
                case DeleteRecord:
                    entries.Remove(key);
                    break;
                default:
                    throw new InvalidDataException($"{Path}: unknown journal record kind {payload[0]}");
            }

            position += 4 + length + RecordHashBytes;
        }

        return position;
    }

    private int ReadInt(ReadOnlySpan<byte> bytes, ref int position, string part)
    {
        if (position + 4 > bytes.Length)
        {
            throw new InvalidDataException($"{Path}: truncated {part} (the NVRAM file is corrupt)");
        }

        var value = BitConverter.ToInt32(bytes[position..]);
        position += 4;
        return value;
    }

    private ReadOnlySpan<byte> ReadBlock(ReadOnlySpan<byte> bytes, ref int position, string part)
    {
        var length = ReadInt(bytes, ref position, part);
        if (length < 0 || length > bytes.Length - position)
        {
            throw new InvalidDataException($"{Path}: truncated {part} (the NVRAM file is corrupt)");
        }

        var block = bytes.Slice(position, length);
        position += length;
        return block;
    }

    private void RemoveStaleTemporaries()
    {
        var directory = System.IO.Path.GetDirectoryName(Path)!;
        if (!Directory.Exists(directory))
        {
            return;
        }

        // A temporary left behind was never renamed into place: it belongs to a compaction that did not complete.
        foreach (var stale in Directory.EnumerateFiles(directory, $"{System.IO.Path.GetFileName(Path)}.*.tmp"))
        {
            File.Delete(stale);
        }
    }
}
