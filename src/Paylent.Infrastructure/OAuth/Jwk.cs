using System.Security.Cryptography;
using System.Text.Json;
using Paylent.Application.Common.Security;

namespace Paylent.Infrastructure.OAuth;

/// <summary>Public signing keys as JWKs (RFC 7517 §4, RFC 7518 §6.2 and §6.3) and their RFC 7638 thumbprint input.</summary>
internal static class Jwk
{
    /// <summary>RFC 7518 §6.2.1.2: P-256's x and y are the full 32 bytes, leading zeros kept.</summary>
    public const int P256CoordinateBytes = 32;

    /// <summary>RFC 7638 §3.2: the required members only, in lexicographic order, without whitespace.</summary>
    public static string Thumbprint(AsymmetricAlgorithm key) => key switch
    {
        RSA rsa when rsa.ExportParameters(false) is var p =>
            $$"""{"e":"{{Secrets.Base64Url(p.Exponent)}}","kty":"RSA","n":"{{Secrets.Base64Url(p.Modulus)}}"}""",
        ECDsa ec when Coordinates(ec) is var (x, y) =>
            $$"""{"crv":"P-256","kty":"EC","x":"{{x}}","y":"{{y}}"}""",
        _ => throw new ArgumentException("Not a signing key.", nameof(key)),
    };

    /// <summary>The public JWK of a published key, with <c>kid</c>, <c>use: sig</c> and its <c>alg</c>.</summary>
    public static void Write(Utf8JsonWriter writer, string kid, string algorithm, AsymmetricAlgorithm key)
    {
        writer.WriteStartObject();
        switch (key)
        {
            case RSA rsa:
                var parameters = rsa.ExportParameters(includePrivateParameters: false);
                writer.WriteString("kty", "RSA");
                writer.WriteString("use", "sig");
                writer.WriteString("alg", algorithm);
                writer.WriteString("kid", kid);
                writer.WriteString("n", Secrets.Base64Url(parameters.Modulus));
                writer.WriteString("e", Secrets.Base64Url(parameters.Exponent));
                break;
            case ECDsa ec:
                var (x, y) = Coordinates(ec);
                writer.WriteString("kty", "EC");
                writer.WriteString("use", "sig");
                writer.WriteString("alg", algorithm);
                writer.WriteString("kid", kid);
                writer.WriteString("crv", "P-256");
                writer.WriteString("x", x);
                writer.WriteString("y", y);
                break;
            default:
                throw new ArgumentException("Not a signing key.", nameof(key));
        }

        writer.WriteEndObject();
    }

    private static (string X, string Y) Coordinates(ECDsa key)
    {
        var point = key.ExportParameters(includePrivateParameters: false).Q;
        return (Secrets.Base64Url(FixedLength(point.X!)), Secrets.Base64Url(FixedLength(point.Y!)));
    }

    private static byte[] FixedLength(byte[] coordinate)
    {
        if (coordinate.Length == P256CoordinateBytes)
        {
            return coordinate;
        }

        var padded = new byte[P256CoordinateBytes];
        coordinate.CopyTo(padded, P256CoordinateBytes - coordinate.Length);
        return padded;
    }
}
