namespace PowerDrivers.Hardware.Power8.Tests;

/// <summary>A temporary directory removed at dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "power8-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}

internal static class Profiles
{
    public static readonly ProfileCatalog BuiltIn = ProfileCatalog.LoadBuiltIn();

    public static string BuiltInYaml(string file)
    {
        using var stream = typeof(ProfileCatalog).Assembly.GetManifestResourceStream($"profiles/{file}")
            ?? throw new InvalidOperationException(file);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>1-based line of the first line containing <paramref name="text"/>.</summary>
    public static int LineOf(string yaml, string text) =>
        Array.FindIndex(yaml.Split('\n'), l => l.Contains(text, StringComparison.Ordinal)) + 1;

    public static ManagedSystem System(string model, Firmware firmware, ManagedSystemOptions? options = null) =>
        new(BuiltIn.Get(model), firmware, $"{model}-test", null, options);
}
