using System.Globalization;
using System.Text.RegularExpressions;
using PowerDrivers.Driver.Core.Errors;

namespace PowerDrivers.Driver.Core.Model;

/// <summary>The one spelling of an Ethernet MAC address the driver and its backends use: "aa:bb:cc:dd:ee:ff".</summary>
public static partial class MacAddress
{
    /// <summary>
    /// The canonical form of <paramref name="mac"/> (colons, dashes or no separators accepted, any case); a malformed,
    /// multicast or zero address is an <see cref="InvalidSpecError"/> on field <c>mac_address</c>.
    /// </summary>
    public static string Normalize(string mac)
    {
        ArgumentNullException.ThrowIfNull(mac);
        var trimmed = mac.Trim();
        if (!Pattern().IsMatch(trimmed))
        {
            throw new InvalidSpecError("mac_address", $"'{mac}' is not a MAC address (six hexadecimal octets separated by colons, e.g. fa:16:3e:12:34:56)");
        }

        var hex = trimmed.Replace(":", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();
        var canonical = string.Join(':', Enumerable.Range(0, 6).Select(i => hex.Substring(i * 2, 2)));
        if ((byte.Parse(hex.AsSpan(0, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) & 1) == 1 || canonical == "00:00:00:00:00:00")
        {
            throw new InvalidSpecError("mac_address", $"'{mac}' is a multicast or zero address; an interface needs a unicast MAC");
        }

        return canonical;
    }

    [GeneratedRegex("^[0-9A-Fa-f]{2}((:[0-9A-Fa-f]{2}){5}|(-[0-9A-Fa-f]{2}){5}|([0-9A-Fa-f]{2}){5})$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
