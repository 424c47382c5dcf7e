using System.Buffers.Text;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Paylent.Infrastructure.Domains.Acme;

/// <summary>
/// A certificate's ARI identifier (RFC 9773 §4.1): base64url (unpadded) of its Authority Key Identifier's
/// keyIdentifier, ".", and base64url of its serial number's DER INTEGER content octets (a leading zero
/// octet included, as encoded). The same text names the certificate a newOrder <c>replaces</c> (§5).
/// </summary>
public static class AcmeCertId
{
    private const string AuthorityKeyIdentifierOid = "2.5.29.35";

    /// <summary>The certificate's certID; null when it has no AKI keyIdentifier (or an unreadable one): no ARI for it.</summary>
    public static string? Of(X509Certificate2 certificate)
    {
        var extension = certificate.Extensions.FirstOrDefault(e => e.Oid?.Value == AuthorityKeyIdentifierOid);
        if (extension is null)
        {
            return null;
        }

        ReadOnlyMemory<byte>? keyIdentifier;
        try
        {
            keyIdentifier = new X509AuthorityKeyIdentifierExtension(extension.RawData, extension.Critical).KeyIdentifier;
        }
        catch (CryptographicException)
        {
            return null;
        }

        // SerialNumberBytes is the INTEGER's content octets as the certificate holds them (big-endian).
        var serial = certificate.SerialNumberBytes;
        return keyIdentifier is { Length: > 0 } key && serial.Length > 0
            ? $"{Base64Url.EncodeToString(key.Span)}.{Base64Url.EncodeToString(serial.Span)}"
            : null;
    }
}
