namespace PowerDrivers.Backend.PowerVM.Tests.Support;

/// <summary>The recorded real-HMC responses in Reference/: status and body of each file's sections.</summary>
internal static class Recorded
{
    public static string Path(string file) => System.IO.Path.Combine(AppContext.BaseDirectory, "Reference", file);

    /// <summary>The BODY section (the XML the HMC returned); a plain .xml file is returned whole.</summary>
    public static string Body(string file)
    {
        var text = File.ReadAllText(Path(file));
        var start = text.IndexOf("BODY{", StringComparison.Ordinal);
        if (start < 0)
        {
            return text;
        }

        start += "BODY{".Length;
        var end = text.IndexOf("END OF SECTION}", start, StringComparison.Ordinal);
        return text[start..end].Trim();
    }
}
