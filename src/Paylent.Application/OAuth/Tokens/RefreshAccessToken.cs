using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Paylent.Application.Audit.Contracts;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Metrics;
using Paylent.Application.Common.Persistence;
using Paylent.Application.Common.Security;
using Paylent.Application.Identity.Contracts;
using Paylent.Application.Organizations.Contracts;
using Paylent.Domain.Common;
using Paylent.Domain.OAuth;

namespace Paylent.Application.OAuth.Tokens;

/// <summary>
/// RFC 6749 §6: a refresh token for new tokens. It is rotated on every use (RFC 9700 §4.14.2); a spent
/// one presented again means it leaked, so its whole family (the grant) is revoked and the reuse audited.
/// A narrower scope may be asked for; the family keeps what was granted. The family lives within its
/// session, and a refresh slides the session's idle expiry.
/// A family in an organization context keeps it, while the user is an active member (fail closed).
/// With <paramref name="Organization"/>, the user switches organization without signing in again:
/// the presented token is spent as any refresh spends it, and a new family starts in the other
/// organization (docs/organizations.md).
/// </summary>
public sealed record RefreshAccessToken(ClientCredentials Credentials, string? RefreshToken, string? Scope, string Issuer, string? Organization = null)
    : ICommand<TokenResult>, IRetryOnConflict;

internal sealed class RefreshAccessTokenValidator : AbstractValidator<RefreshAccessToken>
{
    public RefreshAccessTokenValidator()
    {
        RuleFor(c => c.RefreshToken).MaximumLength(128);
        RuleFor(c => c.Scope).MaximumLength(2000);
    }
}

