using Paylent.Application.Access.Contracts;
using Paylent.Application.Common.Persistence;
using Paylent.Application.Common.Security;
using Paylent.Application.Identity.Contracts;
using Paylent.Application.Organizations.Contracts;
using Paylent.Domain.OAuth;

namespace Paylent.Application.OAuth.Tokens;

/// <summary>
/// Issues the tokens of a user's grant, for a code redemption or a refresh: an access token bound to
/// the session and grant (<c>sid</c>, <c>grant_id</c>), an ID token when <c>openid</c> is in scope, and a
/// new refresh token when the grant has a refresh-token family. The user's roles and permissions are
/// computed here, at each issuance (a refresh recomputes them), for this client. In an organization
/// context (the grant's, whose active membership the caller has just checked) the tokens carry
/// <c>org_id</c> and <c>org_slug</c>, and the membership's roles are merged with the environment's.
/// </summary>
internal sealed class UserTokenIssuer(IOAuthData db, EnvironmentContext scope, ITokenSigner signer, IAccessClaims accessClaims, TimeProvider clock)
{
    /// <summary>
    /// Refresh tokens need the client's <c>refresh_token</c> grant type and, in OpenID Connect, the
    /// <c>offline_access</c> scope (OIDC Core §11); a plain OAuth client with the grant type always gets one.
    /// </summary>
    public static bool IssuesRefreshTokens(ClientRegistration client, IReadOnlyCollection<string> grantedScopes) =>
        client.Allows(GrantTypes.RefreshToken)
        && (grantedScopes.Contains(Scopes.OfflineAccess) || !grantedScopes.Contains(Scopes.OpenId));

    /// <param name="replacing">The refresh token a refresh presented: the new one replaces it, which spends it.</param>
    public async Task<TokenResponse> IssueAsync(
        ClientRegistration client, Grant grant, LiveSession session, IReadOnlyList<string> scopes, string? nonce, string issuer, OrganizationMembership? organization,
        RefreshToken? replacing, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var expiresAt = now.AddSeconds(client.AccessTokenLifetime);
        var scopeValue = string.Join(' ', scopes);
        var audience = new[] { client.DefaultAudience ?? issuer };
        var rolesInIdToken = scopes.Contains(Scopes.OpenId) && scopes.Contains(Scopes.Roles);
        var access = !(client.IncludeRolesInTokens || client.IncludePermissionsInTokens || rolesInIdToken) ? SubjectAccess.None
            : organization is null ? await accessClaims.ForUserAsync(session.User.Id, client.ClientId, cancellationToken)
            : await accessClaims.ForMemberAsync(session.User.Id, client.ClientId, organization.RoleIds, cancellationToken);
        var (roles, permissions) = (client.IncludeRolesInTokens ? access.Roles : null, client.IncludePermissionsInTokens ? access.Permissions : null);
        string accessToken;
        if (client.TokenFormat == TokenFormat.Jwt)
        {
            accessToken = await signer.SignAsync(
                new AccessTokenClaims(issuer, session.User.Id.ToString(), client.ClientId, audience, scopeValue, now, expiresAt, Secrets.NewToken(16), session.Id, grant.Id, roles, permissions,
                    organization?.OrganizationId, organization?.Slug),
                client.IdTokenSignedResponseAlg,
                cancellationToken);
        }
        else
        {
            accessToken = Secrets.NewToken();
            db.OpaqueAccessTokens.Add(OpaqueAccessToken.Issue(
                scope.RequiredEnvironmentId, Secrets.Hash(accessToken), client.ClientId, session.User.Id.ToString(), scopeValue, audience, now, expiresAt, session.Id, grant.Id,
                roles, permissions, organization?.OrganizationId, organization?.Slug));
        }

        string? refreshToken = null;
        // A refresh always gets its successor (the family had a refresh token, so its client and scopes issue them):
        // without one, the presented token would stay unspent.
        if (replacing is not null || IssuesRefreshTokens(client, Scopes.Parse(grant.Scope)))
        {
            refreshToken = Secrets.NewToken();
            var tokenHash = Secrets.Hash(refreshToken);
            db.RefreshTokens.Add(replacing is null
                ? RefreshToken.Issue(scope.RequiredEnvironmentId, tokenHash, grant, client.RefreshTokenLifetime, now)
                : replacing.Rotate(tokenHash, grant, client.RefreshTokenLifetime, now));
        }

        string? idToken = null;
        if (scopes.Contains(Scopes.OpenId))
        {
            // OIDC Core §3.1.3.6: at_hash is the left half of the access token's hash with the ID token's
            // alg's hash function, base64url-encoded: SHA-256 for RS256 and ES256 alike.
            var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(accessToken));
            idToken = await signer.SignIdTokenAsync(
                new IdTokenClaims(
                    issuer, session.User.Id.ToString(), client.ClientId, now, expiresAt, session.AuthenticatedAt, session.Id, session.AuthenticationMethods,
                    nonce, Secrets.Base64Url(hash.AsSpan(0, hash.Length / 2)),
                    [.. UserClaims.For(session.User, scopes), .. UserClaims.Roles(access, rolesInIdToken), .. UserClaims.Organization(organization)]),
                client.IdTokenSignedResponseAlg,
                cancellationToken);
        }

        return new TokenResponse(accessToken, "Bearer", client.AccessTokenLifetime, scopeValue, refreshToken, idToken);
    }
}
