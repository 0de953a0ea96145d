using PowerDrivers.Driver.Core.States;

namespace PowerDrivers.Driver.Grpc.Tests;

public sealed class StateDocumentTests
{
    [Fact]
    public void StatesDocument_IsGeneratedFromTheTransitionTable()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Drivers.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("repository root not found");
        }

        var path = Path.Combine(root, "docs", "states.md");
        var expected = StateTableDocument.Render();
        if (Environment.GetEnvironmentVariable("PD_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, expected);
        }

        Assert.True(File.Exists(path), "docs/states.md is missing: run the tests with PD_UPDATE_DOCS=1");
        Assert.Equal(expected, File.ReadAllText(path));
    }
}
