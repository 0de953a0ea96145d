namespace PowerDrivers.Hardware.Power8;

/// <summary>
/// A hardware profile could not be loaded. The message names the file, the line and the field, e.g.
/// <c>S822L.yaml:12: field 'cores_per_socket': must be positive (got -2)</c>.
/// </summary>
public sealed class HardwareProfileException : Exception
{
    /// <summary>Creates the exception for a problem at <paramref name="file"/>:<paramref name="line"/> in <paramref name="field"/>.</summary>
    public HardwareProfileException(string file, int line, string? field, string problem, Exception? inner = null)
        : base(Format(file, line, field, problem), inner)
    {
        File = file;
        Line = line;
        Field = field;
        Problem = problem;
    }

    /// <summary>File name (no directory) of the profile.</summary>
    public string File { get; }

    /// <summary>1-based line of the offending node; 0 when the whole file is at fault.</summary>
    public int Line { get; }

    /// <summary>Field path (e.g. <c>pcie_slots[2].adapter.kind</c>), or null when no single field is at fault.</summary>
    public string? Field { get; }

    /// <summary>What is wrong, without the location prefix.</summary>
    public string Problem { get; }

    private static string Format(string file, int line, string? field, string problem) =>
        field is null ? $"{file}:{line}: {problem}" : $"{file}:{line}: field '{field}': {problem}";
}
