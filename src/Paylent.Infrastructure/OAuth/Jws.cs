using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Paylent.Application.Common.Security;
using Paylent.Domain.OAuth;

namespace Paylent.Infrastructure.OAuth;

/// <summary>
/// RS256 and ES256 JWS in compact serialization (RFC 7515 §3.1, RFC 7518 §3.3 and §3.4), written and
/// read directly: the token hot path pays for the signature and little else. Reading is strict:
/// exactly three segments, a <c>kid</c> naming one of the given keys, an <c>alg</c> that is exactly
/// that key's algorithm (never <c>none</c>, never an HMAC, never RS256 with an EC key: RFC 8725 §3.1),
/// and the expected <c>typ</c>.
/// </summary>
internal static class Jws
{
    /// <summary>
    /// Escapes only what JSON requires (RFC 8259 §7): <c>at+jwt</c> stays <c>at+jwt</c> (RFC 9068 §2.1)
    /// and names stay readable UTF-8. The default encoder's HTML-safe escapes (<c>\u002B</c>) serve
    /// JSON embedded in a page, which a base64url JWS part never is.
    /// </summary>
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Sign(KeySigner signer, string type, Action<Utf8JsonWriter> writeClaims)
    {
        var header = Json(writer =>
        {
            writer.WriteString("alg", signer.Algorithm);
            writer.WriteString("kid", signer.Kid);
            writer.WriteString("typ", type);
        });
        var signingInput = $"{Secrets.Base64Url(header)}.{Secrets.Base64Url(Json(writeClaims))}";
        var data = Encoding.ASCII.GetBytes(signingInput);
        var signature = signer.Key switch
        {
            RSA rsa => rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),

            // RFC 7518 §3.4: R and S as two 32-byte big-endian integers (64 bytes), not a DER sequence.
            ECDsa ec => ec.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
            _ => throw new InvalidOperationException("Not a signing key."),
        };
        return $"{signingInput}.{Secrets.Base64Url(signature)}";
    }

    /// <summary>The verified payload, or null for anything malformed, of another type, or not signed by a known key with its own algorithm.</summary>
    /// <param name="acceptedTypes">Compared case-insensitively, as media types are (RFC 8725 §3.11).</param>
    public static JsonDocument? Verify(string token, IReadOnlyDictionary<string, PublishedKey> keys, IReadOnlyCollection<string> acceptedTypes)
    {
        var parts = token.Split('.');
        if (parts.Length != 3 || parts.Any(p => p.Length == 0))
        {
            return null;
        }

        try
        {
            using (var header = JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(parts[0])))
            {
                var root = header.RootElement;
                if (root.ValueKind != JsonValueKind.Object
                    || Text(root, "typ") is not { } type || !acceptedTypes.Contains(type, StringComparer.OrdinalIgnoreCase)
                    || Text(root, "kid") is not { } kid || !keys.TryGetValue(kid, out var key)
                    || Text(root, "alg") != key.Algorithm
                    || !Verifies(
                        key,
                        Encoding.ASCII.GetBytes(token, 0, parts[0].Length + 1 + parts[1].Length),
                        System.Buffers.Text.Base64Url.DecodeFromChars(parts[2])))
                {
                    return null;
                }
            }

            var payload = JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1]));
            if (payload.RootElement.ValueKind == JsonValueKind.Object)
            {
                return payload;
            }

            payload.Dispose();
            return null;
        }
        catch (Exception exception) when (exception is FormatException or JsonException or CryptographicException)
        {
            return null;
        }
    }

    public static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool Verifies(PublishedKey key, byte[] signingInput, byte[] signature) => (key.Algorithm, key.Key) switch
    {
        (SigningAlgorithms.Rs256, RSA rsa) => rsa.VerifyData(signingInput, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),

        // RFC 7518 §3.4: exactly R || S; a DER-encoded signature is not an ES256 JWS signature.
        (SigningAlgorithms.Es256, ECDsa ec) => signature.Length == 2 * Jwk.P256CoordinateBytes
            && ec.VerifyData(signingInput, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
        _ => false,
    };

    private static byte[] Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
