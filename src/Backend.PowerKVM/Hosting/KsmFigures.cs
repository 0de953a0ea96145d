using System.Globalization;

namespace PowerDrivers.Backend.PowerKVM.Hosting;

/// <summary>
/// Kernel Samepage Merging on the machine that runs the guests, from <c>/sys/kernel/mm/ksm/*</c>: whether it runs and
/// how many pages it shares. Enabling or disabling KSM is a host setting (<c>run</c>), not a backend call.
/// </summary>
/// <param name="Running">True when <c>run</c> is 1.</param>
/// <param name="PagesShared">Shared pages in use (<c>pages_shared</c>).</param>
/// <param name="PagesSharing">Sites sharing them, i.e. pages saved (<c>pages_sharing</c>).</param>
/// <param name="PagesUnshared">Unique pages scanned repeatedly (<c>pages_unshared</c>).</param>
/// <param name="FullScans">Completed scans (<c>full_scans</c>).</param>
/// <param name="PageSizeBytes">The page size the counts are in.</param>
public sealed record KsmFigures(bool Running, long PagesShared, long PagesSharing, long PagesUnshared, long FullScans, long PageSizeBytes)
{
    /// <summary>Where the kernel publishes KSM.</summary>
    public const string DefaultDirectory = "/sys/kernel/mm/ksm";

    /// <summary>Memory KSM saves, MB (sharing pages × page size).</summary>
    public long SavedMb => PagesSharing * PageSizeBytes / (1024 * 1024);

    /// <summary>The figures under <paramref name="directory"/>, or null when they cannot be read (no KSM, not Linux, no permission).</summary>
    public static KsmFigures? Read(string directory = DefaultDirectory)
    {
        try
        {
            long Value(string name) => long.Parse(File.ReadAllText(Path.Combine(directory, name)).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture);
            return new KsmFigures(Value("run") == 1, Value("pages_shared"), Value("pages_sharing"), Value("pages_unshared"), Value("full_scans"), Environment.SystemPageSize);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or OverflowException)
        {
            return null;
        }
    }
}
