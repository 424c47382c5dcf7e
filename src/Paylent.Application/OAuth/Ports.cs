using Paylent.Domain.OAuth;

namespace Paylent.Application.OAuth;

/// <summary>Makes key pairs of an algorithm (RSA-4096, P-256) and seals their private halves (Infrastructure: .NET RSA/ECDsa + AES-GCM).</summary>
public interface ISigningKeyGenerator
{
    SigningKey Generate(Guid environmentId, string algorithm, DateTime now);
}

/// <summary>
/// Seals an authorization code for the server alone, and opens it again (Infrastructure: ASP.NET Core
/// data protection, purpose <c>Paylent.OAuth.AuthorizationCode</c> and the environment). The client holds
/// what would otherwise be a row: it can neither read nor change it, and no other environment can open it.
/// </summary>
public interface IAuthorizationCodeSeal
{
    /// <summary>The <c>code</c> parameter of the authorization response: base64url, a few hundred characters.</summary>
    string Seal(AuthorizationCode code);

    /// <summary>The code, expired or not; null for anything this environment did not seal as it is (garbage, a changed character, another environment's, a revoked key).</summary>
    AuthorizationCode? Open(Guid environmentId, string code);
}

/// <summary>Signs and reads the current environment's JWTs with its cached keys: no per-request key work.</summary>
public interface ITokenSigner
{
    /// <summary>An RFC 9068 access token (<c>typ: at+jwt</c>) signed by the environment's primary key of <paramref name="algorithm"/>.</summary>
    Task<string> SignAsync(AccessTokenClaims claims, string algorithm, CancellationToken cancellationToken);

    /// <summary>An OIDC ID token (<c>typ: JWT</c>, OIDC Core §2) signed by the environment's primary key of <paramref name="algorithm"/>.</summary>
    Task<string> SignIdTokenAsync(IdTokenClaims claims, string algorithm, CancellationToken cancellationToken);

    /// <summary>
    /// Who an ID token this environment signed with a published key names, expired or not (an
    /// <c>id_token_hint</c>, OIDC Core §3.1.2.1, RP-Initiated Logout §2); null for anything else.
    /// </summary>
    Task<IdTokenHint?> ReadIdTokenHintAsync(string token, CancellationToken cancellationToken);

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
    /// <summary>The client with this id, or null when the environment has none (one query per request however often an unknown id is asked for).</summary>
    Task<ClientRegistration?> FindClientAsync(string clientId, CancellationToken cancellationToken);

    /// <summary>As <see cref="FindClientAsync"/>, but read from the database now (and cached again).</summary>
    Task<ClientRegistration?> ReloadClientAsync(string clientId, CancellationToken cancellationToken);

    /// <summary>Whether a JWT with this <c>jti</c> was revoked (RFC 7009) and has not expired yet.</summary>
    Task<bool> IsRevokedAsync(string jti, CancellationToken cancellationToken);
}

/// <summary>What authenticating a client, authorizing for it and issuing it tokens need to know of it: a snapshot, safe to share.</summary>
public sealed record ClientRegistration(
    string ClientId,
    string Name,
    ClientType ClientType,
    string? SecretHash,
    IReadOnlyList<string> RedirectUris,
    IReadOnlyList<string> PostLogoutRedirectUris,
    IReadOnlyList<string> GrantTypes,
    IReadOnlyList<string> AllowedScopes,
    TokenFormat TokenFormat,
    int AccessTokenLifetime,
    int RefreshTokenLifetime,
    string? DefaultAudience,
    bool FirstParty,
    IReadOnlyList<string> AllowedResources,
    string IdTokenSignedResponseAlg,
    bool IncludeRolesInTokens = true,
    bool IncludePermissionsInTokens = true,
    bool OrganizationRequired = false)
{
    public bool IsConfidential => ClientType == ClientType.Confidential;

    public bool Allows(string grantType) => GrantTypes.Contains(grantType, StringComparer.Ordinal);

    /// <summary>Whether a request may name this redirect URI (<see cref="RedirectUri.Matches"/>).</summary>
    public bool AcceptsRedirectUri(string requested) => RedirectUris.Any(registered => RedirectUri.Matches(registered, requested));

    /// <summary>Whether a browser app at this origin may read the client's answers (CORS): the origin of one of its redirect URIs (<see cref="WebOrigin"/>).</summary>
    public bool AllowsWebOrigin(string origin) => WebOrigin.IsOneOf(origin, RedirectUris);

    public static ClientRegistration From(OAuthClient client) => new(
        client.ClientId, client.Name, client.ClientType, client.SecretHash, client.RedirectUris, client.PostLogoutRedirectUris,
        client.GrantTypes, client.AllowedScopes, client.TokenFormat, client.AccessTokenLifetime, client.RefreshTokenLifetime,
        client.DefaultAudience, client.FirstParty, client.AllowedResources, client.IdTokenSignedResponseAlg, client.IncludeRolesInTokens,
        client.IncludePermissionsInTokens, client.OrganizationRequired);
}

/// <summary>What an access token says (RFC 9068 §2.2).</summary>
/// <param name="SessionId">The end-user session the token was issued in (<c>sid</c>); the token dies with it.</param>
/// <param name="GrantId">The user's grant it was issued under (<c>grant_id</c>); the token dies with it too.</param>
/// <param name="Roles">RFC 9068 §2.2.3.1 <c>roles</c>, computed at issuance; null when the client leaves them out.</param>
/// <param name="Permissions">The subject's effective <c>permissions</c> at issuance; null when the client leaves them out.</param>
/// <param name="OrganizationId"><c>org_id</c>: the organization context it was issued in, if any (docs/organizations.md).</param>
/// <param name="OrganizationSlug"><c>org_slug</c>: that organization's slug (immutable, so it never goes stale).</param>
public sealed record AccessTokenClaims(
    string Issuer,
    string Subject,
    string ClientId,
    IReadOnlyList<string> Audience,
    string Scope,
    DateTime IssuedAt,
    DateTime ExpiresAt,
    string Jti,
    Guid? SessionId = null,
    Guid? GrantId = null,
    IReadOnlyList<string>? Roles = null,
    IReadOnlyList<string>? Permissions = null,
    Guid? OrganizationId = null,
    string? OrganizationSlug = null);

/// <summary>What an ID token says (OIDC Core §2, §3.1.3.6).</summary>
/// <param name="Audience">The client's id.</param>
/// <param name="AccessTokenHash"><c>at_hash</c>: the left half of the access token's SHA-256, base64url.</param>
/// <param name="UserClaims">Standard claims per granted scopes (§5.4): string, bool, long or string-list values.</param>
public sealed record IdTokenClaims(
    string Issuer,
    string Subject,
    string Audience,
    DateTime IssuedAt,
    DateTime ExpiresAt,
    DateTime AuthTime,
    Guid SessionId,
    IReadOnlyList<string> AuthenticationMethods,
    string? Nonce,
    string? AccessTokenHash,
    IReadOnlyList<KeyValuePair<string, object>> UserClaims);

/// <summary>Who a previously issued ID token named, for whom, in which session.</summary>
public sealed record IdTokenHint(string Subject, IReadOnlyList<string> Audience, Guid? SessionId);
