using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Paylent.Domain.OAuth;

namespace Paylent.Infrastructure.OAuth;

/// <summary>
/// RS256 and ES256 JWS in compact serialization (RFC 7515 §3.1, RFC 7518 §3.3 and §3.4), created and
/// validated by <c>Microsoft.IdentityModel.JsonWebTokens</c>, the design card's library. The payload
/// JSON stays ours (written with <see cref="Utf8JsonWriter"/>, so claim shapes and order are exactly
/// what relying parties have always received, and read back with <see cref="JsonDocument"/>); the
/// library writes the header, signs and verifies. It is set up not to redo per call what can be done
/// once: one <see cref="SigningCredentials"/> per key (<see cref="SigningKeyCache"/>), one
/// <see cref="TokenValidationParameters"/> per key set with its <see cref="SecurityKey"/>s per kid
/// (<see cref="Validation"/>), and the default <see cref="CryptoProviderFactory"/> whose signature
/// providers are cached per key and algorithm (docs/performance.md measures it).
/// Reading is strict: a <c>kid</c> naming one of the key set's keys, an <c>alg</c> that is exactly that
/// key's algorithm (never <c>none</c>, never an HMAC, never RS256 with an EC key: RFC 8725 §3.1), and
/// the expected <c>typ</c>.
/// </summary>
internal static class Jws
{
    // Times are ours to write: the payload is the claims TokenSigner wrote, nothing added (no nbf).
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>
    /// Escapes only what JSON requires (RFC 8259 §7): names stay readable UTF-8. The default encoder's
    /// HTML-safe escapes (<c>\u002B</c>) serve JSON embedded in a page, which a base64url JWS part never is.
    /// </summary>
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The header parameters beside <c>alg</c> and <c>kid</c>, which the library writes from the credentials.</summary>
    public static IDictionary<string, object> Header(string type) => new Dictionary<string, object>(StringComparer.Ordinal) { [JwtHeaderParameterNames.Typ] = type };

    /// <param name="header">From <see cref="Header"/>, made once per token type.</param>
    public static string Sign(KeySigner signer, IDictionary<string, object> header, Action<Utf8JsonWriter> writeClaims) =>
        Handler.CreateToken(Json(writeClaims), signer.Credentials, header);

    /// <summary>The verified payload, or null for anything malformed, of another type, expired (when checked), or not signed by a known key with its own algorithm.</summary>
    public static async Task<JsonDocument?> VerifyAsync(string token, TokenValidationParameters parameters)
    {
        try
        {
            // Failures come back as a result, not thrown; the catch is for what a library may still throw on garbage.
            var result = await Handler.ValidateTokenAsync(token, parameters);
            if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
            {
                return null;
            }

            var payload = JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(jwt.EncodedPayload));
            if (payload.RootElement.ValueKind == JsonValueKind.Object)
            {
                return payload;
            }

            payload.Dispose();
            return null;
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or JsonException or CryptographicException or SecurityTokenException)
        {
            return null;
        }
    }

    /// <summary>
    /// What validates a key set's tokens of the given types, built once per key set (not per call).
    /// Issuer and audience are not the library's to check: the keys are the environment's own, so its
    /// signature already binds a token to the environment, whose issuer is the origin a request came in
    /// on (one environment answers on several hosts); introspection (RFC 7662) answers for every audience,
    /// and the management API checks its own audience to tell "not for here" (401) from "no scope" (403).
    /// </summary>
    /// <param name="keys">The published keys by kid, each with the one algorithm it verifies.</param>
    /// <param name="acceptedTypes">Compared case-insensitively, as media types are (RFC 8725 §3.11, RFC 7515 §4.1.9).</param>
    /// <param name="clock">When set, <c>exp</c> is required and must be after now (RFC 7519 §4.1.4); an ID token hint may be expired.</param>
    public static TokenValidationParameters Validation(IReadOnlyDictionary<string, PublishedKey> keys, IReadOnlyCollection<string> acceptedTypes, TimeProvider? clock)
    {
        var byKid = keys.ToDictionary(k => k.Key, k => new[] { SecurityKey(k.Key, k.Value) }, StringComparer.Ordinal);
        var algorithms = keys.ToDictionary(k => k.Key, k => k.Value.Algorithm, StringComparer.Ordinal);
        var types = acceptedTypes.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return new TokenValidationParameters
        {
            // The kid names the key; a token without one, or naming none of these, is not tried against the others.
            IssuerSigningKeyResolver = (_, _, kid, _) => kid is not null && byKid.TryGetValue(kid, out var key) ? key : [],
            TryAllIssuerSigningKeys = false,
            // The allow-list, and within it exactly the algorithm of the key the kid names.
            ValidAlgorithms = [.. SigningAlgorithms.All],
            AlgorithmValidator = (algorithm, key, _, _) => key.KeyId is { } kid && algorithms.TryGetValue(kid, out var expected) && algorithm == expected,
            TypeValidator = (type, _, _) => type is not null && types.Contains(type) ? type : throw new SecurityTokenInvalidTypeException("Not a token of this type."),
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = clock is not null,
            RequireExpirationTime = clock is not null,
            LifetimeValidator = clock is null ? null : (_, expires, _, _) => expires is { } at && at > clock.GetUtcNow().UtcDateTime,
            ClockSkew = TimeSpan.Zero,
        };
    }

    public static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A private key's credentials, made once per key: the library caches its signature provider by key and algorithm.</summary>
    public static SigningCredentials Credentials(string kid, string algorithm, AsymmetricAlgorithm key) =>
        new(SecurityKey(kid, new PublishedKey(algorithm, key)), algorithm);

    private static SecurityKey SecurityKey(string kid, PublishedKey key) => key.Key switch
    {
        RSA rsa => new RsaSecurityKey(rsa) { KeyId = kid },
        ECDsa ec => new ECDsaSecurityKey(ec) { KeyId = kid },
        _ => throw new InvalidOperationException("Not a signing key."),
    };

    private static string Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
