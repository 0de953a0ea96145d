using PowerDrivers.Driver.Core.Model;

namespace PowerDrivers.Driver.Core.Backends;

/// <summary>How to reach an instance's console.</summary>
/// <param name="Type">Kind.</param>
/// <param name="Url">URL for a client.</param>
/// <param name="Host">Address.</param>
/// <param name="Port">Port.</param>
/// <param name="Token">Credential, if any.</param>
public sealed record ConsoleInfo(ConsoleType Type, string Url, string Host, int Port, string Token);
