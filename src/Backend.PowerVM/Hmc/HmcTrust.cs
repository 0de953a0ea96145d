using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PowerDrivers.Backend.PowerVM.Hmc;

/// <summary>How the HMC's TLS certificate is trusted.</summary>
public enum HmcTrustMode
{
    /// <summary>The operating system's trust store and host name check (the default).</summary>
    System,
    /// <summary>Only the certificate with the configured SHA-256 fingerprint (self-signed HMC certificates).</summary>
    Pinned,
    /// <summary>A chain ending in a CA certificate read from a PEM file.</summary>
    CaFile,
    /// <summary>Any certificate; refused unless the HMC URL is a loopback address.</summary>
    Insecure,
}

/// <summary>Builds the certificate check for a <see cref="HmcTrustMode"/>.</summary>
public static class HmcTrust
{
    /// <summary>Throws <see cref="ArgumentException"/> when the trust settings are unusable for <paramref name="url"/>.</summary>
    public static void Validate(Uri url, HmcTrustMode mode, string? pin, string? caFile)
    {
        ArgumentNullException.ThrowIfNull(url);
        switch (mode)
        {
            case HmcTrustMode.Insecure when !IsLoopback(url):
                throw new ArgumentException($"Trust=Insecure is allowed only for a loopback HMC URL (got {url.Host}); pin the certificate (Trust=Pinned, TrustPin) or give its CA (Trust=CaFile, TrustCaFile)");
            case HmcTrustMode.Pinned when string.IsNullOrWhiteSpace(pin) || Normalize(pin).Length != 64:
                throw new ArgumentException("Trust=Pinned needs TrustPin, the SHA-256 fingerprint of the HMC certificate (64 hex digits, colons allowed)");
            case HmcTrustMode.CaFile when string.IsNullOrWhiteSpace(caFile) || !File.Exists(caFile):
                throw new ArgumentException($"Trust=CaFile needs TrustCaFile, an existing PEM file (got '{caFile}')");
        }
    }

    /// <summary>The certificate callback for the mode; null means the platform's default validation.</summary>
    public static RemoteCertificateValidationCallback? Callback(HmcTrustMode mode, string? pin, string? caFile)
    {
        switch (mode)
        {
            case HmcTrustMode.Insecure:
#pragma warning disable CA5359 // Insecure is refused by Validate unless the HMC URL is a loopback address (the embedded emulator).
                return (_, _, _, _) => true;
#pragma warning restore CA5359
            case HmcTrustMode.Pinned:
                var expected = Normalize(pin ?? "");
                return (_, cert, _, _) => cert is not null
                    && string.Equals(Convert.ToHexString(SHA256.HashData(cert.GetRawCertData())), expected, StringComparison.OrdinalIgnoreCase);
            case HmcTrustMode.CaFile:
                var roots = new X509Certificate2Collection();
                roots.ImportFromPemFile(caFile!);
                return (_, cert, _, errors) =>
                {
                    if (cert is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
                    {
                        return false;
                    }

                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.AddRange(roots);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    using var leaf = new X509Certificate2(cert);
                    return chain.Build(leaf);
                };
            default:
                return null;
        }
    }

    /// <summary>True for 127.0.0.0/8, ::1 and localhost.</summary>
    public static bool IsLoopback(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.IsLoopback || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }

    private static string Normalize(string pin) => pin.Replace(":", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).Trim();
}
