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

internal sealed class RsaSigningKeyGenerator(KeyEncryption encryption, IOptions<SigningKeyOptions> options) : ISigningKeyGenerator
{
    public SigningKey Generate(Guid environmentId, DateTime now)
    {
        using var rsa = RSA.Create(Math.Max(2048, options.Value.KeySize));
        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        var kid = Kid(parameters);
        var privateKey = rsa.ExportPkcs8PrivateKey();
        try
        {
            return SigningKey.Create(
                environmentId,
                kid,
                Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo()),
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
    private static string Kid(RSAParameters parameters)
    {
        var canonical = $$"""{"e":"{{Secrets.Base64Url(parameters.Exponent)}}","kty":"RSA","n":"{{Secrets.Base64Url(parameters.Modulus)}}"}""";
        return Secrets.Base64Url(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)).AsSpan(0, 8));
    }
}
