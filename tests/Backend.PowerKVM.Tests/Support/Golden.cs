using System.Runtime.CompilerServices;

namespace PowerDrivers.Backend.PowerKVM.Tests.Support;

/// <summary>
/// Golden files under tests/Backend.PowerKVM.Tests/Golden (tests calling it live in the project folder). With PD_UPDATE_GOLDEN=1 the source file is rewritten from the
/// actual text (review the diff); otherwise the text must equal the file.
/// </summary>
internal static class Golden
{
    public static void AssertMatches(string name, string actual, [CallerFilePath] string caller = "")
    {
        var source = Path.Combine(Path.GetDirectoryName(caller)!, "Golden", name);
        if (Environment.GetEnvironmentVariable("PD_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(source, actual);
            return;
        }

        var copied = Path.Combine(AppContext.BaseDirectory, "Golden", name);
        Assert.True(File.Exists(copied), $"golden file {name} is missing: run the tests once with PD_UPDATE_GOLDEN=1 and review it");
        Assert.Equal(File.ReadAllText(copied).ReplaceLineEndings("\n"), actual.ReplaceLineEndings("\n"));
    }
}
