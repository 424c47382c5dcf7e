using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Security;
using Paylent.Application.Identity.Contracts;
using Paylent.Application.Organizations.Contracts;
using Paylent.Domain.OAuth;

namespace Paylent.Application.OAuth.Tokens;

/// <summary>
/// RFC 7662: what a token of this environment says, if it is still active and the asking client may
/// know. §4 leaves that to the server: a refresh token is shown only to the client it was issued to,
/// an access token to its client and to a client its <c>aud</c> names (a resource server checking the
/// tokens sent to it). Any other caller gets <c>{"active": false}</c>, as for an unknown token, so
/// introspection tells nobody about another application's tokens.
/// </summary>
public sealed record IntrospectToken(ClientCredentials Credentials, string Token, string Issuer) : IQuery<IntrospectionResponse>;

internal sealed class IntrospectTokenValidator : AbstractValidator<IntrospectToken>
{
    public IntrospectTokenValidator() => RuleFor(q => q.Token).NotEmpty().MaximumLength(TokenLookup.MaxTokenLength);
}

internal sealed class IntrospectTokenHandler(ClientAuthenticator authenticator, TokenLookup tokens)
    : IQueryHandler<IntrospectToken, IntrospectionResponse>
{
    public async Task<IntrospectionResponse> Handle(IntrospectToken query, CancellationToken cancellationToken)
    {
        var caller = (await authenticator.AuthenticateConfidentialAsync(query.Credentials, cancellationToken)).ClientId;
        var claims = await tokens.FindActiveAsync(query.Token, query.Issuer, cancellationToken);
        if (claims is not null)
        {
            // Decided on the claims alone: no query more on this hot path.
            return claims.ClientId == caller || claims.Audience.Contains(caller, StringComparer.Ordinal)
                ? new IntrospectionResponse(true, claims.Scope, claims.ClientId, claims.Subject, claims.Audience, claims.Issuer,
                    claims.ExpiresAt, claims.IssuedAt, claims.Jti, "Bearer", claims.Roles, claims.Permissions,
                    claims.OrganizationId, claims.OrganizationSlug)
                : IntrospectionResponse.Inactive;
        }

        var refresh = await tokens.FindActiveRefreshTokenAsync(query.Token, cancellationToken);
        return refresh is null || refresh.Grant.ClientId != caller
            ? IntrospectionResponse.Inactive
            : new IntrospectionResponse(true, refresh.Grant.Scope, refresh.Grant.ClientId, refresh.Grant.UserId.ToString(), null, query.Issuer,
                refresh.Token.ExpiresAt, refresh.Token.CreatedAt, null, "refresh_token",
                OrganizationId: refresh.Organization?.OrganizationId, OrganizationSlug: refresh.Organization?.Slug);
    }
}

