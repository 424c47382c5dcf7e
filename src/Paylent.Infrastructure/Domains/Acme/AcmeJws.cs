using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Paylent.Infrastructure.Domains.Acme;

/// <summary>
/// The body of every ACME POST (RFC 8555 §6.2): a flattened JWS JSON serialization (RFC 7515 §7.2.2)
/// signed ES256, with <c>alg</c>, <c>nonce</c>, <c>url</c> and either the account's <c>jwk</c> (newAccount)
/// or its <c>kid</c> (every other request) in the protected header.
/// </summary>
internal static class AcmeJws
{
    public const string MediaType = "application/jose+json";

    /// <summary>Signs <paramref name="payload"/>; null is POST-as-GET (§6.3), whose payload is the empty string.</summary>
    public static string Sign(AcmeAccountKey key, Uri? accountUrl, Uri url, string nonce, string? payload)
    {
        var header = new StringBuilder("{\"alg\":\"ES256\",");
        header.Append(accountUrl is null ? $"\"jwk\":{key.Jwk}" : $"\"kid\":{JsonSerializer.Serialize(accountUrl.AbsoluteUri)}");
        header.Append($",\"nonce\":{JsonSerializer.Serialize(nonce)},\"url\":{JsonSerializer.Serialize(url.AbsoluteUri)}}}");

        var protectedHeader = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header.ToString()));
        var encodedPayload = payload is null ? string.Empty : Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload));

        // RFC 7518 §3.4: ES256's signature is R || S, 32 bytes each: .NET's default (IEEE P1363) format.
        var signature = key.Key.SignData(Encoding.ASCII.GetBytes($"{protectedHeader}.{encodedPayload}"), HashAlgorithmName.SHA256);
        return JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["protected"] = protectedHeader,
            ["payload"] = encodedPayload,
            ["signature"] = Base64Url.EncodeToString(signature),
        });
    }
}
