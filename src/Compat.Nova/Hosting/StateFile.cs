using System.Text.Json;

namespace PowerDrivers.Compat.Nova.Hosting;

/// <summary>
/// Front-only state that the driver's contract has no place for, kept as one small JSON file under the data directory
/// (written whole, through a temporary file), or in memory only when no data directory is configured.
/// </summary>
internal sealed class StateFile<T>
    where T : class, new()
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };
    private readonly string? _path;
    private readonly Lock _lock = new();
    private readonly T _value;

    public StateFile(string dataDirectory, string fileName)
    {
        if (dataDirectory.Length == 0)
        {
            _value = new T();
            return;
        }

        Directory.CreateDirectory(dataDirectory);
        _path = Path.Combine(dataDirectory, fileName);
        _value = File.Exists(_path) ? JsonSerializer.Deserialize<T>(File.ReadAllText(_path), Options) ?? new T() : new T();
    }

    /// <summary>Whether the state survives a restart.</summary>
    public bool Durable => _path is not null;

    /// <summary>Reads under the lock.</summary>
    public TResult Read<TResult>(Func<T, TResult> read)
    {
        lock (_lock)
        {
            return read(_value);
        }
    }

    /// <summary>Changes under the lock and saves when <paramref name="change"/> returns true.</summary>
    public bool Change(Func<T, bool> change)
    {
        lock (_lock)
        {
            if (!change(_value))
            {
                return false;
            }

            if (_path is not null)
            {
                var temp = _path + ".tmp";
                File.WriteAllText(temp, JsonSerializer.Serialize(_value, Options));
                File.Move(temp, _path, overwrite: true);
            }

            return true;
        }
    }
}
