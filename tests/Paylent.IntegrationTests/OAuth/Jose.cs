using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Paylent.IntegrationTests.OAuth;

/// <summary>
/// A JWS verifier written from RFC 7515/7518 with nothing but .NET's RSA, so the tests do not check
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

    /// <summary>Verifies an RS256 signature against the JWKS key named by the token's kid.</summary>
    public static bool Verify(string jwt, JsonElement jwks)
    {
        var parts = jwt.Split('.');
        var kid = Json(parts[0]).GetProperty("kid").GetString();
        var jwk = jwks.GetProperty("keys").EnumerateArray().FirstOrDefault(k => k.GetProperty("kid").GetString() == kid);
        if (jwk.ValueKind == JsonValueKind.Undefined)
        {
            return false;
        }

        using var rsa = RSA.Create(new RSAParameters
        {
            Modulus = System.Buffers.Text.Base64Url.DecodeFromChars(jwk.GetProperty("n").GetString()),
            Exponent = System.Buffers.Text.Base64Url.DecodeFromChars(jwk.GetProperty("e").GetString()),
        });
        return rsa.VerifyData(
            Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]),
            System.Buffers.Text.Base64Url.DecodeFromChars(parts[2]),
            HashAlgorithmName.SHA256,
            RSASignaturePadding.Pkcs1);
    }

    public static int ModulusBits(JsonElement jwk) => System.Buffers.Text.Base64Url.DecodeFromChars(jwk.GetProperty("n").GetString()).Length * 8;

    private static JsonElement Json(string segment) =>
        JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(segment)).RootElement.Clone();
}
