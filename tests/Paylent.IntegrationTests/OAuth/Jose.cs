using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Paylent.IntegrationTests.OAuth;

/// <summary>
/// A JWS verifier written from RFC 7515/7518 with nothing but .NET's RSA and ECDsa, so the tests do not check
/// Paylent's tokens with the library that made them.
/// </summary>
public static class Jose
{
    public static (JsonElement Header, JsonElement Payload) Decode(string jwt)
    {
        var parts = jwt.Split('.');
        Assert.Equal(3, parts.Length);
        return (Json(parts[0]), Json(parts[1]));
    }

    /// <summary>
    /// Verifies an RS256 or ES256 signature against the JWKS key named by the token's kid, with the
    /// algorithm that key is published for (the header must name the same one).
    /// </summary>
    public static bool Verify(string jwt, JsonElement jwks)
    {
        var parts = jwt.Split('.');
        var header = Json(parts[0]);
        var kid = header.GetProperty("kid").GetString();
        var jwk = jwks.GetProperty("keys").EnumerateArray().FirstOrDefault(k => k.GetProperty("kid").GetString() == kid);
        if (jwk.ValueKind == JsonValueKind.Undefined || header.GetProperty("alg").GetString() != jwk.GetProperty("alg").GetString())
        {
            return false;
        }

        var signingInput = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
        var signature = System.Buffers.Text.Base64Url.DecodeFromChars(parts[2]);
        switch (jwk.GetProperty("kty").GetString(), jwk.GetProperty("alg").GetString())
        {
            case ("RSA", "RS256"):
                using (var rsa = RSA.Create(new RSAParameters
                {
                    Modulus = Bytes(jwk, "n"),
                    Exponent = Bytes(jwk, "e"),
                }))
                {
                    return rsa.VerifyData(signingInput, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                }

            case ("EC", "ES256"):
                Assert.Equal("P-256", jwk.GetProperty("crv").GetString());
                using (var ec = ECDsa.Create(new ECParameters
                {
                    Curve = ECCurve.NamedCurves.nistP256,
                    Q = new ECPoint { X = Bytes(jwk, "x"), Y = Bytes(jwk, "y") },
                }))
                {
                    // RFC 7518 §3.4: the signature is R || S, 64 bytes.
                    return signature.Length == 64
                        && ec.VerifyData(signingInput, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
                }

            default:
                return false;
        }
    }

    public static byte[] Bytes(JsonElement jwk, string member) => System.Buffers.Text.Base64Url.DecodeFromChars(jwk.GetProperty(member).GetString());

    public static int ModulusBits(JsonElement jwk) => System.Buffers.Text.Base64Url.DecodeFromChars(jwk.GetProperty("n").GetString()).Length * 8;

    private static JsonElement Json(string segment) =>
        JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(segment)).RootElement.Clone();
}
