namespace PowerDrivers.Hardware.Power8;

/// <summary>
/// The hardware profiles the driver knows: the built-in ones embedded in this assembly (resources named
/// <c>profiles/&lt;file&gt;.yaml</c>), optionally overridden or extended by the YAML files of a directory.
/// Immutable; safe to share between threads.
/// </summary>
public sealed class ProfileCatalog
{
    private const string ResourcePrefix = "profiles/";
    private readonly Dictionary<string, HardwareProfile> byModel;

    private ProfileCatalog(Dictionary<string, HardwareProfile> byModel)
    {
        this.byModel = byModel;
        All = [.. byModel.Values.OrderBy(p => p.Model, StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>Every profile, ordered by model name.</summary>
    public IReadOnlyList<HardwareProfile> All { get; }

    /// <summary>Loads the built-in profiles; throws <see cref="HardwareProfileException"/> if one is invalid.</summary>
    public static ProfileCatalog LoadBuiltIn()
    {
        var assembly = typeof(ProfileCatalog).Assembly;
        var profiles = new Dictionary<string, HardwareProfile>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"embedded profile {name} cannot be opened");
            using var reader = new StreamReader(stream);
            var file = name[ResourcePrefix.Length..];
            AddUnique(profiles, ProfileParser.Parse(file, reader.ReadToEnd(), $"embedded:{name}"), file);
        }

        return new ProfileCatalog(profiles);
    }

    /// <summary>Parses one profile from YAML text; <paramref name="fileName"/> is used in error messages.</summary>
    public static HardwareProfile Parse(string fileName, string yaml)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        ArgumentNullException.ThrowIfNull(yaml);
        return ProfileParser.Parse(fileName, yaml, fileName);
    }

    /// <summary>
    /// A new catalog with every <c>*.yaml</c>/<c>*.yml</c> file of <paramref name="directory"/> added; a profile with
    /// the model name of an existing one replaces it. Throws <see cref="HardwareProfileException"/> for an invalid file
    /// and <see cref="DirectoryNotFoundException"/> when the directory does not exist.
    /// </summary>
    public ProfileCatalog WithDirectory(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"profile directory '{directory}' does not exist");
        }

        var loaded = new Dictionary<string, HardwareProfile>(StringComparer.OrdinalIgnoreCase);
        var files = Directory.EnumerateFiles(directory, "*.yaml").Concat(Directory.EnumerateFiles(directory, "*.yml")).Order(StringComparer.Ordinal);
        foreach (var path in files)
        {
            var file = Path.GetFileName(path);
            AddUnique(loaded, ProfileParser.Parse(file, File.ReadAllText(path), path), file);
        }

        var merged = new Dictionary<string, HardwareProfile>(byModel, StringComparer.OrdinalIgnoreCase);
        foreach (var (model, profile) in loaded)
        {
            merged[model] = profile;
        }

        return new ProfileCatalog(merged);
    }

    /// <summary>
    /// The profile named <paramref name="model"/>, by model name (<c>S822L</c>) or machine type-model
    /// (<c>8247-22L</c>), case-insensitively. Throws <see cref="KeyNotFoundException"/> listing the known models.
    /// </summary>
    public HardwareProfile Get(string model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return TryGet(model, out var profile)
            ? profile
            : throw new KeyNotFoundException(
                $"unknown hardware profile '{model}'; known: {string.Join(", ", All.Select(p => $"{p.Model} ({p.MachineTypeModel})"))}");
    }

    /// <summary>Looks a profile up like <see cref="Get"/>; false when unknown. Throws when a type-model names several profiles.</summary>
    public bool TryGet(string model, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out HardwareProfile? profile)
    {
        ArgumentNullException.ThrowIfNull(model);
        var key = model.Trim();
        if (byModel.TryGetValue(key, out profile))
        {
            return true;
        }

        var matches = All.Where(p => string.Equals(p.MachineTypeModel, key, StringComparison.OrdinalIgnoreCase)).ToList();
        if (matches.Count > 1)
        {
            throw new ArgumentException(
                $"'{model}' names several profiles ({string.Join(", ", matches.Select(p => p.Model))}); use the model name", nameof(model));
        }

        profile = matches.FirstOrDefault();
        return profile is not null;
    }

    private static void AddUnique(Dictionary<string, HardwareProfile> target, HardwareProfile profile, string file)
    {
        if (target.TryGetValue(profile.Model, out var other))
        {
            throw new HardwareProfileException(file, 0, "model", $"model '{profile.Model}' is already defined by {other.Source}");
        }

        target.Add(profile.Model, profile);
    }
}
