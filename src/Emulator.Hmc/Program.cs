using System.Runtime.InteropServices;
using PowerDrivers.Emulator.Hmc;

// Standalone emulated HMC: parses the command line, serves until Ctrl+C.
HmcOptions? options;
try
{
    options = CommandLine.Parse(args);
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync($"hmc-emulator: {ex.Message}\n{CommandLine.Usage}");
    return 2;
}

if (options is null)
{
    Console.WriteLine(CommandLine.Usage);
    return 0;
}

using var stop = new CancellationTokenSource();
void Stop(PosixSignalContext signal)
{
    signal.Cancel = true;
    stop.Cancel();
}

using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

await using var server = await HmcServer.StartAsync(options);
Console.WriteLine($"HMC emulator listening on {server.BaseAddress}rest/api/ (data in {Path.GetFullPath(options.DataDirectory)})");
foreach (var system in server.Model.Systems)
{
    Console.WriteLine($"  managed system {system.Name} {system.Machine.MachineTypeModelSerial} uuid {system.Uuid}");
}

try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
    Console.WriteLine("HMC emulator stopping");
}

return 0;
