using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PowerDrivers.Emulator.Hmc.Server;

/// <summary>The HMC's self-signed TLS certificate: generated at first start and kept in the data directory.</summary>
internal static class CertificateStore
{
    public const string FileName = "hmc-tls.pfx";

    public static X509Certificate2 LoadOrCreate(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, FileName);
        if (!File.Exists(path))
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest("CN=hmc-emulator, O=PowerDrivers", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("localhost");
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
            using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(10));
            var temporary = path + ".tmp";
            File.WriteAllBytes(temporary, created.Export(X509ContentType.Pfx));
            File.Move(temporary, path, overwrite: true);
        }

        return X509CertificateLoader.LoadPkcs12FromFile(path, null);
    }
}
