namespace PowerDrivers.Driver.Grpc.Hosting;

/// <summary>A configuration error found at start-up; the message names the setting at fault.</summary>
public sealed class DriverConfigurationException : Exception
{
    /// <summary>Creates the error.</summary>
    public DriverConfigurationException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}
