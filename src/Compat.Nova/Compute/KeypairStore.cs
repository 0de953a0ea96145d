using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace PowerDrivers.Compat.Nova.Compute;

/// <summary>A keypair of one user.</summary>
internal sealed record Keypair(string UserId, string Name, string PublicKey, string Fingerprint, string Type, DateTimeOffset CreatedAt);

/// <summary>Keypairs per user, in memory and, when a data directory is configured, in <c>keypairs.json</c> there.</summary>
internal sealed class KeypairStore
{
    private readonly ConcurrentDictionary<(string User, string Name), Keypair> _keys = new();
    private readonly string? _file;
    private readonly Lock _save = new();

    public KeypairStore(string dataDirectory)
    {
        if (dataDirectory.Length == 0)
        {
            return;
        }

        Directory.CreateDirectory(dataDirectory);
        _file = Path.Combine(dataDirectory, "keypairs.json");
        if (File.Exists(_file))
        {
            foreach (var k in JsonSerializer.Deserialize<List<Keypair>>(File.ReadAllText(_file)) ?? [])
            {
                _keys[(k.UserId, k.Name)] = k;
            }
        }
    }

    public IEnumerable<Keypair> For(string userId) => _keys.Values.Where(k => k.UserId == userId).OrderBy(k => k.Name, StringComparer.Ordinal);

    public Keypair? Find(string userId, string name) => _keys.TryGetValue((userId, name), out var k) ? k : null;

    public bool TryAdd(Keypair keypair)
    {
        var added = _keys.TryAdd((keypair.UserId, keypair.Name), keypair);
        if (added)
        {
            Save();
        }

        return added;
    }

    public bool Remove(string userId, string name)
    {
        var removed = _keys.TryRemove((userId, name), out _);
        if (removed)
        {
            Save();
        }

        return removed;
    }

    private void Save()
    {
        if (_file is null)
        {
            return;
        }

        lock (_save)
        {
            var temp = _file + ".tmp";
            File.WriteAllText(temp, JsonSerializer.Serialize(_keys.Values.OrderBy(k => k.UserId, StringComparer.Ordinal).ThenBy(k => k.Name, StringComparer.Ordinal).ToList()));
            File.Move(temp, _file, overwrite: true);
        }
    }

    /// <summary>A new RSA key: the OpenSSH public key and the PEM private key.</summary>
    public static (string PublicKey, string PrivateKey) Generate(string comment)
    {
        using var rsa = RSA.Create(2048);
        var p = rsa.ExportParameters(false);
        using var blob = new MemoryStream();
        WriteString(blob, Encoding.ASCII.GetBytes("ssh-rsa"));
        WriteString(blob, Mpint(p.Exponent!));
        WriteString(blob, Mpint(p.Modulus!));
        return ($"ssh-rsa {Convert.ToBase64String(blob.ToArray())} {comment}", rsa.ExportRSAPrivateKeyPem() + "\n");
    }

    /// <summary>The MD5 fingerprint of an OpenSSH public key (<c>aa:bb:…</c>), or null when it is not one.</summary>
    public static string? Fingerprint(string publicKey)
    {
        var parts = publicKey.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || !parts[0].StartsWith("ssh-", StringComparison.Ordinal) && !parts[0].StartsWith("ecdsa-", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
#pragma warning disable CA5351 // The MD5 fingerprint is the format Nova shows, not a security control.
            return string.Join(':', MD5.HashData(Convert.FromBase64String(parts[1])).Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
#pragma warning restore CA5351
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static byte[] Mpint(byte[] value) => value.Length > 0 && (value[0] & 0x80) != 0 ? [0, .. value] : value;

    private static void WriteString(Stream s, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        s.Write(length);
        s.Write(data);
    }
}
