using System.Text.Json;
using Paylent.Application.Common.Persistence;
using Paylent.Application.OAuth;

namespace Paylent.Infrastructure.OAuth;

/// <summary>
/// RFC 9068 JWT access tokens and OIDC ID tokens for the current environment, with the cached keys of
/// <see cref="SigningKeyCache"/>: each signed by the environment's primary key of the algorithm the client
/// chose. Reading accepts only this environment's published keys, each with its own algorithm (RS256 or
/// ES256), the expected <c>typ</c> and, for access tokens, an unexpired <c>exp</c>, so another
/// environment's token is simply unreadable.
/// </summary>
internal sealed class TokenSigner(SigningKeyCache cache, EnvironmentContext scope, TimeProvider clock) : ITokenSigner
{
    public const string AccessTokenType = "at+jwt";
    public const string IdTokenType = "JWT";
    public const string GrantIdClaim = "grant_id";
    public const string RolesClaim = "roles";
    public const string PermissionsClaim = "permissions";
    public const string OrganizationIdClaim = "org_id";
    public const string OrganizationSlugClaim = "org_slug";

    // RFC 9068 §4: "at+jwt", or the full media type.
    public static readonly string[] AcceptedTypes = [AccessTokenType, "application/at+jwt"];

    // RFC 9068 §2.1: typ "at+jwt"; alg and kid come from the key's credentials.
    private static readonly IDictionary<string, object> AccessTokenHeader = Jws.Header(AccessTokenType);
    private static readonly IDictionary<string, object> IdTokenHeader = Jws.Header(IdTokenType);

    public async Task<string> SignAsync(AccessTokenClaims claims, string algorithm, CancellationToken cancellationToken)
    {
        var signer = await SignerAsync(algorithm);
        return Jws.Sign(signer, AccessTokenHeader, writer =>
        {
            writer.WriteString("iss", claims.Issuer);
            writer.WriteString("sub", claims.Subject);
            if (claims.Audience.Count == 1)
            {
                writer.WriteString("aud", claims.Audience[0]);
            }
            else
            {
                writer.WriteStartArray("aud");
                foreach (var audience in claims.Audience)
                {
                    writer.WriteStringValue(audience);
                }

                writer.WriteEndArray();
            }

            writer.WriteNumber("exp", new DateTimeOffset(claims.ExpiresAt).ToUnixTimeSeconds());
            writer.WriteNumber("iat", new DateTimeOffset(claims.IssuedAt).ToUnixTimeSeconds());
            writer.WriteString("jti", claims.Jti);
            writer.WriteString("client_id", claims.ClientId);
            writer.WriteString("scope", claims.Scope);
            if (claims.SessionId is { } sessionId)
            {
                writer.WriteString("sid", sessionId.ToString());
            }

            if (claims.GrantId is { } grantId)
            {
                writer.WriteString(GrantIdClaim, grantId.ToString());
            }

            if (claims.OrganizationId is { } organizationId)
            {
                writer.WriteString(OrganizationIdClaim, organizationId.ToString());
                writer.WriteString(OrganizationSlugClaim, claims.OrganizationSlug);
            }

            WriteList(writer, RolesClaim, claims.Roles);
            WriteList(writer, PermissionsClaim, claims.Permissions);
        });
    }

    public async Task<string> SignIdTokenAsync(IdTokenClaims claims, string algorithm, CancellationToken cancellationToken)
    {
        var signer = await SignerAsync(algorithm);
        return Jws.Sign(signer, IdTokenHeader, writer =>
        {
            writer.WriteString("iss", claims.Issuer);
            writer.WriteString("sub", claims.Subject);
            writer.WriteString("aud", claims.Audience);
            writer.WriteString("azp", claims.Audience);
            writer.WriteNumber("exp", new DateTimeOffset(claims.ExpiresAt).ToUnixTimeSeconds());
            writer.WriteNumber("iat", new DateTimeOffset(claims.IssuedAt).ToUnixTimeSeconds());
            writer.WriteNumber("auth_time", new DateTimeOffset(claims.AuthTime).ToUnixTimeSeconds());
            if (claims.Nonce is not null)
            {
                writer.WriteString("nonce", claims.Nonce);
            }

            if (claims.AccessTokenHash is not null)
            {
                writer.WriteString("at_hash", claims.AccessTokenHash);
            }

            writer.WriteString("sid", claims.SessionId.ToString());
            writer.WriteStartArray("amr");
            foreach (var method in claims.AuthenticationMethods)
            {
                writer.WriteStringValue(method);
            }

            writer.WriteEndArray();
            foreach (var (name, value) in claims.UserClaims)
            {
                writer.WritePropertyName(name);
                switch (value)
                {
                    case bool flag: writer.WriteBooleanValue(flag); break;
                    case long number: writer.WriteNumberValue(number); break;
                    case IReadOnlyList<string> list: WriteArray(writer, list); break;
                    default: writer.WriteStringValue(value.ToString()); break;
                }
            }
        });
    }

