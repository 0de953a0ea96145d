using System.Globalization;

namespace PowerDrivers.Compat.Nova.Hosting;

/// <summary>A Nova microversion (2.x).</summary>
internal readonly record struct ApiVersion(int Major, int Minor) : IComparable<ApiVersion>
{
    /// <summary>The lowest microversion served.</summary>
    public static readonly ApiVersion Min = new(2, 1);

    /// <summary>
    /// The highest microversion served. Every change up to it that touches a served resource is honoured
    /// (2.2 keypair type, 2.3 extended server attributes, 2.9 locked, 2.10 keypair user_id, 2.16 host_status,
    /// 2.19 description, 2.25 live-migration body, 2.26 tags, 2.28 cpu_info object, 2.36 limits/quotas
    /// without the proxy APIs, 2.37 networks auto/none, 2.38 status filter validation).
    /// </summary>
    public static readonly ApiVersion Max = new(2, 38);

    public int CompareTo(ApiVersion other) => Major != other.Major ? Major.CompareTo(other.Major) : Minor.CompareTo(other.Minor);

    public static bool operator <(ApiVersion a, ApiVersion b) => a.CompareTo(b) < 0;

    public static bool operator >(ApiVersion a, ApiVersion b) => a.CompareTo(b) > 0;

    public static bool operator <=(ApiVersion a, ApiVersion b) => a.CompareTo(b) <= 0;

    public static bool operator >=(ApiVersion a, ApiVersion b) => a.CompareTo(b) >= 0;

    /// <summary>At least 2.<paramref name="minor"/>.</summary>
    public bool AtLeast(int minor) => this >= new ApiVersion(2, minor);

    public override string ToString() => $"{Major}.{Minor}";

    /// <summary>Parses "2.5" or "latest"; false when malformed.</summary>
    public static bool TryParse(string text, out ApiVersion version)
    {
        text = text.Trim();
        if (text.Equals("latest", StringComparison.OrdinalIgnoreCase))
        {
            version = Max;
            return true;
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0
            && int.TryParse(text.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            && int.TryParse(text.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var minor))
        {
            version = new ApiVersion(major, minor);
            return true;
        }

        version = default;
        return false;
    }
}
