using PowerDrivers.Driver.Grpc.Hosting;

try
{
    var app = DriverHost.Build(args);
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (ex is DriverConfigurationException or PowerDrivers.Hardware.Power8.HardwareProfileException)
{
    // Configuration and profile errors: one clear line, no stack trace.
    await Console.Error.WriteLineAsync($"powerdrivers: configuration error: {ex.Message}");
    return 2;
}
