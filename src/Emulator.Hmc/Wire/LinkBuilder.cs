namespace PowerDrivers.Emulator.Hmc.Wire;

/// <summary>Absolute hrefs of the served objects, from the request's scheme, host and port.</summary>
/// <param name="Base">E.g. <c>https://127.0.0.1:12443</c> (no trailing slash).</param>
internal sealed record LinkBuilder(string Base)
{
    public string Uom(string relative) => $"{Base}/rest/api/uom/{relative}";

    public string Web(string relative) => $"{Base}/rest/api/web/{relative}";
}
