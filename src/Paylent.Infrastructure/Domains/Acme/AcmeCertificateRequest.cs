using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Paylent.Infrastructure.Domains.Acme;

/// <summary>The CSR a finalize request carries (RFC 8555 §7.4): PKCS#10 for a key made for this one certificate.</summary>
internal static class AcmeCertificateRequest
{
    /// <summary>A fresh P-256 key and its DER CSR naming <paramref name="hostname"/> as the only subjectAltName.</summary>
    public static (ECDsa Key, byte[] Csr) For(string hostname)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        try
        {
            // The subject stays empty: a CN holds at most 64 characters and a hostname up to 253, and
            // the SAN is what names the host. RFC 5280 §4.2.1.6: with an empty subject the SAN is critical.
            var request = new CertificateRequest(new X500DistinguishedName(string.Empty), key, HashAlgorithmName.SHA256);
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName(hostname);
            request.CertificateExtensions.Add(names.Build(critical: true));
            return (key, request.CreateSigningRequest());
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }
}
