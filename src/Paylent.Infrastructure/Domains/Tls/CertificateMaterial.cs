using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Paylent.Infrastructure.Domains.Tls;

/// <summary>
/// A certificate chain as PEM (leaf first, RFC 8555 §9.1) and its private key as PKCS#8, made into what
/// TLS serves: one <see cref="SslStreamCertificateContext"/> with the intermediates, built once per
/// certificate rather than per handshake.
/// </summary>
internal static class CertificateMaterial
{
    /// <summary>The leaf with its key, and the rest of the chain; throws <see cref="CryptographicException"/> when they do not belong together.</summary>
    public static (X509Certificate2 Leaf, X509Certificate2Collection Intermediates) Open(string chainPem, ReadOnlySpan<byte> privateKeyPkcs8)
    {
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(chainPem);
        if (chain.Count == 0)
        {
            throw new CryptographicException("The chain holds no certificate.");
        }

        var leaf = chain[0];
        chain.RemoveAt(0);

        // CopyWithPrivateKey refuses a key whose public half is not the leaf's.
        try
        {
            return (WithKey(leaf, privateKeyPkcs8), chain);
        }
        catch (ArgumentException exception)
        {
            throw new CryptographicException("The private key is not the leaf certificate's.", exception);
        }
        finally
        {
            leaf.Dispose();
        }
    }

    private static X509Certificate2 WithKey(X509Certificate2 leaf, ReadOnlySpan<byte> privateKeyPkcs8)
    {
        if (leaf.GetECDsaPublicKey() is { } ecPublic)
        {
            ecPublic.Dispose();
            using var key = ECDsa.Create();
            key.ImportPkcs8PrivateKey(privateKeyPkcs8, out _);
            return leaf.CopyWithPrivateKey(key);
        }

        if (leaf.GetRSAPublicKey() is { } rsaPublic)
        {
            rsaPublic.Dispose();
            using var key = RSA.Create();
            key.ImportPkcs8PrivateKey(privateKeyPkcs8, out _);
            return leaf.CopyWithPrivateKey(key);
        }

        throw new CryptographicException("The leaf's key is neither EC nor RSA.");
    }

    public static SslStreamCertificateContext ContextOf(string chainPem, ReadOnlySpan<byte> privateKeyPkcs8)
    {
        var (leaf, intermediates) = Open(chainPem, privateKeyPkcs8);

        // offline: no AIA or OCSP fetches while building; the CA sent the chain with the certificate.
        return SslStreamCertificateContext.Create(leaf, intermediates, offline: true);
    }

    public static CertificateDetails DetailsOf(X509Certificate2 leaf) =>
        new(leaf.Issuer, leaf.SerialNumber, leaf.NotBefore.ToUniversalTime(), leaf.NotAfter.ToUniversalTime());
}
