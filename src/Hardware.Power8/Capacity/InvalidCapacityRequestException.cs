namespace PowerDrivers.Hardware.Power8;

/// <summary>
/// A capacity request is malformed for this system or firmware (negative amount, memory not a multiple of the
/// LMB, processing units under OPAL, unknown slot...). Nothing is ever rounded or guessed instead.
/// </summary>
public sealed class InvalidCapacityRequestException : ArgumentException
{
    /// <summary>Creates the exception for <paramref name="field"/> of <see cref="CapacityRequest"/>.</summary>
    public InvalidCapacityRequestException(string field, string message)
        : base($"{field}: {message}")
    {
        Field = field;
    }

    /// <summary>Name of the <see cref="CapacityRequest"/> property at fault.</summary>
    public string Field { get; }
}
