namespace PowerDrivers.Emulator.Hmc.Tests;

/// <summary>Removes a test's data directory; a background write racing the removal gets a few bounded retries.</summary>
internal static class TestDirectories
{
    public static void Delete(string path)
    {
        for (var attempt = 0; attempt < 5 && Directory.Exists(path); attempt++)
        {
            try
            {
                Directory.Delete(path, recursive: true);
            }
            catch (IOException) when (attempt < 4)
            {
                Thread.Sleep(20);
            }
            catch (IOException)
            {
                // Leave it in the temp directory rather than fail the test over cleanup.
            }
        }
    }
}
