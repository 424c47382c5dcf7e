using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Paylent.Application.Common.Security;
using Paylent.Application.OAuth;
using Paylent.Domain.OAuth;

namespace Paylent.Infrastructure.OAuth;

/// <summary>The <c>Paylent:SigningKeys</c> section.</summary>
public sealed class SigningKeyOptions
{
    public const string Section = "Paylent:SigningKeys";

    /// <summary>4096 as the contract says; tests may lower it (never below 2048) to generate faster.</summary>
    public int KeySize { get; set; } = SigningKey.RsaKeySize;

    /// <summary>How long an instance trusts its cached keys before checking the database for a rotation.</summary>
    public int RefreshSeconds { get; set; } = 5;
}

/// <summary>
/// RSA key pairs for RS256 and P-256 key pairs for ES256 (RFC 7518 §3.3, §3.4). Either way the public
/// key is kept as SubjectPublicKeyInfo and the PKCS#8 private key is sealed with the key-encryption key,
/// bound to its environment and kid.
/// </summary>
internal sealed class SigningKeyGenerator(KeyEncryption encryption, IOptions<SigningKeyOptions> options) : ISigningKeyGenerator
{
    public SigningKey Generate(Guid environmentId, string algorithm, DateTime now)
    {
        using AsymmetricAlgorithm key = algorithm switch
        {
            SigningAlgorithms.Rs256 => RSA.Create(Math.Max(2048, options.Value.KeySize)),
            SigningAlgorithms.Es256 => ECDsa.Create(ECCurve.NamedCurves.nistP256),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Not a signing algorithm."),
        };
        var kid = Kid(key);
        var privateKey = key.ExportPkcs8PrivateKey();
        try
        {
            return SigningKey.Create(
                environmentId,
                algorithm,
                kid,
                Convert.ToBase64String(key.ExportSubjectPublicKeyInfo()),
                encryption.Seal(privateKey, AssociatedData(environmentId, kid)),
                now);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privateKey);
        }
    }

    public static string AssociatedData(Guid environmentId, string kid) => $"{environmentId:N}:{kid}";

    /// <summary>The first 64 bits of the RFC 7638 JWK thumbprint, base64url: 11 characters, as in seed 001.</summary>
    private static string Kid(AsymmetricAlgorithm key) =>
        Secrets.Base64Url(SHA256.HashData(Encoding.UTF8.GetBytes(Jwk.Thumbprint(key))).AsSpan(0, 8));
}