/// <summary>
/// Finds what an access token says if it is active here: a JWT signed by one of this environment's
/// published keys, unexpired and not revoked, or a stored, unexpired opaque token, in both cases of a
/// client that still exists and, for a token issued in an end-user session, of a live session
/// and a live grant (neither revoked nor expired). Everything else, including tokens of other environments, is not found.
/// This is the introspection and bearer-authentication hot path: a JWT is checked without a database
/// round trip (<see cref="IOAuthCache"/>), an opaque token with one query.
/// </summary>
internal sealed class TokenLookup(
    IOAuthData db, ISessionStatus sessions, IUserDirectory users, IOrganizationMemberships memberships, ITokenSigner signer, IOAuthCache cache, TimeProvider clock)
{
    public const int MaxTokenLength = 8192;

    public async Task<AccessTokenClaims?> FindActiveAsync(string token, string issuer, CancellationToken cancellationToken)
    {
        if (token.Length > MaxTokenLength)
        {
            return null;
        }

        if (IsJwt(token))
        {
            var claims = await signer.ReadAsync(token, cancellationToken);
            if (claims is null)
            {
                return null;
            }

            // Not when the client was deleted or the token revoked; both from memory (see IOAuthCache).
            // A token issued in an end-user session also dies with the session and its grant: one query, for those only.
            var now = clock.GetUtcNow().UtcDateTime;
            var grants = LiveGrants(now);
            var usable = await cache.FindClientAsync(claims.ClientId, cancellationToken) is not null
                && !await cache.IsRevokedAsync(claims.Jti, cancellationToken)
                && (claims.SessionId is not { } sessionId || await sessions.LiveSessionIds(now).AnyAsync(
                    id => id == sessionId && (claims.GrantId == null || grants.Any(g => g.Id == claims.GrantId)),
                    cancellationToken));
            return usable ? claims : null;
        }

        var hash = Secrets.Hash(token);
        var at = clock.GetUtcNow().UtcDateTime;
        var (liveSessions, liveGrants) = (sessions.LiveSessionIds(at), LiveGrants(at));
        var opaque = await db.OpaqueAccessTokens.AsNoTracking()
            .Where(t => t.TokenHash == hash && t.ExpiresAt > at && db.OAuthClients.Any(c => c.ClientId == t.ClientId)
                && (t.SessionId == null || liveSessions.Any(id => id == t.SessionId))
                && (t.GrantId == null || liveGrants.Any(g => g.Id == t.GrantId)))
            .SingleOrDefaultAsync(cancellationToken);
        return opaque is null
            ? null
            : new AccessTokenClaims(
                issuer, opaque.Subject, opaque.ClientId, opaque.Audience.Split(' '), opaque.Scope, opaque.IssuedAt, opaque.ExpiresAt, opaque.Id.ToString(), opaque.SessionId,
                Roles: opaque.Roles, Permissions: opaque.Permissions, OrganizationId: opaque.OrganizationId, OrganizationSlug: opaque.OrganizationSlug);
    }

    /// <summary>
    /// A refresh token that would be accepted now: unspent, unexpired, of a live grant, session, user
    /// and client, and for a family in an organization, of an active member (a refresh fails closed
    /// without one). Introspection's second try, after the access-token lookups found nothing.
    /// </summary>
    public async Task<ActiveRefreshToken?> FindActiveRefreshTokenAsync(string token, CancellationToken cancellationToken)
    {
        if (token.Length > 128 || IsJwt(token))
        {
            return null;
        }

        var hash = Secrets.Hash(token);
        var now = clock.GetUtcNow().UtcDateTime;
        var liveSessions = sessions.LiveSessionIds(now);
        var activeUsers = users.ActiveUserIds();
        var found = await (
            from refresh in db.RefreshTokens.Where(RefreshToken.Unexpired.At(now)).Where(RefreshToken.UnspentAmong(db.RefreshTokens))
            join grant in LiveGrants(now) on refresh.GrantId equals grant.Id
            where refresh.TokenHash == hash
                && liveSessions.Contains(grant.SessionId)
                && activeUsers.Contains(grant.UserId)
            select new { Token = refresh, Grant = grant }).AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        if (found is null || await cache.FindClientAsync(found.Grant.ClientId, cancellationToken) is null)
        {
            return null;
        }

        if (found.Grant.OrganizationId is not { } organizationId)
        {
            return new ActiveRefreshToken(found.Token, found.Grant, null);
        }

        var membership = await memberships.FindActiveAsync(found.Grant.UserId, organizationId.ToString(), cancellationToken);
        return membership is null ? null : new ActiveRefreshToken(found.Token, found.Grant, membership);
    }

    /// <summary>Revoked and expired grants alike end the tokens issued under them.</summary>
    private IQueryable<Grant> LiveGrants(DateTime now) => db.Grants.Where(Grant.Live.At(now));

    public static bool IsJwt(string token) => token.Count(c => c == '.') == 2;
}

/// <summary>A refresh token that would be accepted now, its grant, and the organization of its family, if any.</summary>
internal sealed record ActiveRefreshToken(RefreshToken Token, Grant Grant, OrganizationMembership? Organization);
