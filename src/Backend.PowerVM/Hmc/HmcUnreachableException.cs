namespace PowerDrivers.Backend.PowerVM.Hmc;

/// <summary>The HMC could not be reached (connection refused or reset, TLS trust failure, timeout, 503).</summary>
public sealed class HmcUnreachableException : Exception
{
    /// <summary>Creates the error.</summary>
    public HmcUnreachableException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
