using Paylent.Application.Access.Contracts;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Identity.Contracts;
using Paylent.Application.Organizations.Contracts;
using Paylent.Domain.OAuth;

namespace Paylent.Application.OAuth.Tokens;

/// <summary>
/// OIDC Core §5.3: the claims about the user an access token with <c>openid</c> may read, per its
/// scopes. Errors are RFC 6750 §3.1's: <c>invalid_token</c> (unknown, expired, revoked, ended session,
/// user gone or disabled) and <c>insufficient_scope</c>.
/// </summary>
public sealed record GetUserInfo(string Token, string Issuer) : IQuery<UserInfo>;

/// <summary>The claims, or the RFC 6750 error code that refused them; <paramref name="ClientId"/> is the token's client, when the token is one.</summary>
public sealed record UserInfo(IReadOnlyList<KeyValuePair<string, object>>? Claims, string? Error = null, string? ClientId = null);

internal sealed class GetUserInfoHandler(TokenLookup tokens, IUserDirectory users, IAccessClaims accessClaims, IOrganizationMemberships memberships) : IQueryHandler<GetUserInfo, UserInfo>
{
    public async Task<UserInfo> Handle(GetUserInfo query, CancellationToken cancellationToken)
    {
        if (await tokens.FindActiveAsync(query.Token, query.Issuer, cancellationToken) is not { } claims)
        {
            return new UserInfo(null, OAuthErrors.InvalidToken);
        }

        var scopes = Scopes.Parse(claims.Scope);
        if (!scopes.Contains(Scopes.OpenId))
        {
            return new UserInfo(null, OAuthErrors.InsufficientScope, claims.ClientId);
        }

        var user = Guid.TryParse(claims.Subject, out var userId)
            ? await users.FindActiveAsync(userId, cancellationToken)
            : null;
        if (user is null)
        {
            return new UserInfo(null, OAuthErrors.InvalidToken, claims.ClientId);
        }

        // The token's organization context holds only while the user is an active member (fail closed, as a refresh does).
        OrganizationMembership? organization = null;
        if (claims.OrganizationId is { } organizationId
            && (organization = await memberships.FindActiveAsync(user.Id, organizationId.ToString(), cancellationToken)) is null)
        {
            return new UserInfo(null, OAuthErrors.InvalidToken, claims.ClientId);
        }

        // Roles as the user holds them now, for the token's client (userinfo describes the user, not the token),
        // merged with the organization's as the token's were.
        var roles = !scopes.Contains(Scopes.Roles) ? SubjectAccess.None
            : organization is null ? await accessClaims.ForUserAsync(user.Id, claims.ClientId, cancellationToken)
            : await accessClaims.ForMemberAsync(user.Id, claims.ClientId, organization.RoleIds, cancellationToken);
        return new UserInfo(
            [new("sub", claims.Subject), .. UserClaims.For(user, scopes), .. UserClaims.Roles(roles, scopes.Contains(Scopes.Roles)), .. UserClaims.Organization(organization)],
            ClientId: claims.ClientId);
    }
}
