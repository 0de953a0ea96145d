namespace PowerDrivers.Emulator.Hmc.Model;

/// <summary>How a partition is powered off (the PowerOff job parameters).</summary>
/// <param name="Operation"><c>osshutdown</c> (OS shutdown through RMC), <c>shutdown</c> (delayed, through the VSP) or <c>vsp</c> (VSP).</param>
/// <param name="Immediate">Immediate rather than normal (OS immediate / VSP hard).</param>
/// <param name="Restart">Start again once down.</param>
public sealed record PowerOffOptions(string Operation = "shutdown", bool Immediate = false, bool Restart = false);
