namespace PowerDrivers.Backend.PowerVM.Hmc;

/// <summary>The HMC refused a request or a job failed: HTTP status (0 for a job), HSCL code and the HMC's message.</summary>
public sealed class HmcException : Exception
{
    /// <summary>Creates the error.</summary>
    public HmcException(int status, string? code, string message, Exception? inner = null)
        : base(code is null || message.Contains(code, StringComparison.Ordinal) ? message : $"{code} {message}", inner)
    {
        Status = status;
        Code = code;
        HmcMessage = message;
    }

    /// <summary>HTTP status, or 0 when a job reported the failure.</summary>
    public int Status { get; }

    /// <summary>HSCLxxxx, when the HMC gave one.</summary>
    public string? Code { get; }

    /// <summary>The HMC's own words.</summary>
    public string HmcMessage { get; }
}
