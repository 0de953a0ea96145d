namespace PowerDrivers.Emulator.Hmc.Model;

/// <summary>
/// A refusal of the emulated HMC/PHYP, carried to the client as an <c>HttpErrorResponse</c> (or a failed job result)
/// whose message starts with the HSCL code, as a real HMC words it.
/// </summary>
public sealed class HmcException : Exception
{
    /// <summary>Creates the refusal; <paramref name="message"/> is the text after the code.</summary>
    public HmcException(string code, string message, int httpStatus = 400)
        : base($"{code} {message}")
    {
        Code = code;
        HttpStatus = httpStatus;
    }

    /// <summary>The HSCL code, e.g. <c>HSCL1566</c>.</summary>
    public string Code { get; }

    /// <summary>HTTP status the REST layer answers with (400 rule, 404 unknown, 409 state, 412 etag, 500 internal).</summary>
    public int HttpStatus { get; }
}
