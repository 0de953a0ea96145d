// Standalone entry point of the emulated HMC; the model and the REST surface live in the library types.
await Console.Error.WriteLineAsync("PowerDrivers HMC emulator: standalone serving is not built yet; it is embedded by the driver.");
return 1;
