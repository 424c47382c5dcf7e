using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Paylent.Infrastructure.Domains.Acme;

/// <summary>
/// An account's ES256 key as ACME uses it: its public JWK (RFC 7517) and that JWK's thumbprint (RFC 7638),
/// from which every key authorization is made (RFC 8555 §8.1).
/// </summary>
internal sealed class AcmeAccountKey
{
    private const string P256Oid = "1.2.840.10045.3.1.7";

    public AcmeAccountKey(ECDsa key)
    {
        var parameters = key.ExportParameters(includePrivateParameters: false);
        if (key.KeySize != 256 || !IsP256(parameters.Curve))
        {
            throw new ArgumentException("An ACME account key must be an ECDSA P-256 key (ES256).", nameof(key));
        }

        Key = key;

        // RFC 7638 §3.2: the required members only, in lexicographic order, no whitespace. The same
        // text serves as the JWK of a newAccount request.
        Jwk = $$"""{"crv":"P-256","kty":"EC","x":"{{Base64Url.EncodeToString(parameters.Q.X)}}","y":"{{Base64Url.EncodeToString(parameters.Q.Y)}}"}""";
        Thumbprint = Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(Jwk)));
    }

    public ECDsa Key { get; }

    /// <summary>The public key as a canonical JWK (RFC 7638 §3.2).</summary>
    public string Jwk { get; }

    /// <summary>The base64url SHA-256 JWK thumbprint (RFC 7638 §3).</summary>
    public string Thumbprint { get; }

    /// <summary>RFC 8555 §8.1: token || '.' || base64url(thumbprint).</summary>
    public string KeyAuthorization(string token) => $"{token}.{Thumbprint}";

    private static bool IsP256(ECCurve curve) =>
        curve.IsNamed && (curve.Oid.Value == P256Oid || curve.Oid.FriendlyName is "nistP256" or "ECDSA_P256" or "secp256r1" or "prime256v1");
}