    public async Task<IdTokenHint?> ReadIdTokenHintAsync(string token, CancellationToken cancellationToken)
    {
        var keys = await cache.GetAsync(scope.RequiredEnvironmentId);
        using var payload = await Jws.VerifyAsync(token, keys.IdTokens);
        if (payload is null || Jws.Text(payload.RootElement, "sub") is not { } subject)
        {
            return null;
        }

        var claims = payload.RootElement;
        return new IdTokenHint(subject, Audience(claims), Guid.TryParse(Jws.Text(claims, "sid"), out var sessionId) ? sessionId : null);
    }

    public async Task<AccessTokenClaims?> ReadAsync(string token, CancellationToken cancellationToken)
    {
        var keys = await cache.GetAsync(scope.RequiredEnvironmentId);
        var key = VerifiedAccessTokens.KeyOf(token);
        if (keys.VerifiedAccessTokens.Find(key) is { } verified)
        {
            // Verified before by these very keys: only its expiry can have changed (the library's check, below).
            return verified.ExpiresAt > clock.GetUtcNow().UtcDateTime ? verified : null;
        }

        var claims = await VerifyAsync(token, keys);
        if (claims is not null)
        {
            keys.VerifiedAccessTokens.Add(key, claims);
        }

        return claims;
    }

    private static async Task<AccessTokenClaims?> VerifyAsync(string token, KeySet keys)
    {
        // Unexpired by the library's check (KeySet.AccessTokens), with the same clock.
        using var payload = await Jws.VerifyAsync(token, keys.AccessTokens);
        if (payload is null)
        {
            return null;
        }

        var claims = payload.RootElement;
        if (!claims.TryGetProperty("exp", out var exp) || !exp.TryGetInt64(out var expires)
            || Jws.Text(claims, "jti") is not { } jti
            || Jws.Text(claims, "client_id") is not { } clientId)
        {
            return null;
        }

        return new AccessTokenClaims(
            Jws.Text(claims, "iss") ?? string.Empty,
            Jws.Text(claims, "sub") ?? clientId,
            clientId,
            Audience(claims),
            Jws.Text(claims, "scope") ?? string.Empty,
            claims.TryGetProperty("iat", out var iat) && iat.TryGetInt64(out var issued) ? DateTimeOffset.FromUnixTimeSeconds(issued).UtcDateTime : DateTime.MinValue,
            DateTimeOffset.FromUnixTimeSeconds(expires).UtcDateTime,
            jti,
            Guid.TryParse(Jws.Text(claims, "sid"), out var sessionId) ? sessionId : null,
            Guid.TryParse(Jws.Text(claims, GrantIdClaim), out var grantId) ? grantId : null,
            List(claims, RolesClaim),
            List(claims, PermissionsClaim),
            Guid.TryParse(Jws.Text(claims, OrganizationIdClaim), out var organizationId) ? organizationId : null,
            Jws.Text(claims, OrganizationSlugClaim));
    }

    public async Task<(string Json, string ETag)> JwksAsync(CancellationToken cancellationToken)
    {
        var keys = await cache.GetAsync(scope.RequiredEnvironmentId);
        return (keys.Jwks, keys.JwksETag);
    }

    private async Task<KeySigner> SignerAsync(string algorithm)
    {
        var keys = await cache.GetAsync(scope.RequiredEnvironmentId);
        return keys.Signers.TryGetValue(algorithm, out var signer)
            ? signer
            : throw new InvalidOperationException($"The environment has no primary {algorithm} signing key.");
    }

    /// <summary>A list claim as an array; left out when the client does not carry it (null).</summary>
    private static void WriteList(Utf8JsonWriter writer, string name, IReadOnlyList<string>? values)
    {
        if (values is not null)
        {
            writer.WritePropertyName(name);
            WriteArray(writer, values);
        }
    }

    private static void WriteArray(Utf8JsonWriter writer, IReadOnlyList<string> values)
    {
        writer.WriteStartArray();
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static IReadOnlyList<string>? List(JsonElement claims, string name) =>
        claims.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array
            ? [.. list.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!)]
            : null;

    private static IReadOnlyList<string> Audience(JsonElement claims) =>
        !claims.TryGetProperty("aud", out var aud) ? []
        : aud.ValueKind == JsonValueKind.String ? [aud.GetString()!]
        : aud.ValueKind == JsonValueKind.Array ? aud.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.String).Select(a => a.GetString()!).ToList()
        : [];
}
