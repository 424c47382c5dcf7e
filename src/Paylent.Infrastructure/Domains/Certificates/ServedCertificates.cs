using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Paylent.Infrastructure.Domains.Acme;
using Paylent.Infrastructure.Persistence;

namespace Paylent.Infrastructure.Domains.Certificates;

/// <summary>The certificate a hostname is served with now, as ACME Renewal Information names it.</summary>
internal static class ServedCertificates
{
    /// <summary>
    /// The served leaf's serial (as the domain records it) and certID (RFC 9773 §4.1; null without an AKI
    /// keyIdentifier); null when no certificate is stored for the name.
    /// </summary>
    public static async Task<(string Serial, string? CertId)?> IdentifyAsync(PaylentDbContext db, string hostname, CancellationToken cancellationToken)
    {
        var name = Hostnames.Normalize(hostname);
        var chain = await db.TlsCertificates.AsNoTracking().Where(c => c.Hostname == name).Select(c => c.ChainPem).SingleOrDefaultAsync(cancellationToken);
        if (chain is null)
        {
            return null;
        }

        try
        {
            // The leaf comes first (RFC 8555 §9.1), and CreateFromPem takes the first certificate.
            using var leaf = X509Certificate2.CreateFromPem(chain);
            return (leaf.SerialNumber, AcmeCertId.Of(leaf));
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
