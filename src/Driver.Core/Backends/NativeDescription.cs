namespace PowerDrivers.Driver.Core.Backends;

/// <summary>The platform's own description of an instance, as the platform returns it.</summary>
/// <param name="Format">"libvirt-domain-xml" or "hmc-uom-xml".</param>
/// <param name="Document">The document.</param>
public sealed record NativeDescription(string Format, string Document);