internal sealed class RefreshAccessTokenHandler(
    ClientAuthenticator authenticator, IOAuthData db, ISessionStatus sessions, IOrganizationMemberships memberships, GrantFamilies families, UserTokenIssuer issuer, IAuditTrail audit, PaylentMetrics metrics, TokenIssuanceCounter issued, AfterCommit afterCommit, TimeProvider clock)
    : ICommandHandler<RefreshAccessToken, TokenResult>
{
    public async Task<TokenResult> Handle(RefreshAccessToken command, CancellationToken cancellationToken)
    {
        var client = await authenticator.AuthenticateAsync(command.Credentials, cancellationToken);
        if (!client.Allows(GrantTypes.RefreshToken))
        {
            throw new OAuthException(OAuthErrors.UnauthorizedClient, "The client may not use the refresh_token grant.");
        }

        if (command.RefreshToken is null)
        {
            throw new OAuthException(OAuthErrors.InvalidRequest, "The refresh_token parameter is required.");
        }

        if (command.Organization is not null && !OrganizationReference.IsWellFormed(command.Organization))
        {
            throw new OAuthException(OAuthErrors.InvalidRequest, "The organization parameter is an organization's id or slug.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var hash = Secrets.Hash(command.RefreshToken);
        var read = await sessions.SingleWithLiveSessionAsync(TokenWithItsFamily, hash, cancellationToken);
        var (found, session) = (read?.Item, read?.Session);

        // §6: bound to the client it was issued to; another client learns nothing of it.
        if (found is null || found.Grant.ClientId != client.ClientId)
        {
            throw Invalid();
        }

        if (found.Spent)
        {
            if (found.Grant.IsActive(now))
            {
                await families.RevokeWithSwitchesAsync(found.Grant, now, cancellationToken);
                audit.Record("oauth.refresh_token_reused", new AuditTarget("user", found.Grant.UserId.ToString()), new AuditTarget("oauth_client", client.ClientId));
                afterCommit.Do(metrics.RefreshTokenReuseDetected);
            }

            return TokenResult.Refused("The refresh token was already used; its whole family is revoked.");
        }

        // The grant's session must be live and its user (the grant's: a session has one user) active.
        if (!found.Grant.IsActive(now) || !RefreshToken.Unexpired.IsSatisfiedBy(found.Token, now) || session is null)
        {
            throw Invalid();
        }

        // §6: no scope beyond the grant's; none asked for means all of it. Scopes the client lost since are dropped.
        var granted = Scopes.Parse(found.Grant.Scope).Intersect(client.AllowedScopes, StringComparer.Ordinal).ToList();
        var requested = Scopes.Parse(command.Scope);
        if (requested.Except(granted, StringComparer.Ordinal).Any())
        {
            throw new OAuthException(OAuthErrors.InvalidScope, "The scope asks for more than was granted.");
        }

        // The organization the new tokens are for: the family's own, or the one switched to. Either way
        // only an active membership gives it (RFC 6749 §5.2 invalid_grant; the same answer whether the
        // organization does not exist or the user is not in it).
        var family = found.Grant;
        OrganizationMembership? organization = null;
        if (command.Organization is { } target)
        {
            organization = await memberships.FindActiveAsync(family.UserId, target, cancellationToken)
                ?? throw new OAuthException(OAuthErrors.InvalidGrant, "The user is not an active member of that organization.");
        }
        else if (family.OrganizationId is { } organizationId)
        {
            organization = await memberships.FindActiveAsync(family.UserId, organizationId.ToString(), cancellationToken)
                ?? throw new OAuthException(OAuthErrors.InvalidGrant, "The user is no longer an active member of the refresh token's organization.");
        }

        if (command.Organization is not null)
        {
            // A new family: tokens of two organizations never share one, so revoking either ends only its own.
            // Like a redemption, it writes the consent the client's grants stand on (its version only): a
            // withdrawal racing the switch runs again and ends the new family too, or the switch finds the
            // consent gone and refuses, for a client that needs one.
            var consent = await db.Consents.SingleOrDefaultAsync(c => c.UserId == found.Grant.UserId && c.ClientId == client.ClientId, cancellationToken);
            if (consent is null && !client.FirstParty)
            {
                throw new OAuthException(OAuthErrors.InvalidGrant, "The user withdrew the consent the refresh token was issued on.");
            }

            consent?.BumpVersion();
            family = found.Grant.SwitchTo(organization!.OrganizationId, now);
            db.Grants.Add(family);
            audit.Record(
                "token.organization_switched", "organization_id", found.Grant.OrganizationId?.ToString(), organization.OrganizationId.ToString(),
                new AuditTarget("user", family.UserId.ToString()), new AuditTarget("oauth_client", client.ClientId), new AuditTarget("organization", organization.OrganizationId.ToString()));
        }

        // An application refreshing for its user is the user still being active, as a page view is
        // (Keycloak does the same): without it, tokens would die at the browser session's idle timeout.
        // Only a refresh that happened extends it: a refused one (its next attempt, after a lost race) does not.
        afterCommit.Do(ct => sessions.RecordActivityAsync(session, ct));
        // The new refresh token replaces the presented one: writing it is what spends that one (RFC 9700 §4.14.2).
        var tokens = await issuer.IssueAsync(
            client, family, session, requested.Count == 0 ? granted : requested, nonce: null, command.Issuer, organization, replacing: found.Token, cancellationToken);
        issued.CountWhenCommitted(found.Grant.EnvironmentId, GrantTypes.RefreshToken, client.TokenFormat);
        return new TokenResult(tokens);
    }

    private static readonly SessionBoundRead<IOAuthData, string, TokenInFamily> TokenWithItsFamily = new(
        (data, hash) =>
            from token in data.RefreshTokens
            join grant in data.Grants on token.GrantId equals grant.Id
            where token.TokenHash == hash
            select new TokenInFamily { Token = token, Grant = grant, Spent = RefreshToken.SpentAmong.Invoke(token, data.RefreshTokens) },
        found => found.Grant.SessionId);

    // Set by initializers, not a constructor: EF follows an initialized member into the query (found.Grant.SessionId).
    private sealed record TokenInFamily
    {
        public required RefreshToken Token { get; init; }

        public required Grant Grant { get; init; }

        public required bool Spent { get; init; }
    }

    private static OAuthException Invalid() => new(OAuthErrors.InvalidGrant, "The refresh token is invalid, expired or revoked.");
}
