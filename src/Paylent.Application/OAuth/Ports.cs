using Paylent.Domain.OAuth;

namespace Paylent.Application.OAuth;

/// <summary>Makes RSA key pairs and seals their private halves (Infrastructure: .NET RSA + AES-GCM).</summary>
public interface ISigningKeyGenerator
{
    SigningKey Generate(Guid environmentId, DateTime now);
}

/// <summary>Signs and reads the current environment's JWTs with its cached keys: no per-request key work.</summary>
public interface IAccessTokenSigner
{
    /// <summary>An RFC 9068 access token (<c>typ: at+jwt</c>) signed by the environment's primary key.</summary>
    Task<string> SignAsync(AccessTokenClaims claims, CancellationToken cancellationToken);

    /// <summary>The claims of a JWT this environment signed with a published key and that has not expired; else null.</summary>
    Task<AccessTokenClaims?> ReadAsync(string token, CancellationToken cancellationToken);

    /// <summary>The environment's JWKS document and its ETag.</summary>
    Task<(string Json, string ETag)> JwksAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The current environment's clients and revoked JWTs as the hot paths read them: from memory
/// (Infrastructure), so a token request or a JWT introspection makes no database round trip. Saves in
/// this process show at once; saves by other instances within the cache's refresh interval.
/// </summary>
public interface IOAuthCache
{
    /// <summary>The client with this id, or null when the environment has none.</summary>
    Task<ClientRegistration?> FindClientAsync(string clientId, CancellationToken cancellationToken);

    /// <summary>As <see cref="FindClientAsync"/>, but read from the database now (and cached again).</summary>
    Task<ClientRegistration?> ReloadClientAsync(string clientId, CancellationToken cancellationToken);

    /// <summary>Whether a JWT with this <c>jti</c> was revoked (RFC 7009) and has not expired yet.</summary>
    Task<bool> IsRevokedAsync(string jti, CancellationToken cancellationToken);
}

/// <summary>What authenticating a client and issuing it a token need to know of it: a snapshot, safe to share.</summary>
public sealed record ClientRegistration(
    string ClientId,
    ClientType ClientType,
    string? SecretHash,
    IReadOnlyList<string> GrantTypes,
    IReadOnlyList<string> AllowedScopes,
    TokenFormat TokenFormat,
    int AccessTokenLifetime,
    string? DefaultAudience)
{
    public bool IsConfidential => ClientType == ClientType.Confidential;

    public bool Allows(string grantType) => GrantTypes.Contains(grantType, StringComparer.Ordinal);

    public static ClientRegistration From(OAuthClient client) => new(
        client.ClientId, client.ClientType, client.SecretHash, client.GrantTypes, client.AllowedScopes,
        client.TokenFormat, client.AccessTokenLifetime, client.DefaultAudience);
}

/// <summary>What an access token says (RFC 9068 §2.2).</summary>
/// <param name="SessionId">The end-user session the token was issued in (<c>sid</c>); the token dies with it.</param>
public sealed record AccessTokenClaims(
    string Issuer,
    string Subject,
    string ClientId,
    IReadOnlyList<string> Audience,
    string Scope,
    DateTime IssuedAt,
    DateTime ExpiresAt,
    string Jti,
    Guid? SessionId = null);
