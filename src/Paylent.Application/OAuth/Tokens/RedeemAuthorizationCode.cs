using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Paylent.Application.Audit.Contracts;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Persistence;
using Paylent.Application.Identity.Contracts;
using Paylent.Application.Organizations.Contracts;
using Paylent.Domain.Common;
using Paylent.Domain.OAuth;

namespace Paylent.Application.OAuth.Tokens;

/// <summary>
/// RFC 6749 §4.1.3 with RFC 7636 §4.5: the client trades its code, redirect URI and PKCE verifier for
/// tokens. A code is single use: presenting it again revokes every token issued from it (§4.1.2) and is
/// audited. Re-run on a lost race, so two simultaneous redemptions end as one success and one replay.
/// </summary>
public sealed record RedeemAuthorizationCode(ClientCredentials Credentials, string? Code, string? RedirectUri, string? CodeVerifier, string Issuer)
    : ICommand<TokenResult>, IRetryOnConflict;

internal sealed class RedeemAuthorizationCodeValidator : AbstractValidator<RedeemAuthorizationCode>
{
    public RedeemAuthorizationCodeValidator()
    {
        RuleFor(c => c.Code).MaximumLength(AuthorizationCode.MaxSealedLength);
        RuleFor(c => c.RedirectUri).MaximumLength(RedirectUri.MaxLength);
        RuleFor(c => c.CodeVerifier).Must(v => v is null || Pkce.IsWellFormed(v))
            .WithMessage("The code_verifier must be 43 to 128 characters of A-Z, a-z, 0-9, '-', '.', '_' and '~' (RFC 7636 §4.1).");
    }
}

internal sealed class RedeemAuthorizationCodeHandler(
    ClientAuthenticator authenticator, IOAuthData db, IAuthorizationCodeSeal codes, ISessionStatus sessions, IOrganizationMemberships memberships, GrantFamilies families, EnvironmentContext scope, UserTokenIssuer issuer, IAuditTrail audit, TokenIssuanceCounter issued, TimeProvider clock)
    : ICommandHandler<RedeemAuthorizationCode, TokenResult>
{
    public async Task<TokenResult> Handle(RedeemAuthorizationCode command, CancellationToken cancellationToken)
    {
        var client = await authenticator.AuthenticateAsync(command.Credentials, cancellationToken);
        if (!client.Allows(GrantTypes.AuthorizationCode))
        {
            throw new OAuthException(OAuthErrors.UnauthorizedClient, "The client may not use the authorization_code grant.");
        }

        if (command.Code is null || command.RedirectUri is null || command.CodeVerifier is null)
        {
            throw new OAuthException(OAuthErrors.InvalidRequest, "The code, redirect_uri and code_verifier parameters are required.");
        }

        var now = clock.GetUtcNow().UtcDateTime;

        // §4.1.3: issued to this client; a code is not even acknowledged to another one. Opened only by the
        // environment that sealed it, so another environment's code is as unknown as garbage.
        var code = codes.Open(scope.RequiredEnvironmentId, command.Code);
        if (code is null || code.ClientId != client.ClientId)
        {
            throw Invalid("The code is invalid, expired, or was issued to another client.");
        }

        // Its redemption is read beside its session; a session that has ended leaves no row, and only then
        // is the redemption asked apart, since a replay must be told even so.
        var read = await sessions.LiveWithAsync(Redemption, code.SessionId, code.Id, cancellationToken);
        var session = read?.Session;
        var redeemed = read is { } live ? live.Item : await db.Grants.AnyAsync(g => g.AuthorizationCodeId == code.Id, cancellationToken);

        // §4.1.2: a code used more than once revokes what it gave, the families switched from its grant included,
        // also once it has expired: a late replay is as much a sign the code leaked as a quick one.
        if (redeemed)
        {
            if (await db.Grants.SingleOrDefaultAsync(g => g.AuthorizationCodeId == code.Id, cancellationToken) is { } grant)
            {
                await families.RevokeWithSwitchesAsync(grant, now, cancellationToken);
            }

            audit.Record("oauth.code_replayed", new AuditTarget("user", code.UserId.ToString()), new AuditTarget("oauth_client", client.ClientId));
            return TokenResult.Refused("The code was already used; the tokens issued for it are revoked.");
        }

        if (!code.IsUnexpired(now))
        {
            throw Invalid("The code is invalid, expired, or was issued to another client.");
        }

        if (!code.IsFor(command.RedirectUri))
        {
            throw Invalid("The redirect_uri differs from the authorization request's.");
        }

        if (!Pkce.Verifies(command.CodeVerifier, code.CodeChallenge))
        {
            throw Invalid("The code_verifier does not match the code_challenge.");
        }

        // A consent withdrawn (account page, API) after the code was issued on it must hold for the code
        // too, or a code in flight would start a grant the user just refused. A new consent is a new row,
        // so it does not revive the code. Nor may a withdrawal racing this redemption be outlived by the
        // grant it writes, which the withdrawal did not see: the save also writes the consent (its version
        // only), so of the two saves the later fails its check and runs again, the redemption to find the
        // consent gone, the withdrawal to find the grant and end it. Only a code issued on a consent pays.
        if (code.ConsentId is { } consentId)
        {
            var consent = await db.Consents.SingleOrDefaultAsync(c => c.Id == consentId, cancellationToken)
                ?? throw Invalid("The user withdrew the consent the code was issued on.");
            consent.BumpVersion();
        }

        if (session is null)
        {
            throw Invalid("The user's session has ended.");
        }

        // Fail closed: a membership ended or deactivated since the code was issued gives no organization
        // context, and a token without the organization the user chose is never the answer.
        OrganizationMembership? organization = null;
        if (code.OrganizationId is { } organizationId
            && (organization = await memberships.FindActiveAsync(code.UserId, organizationId.ToString(), cancellationToken)) is null)
        {
            throw Invalid("The user is no longer an active member of the organization the code was issued for.");
        }

        // The grant names the code, which redeems it: of two simultaneous redemptions only one grant can be
        // written (its unique index), and without a consent to write the save is inserts only (one round
        // trip, PaylentDbContext).
        var started = code.Redeem(session.AbsoluteExpiresAt, now);
        db.Grants.Add(started);
        var tokens = await issuer.IssueAsync(client, started, session, Scopes.Parse(code.Scope), code.Nonce, command.Issuer, organization, replacing: null, cancellationToken);
        issued.CountWhenCommitted(scope.RequiredEnvironmentId, GrantTypes.AuthorizationCode, client.TokenFormat);
        return new TokenResult(tokens);
    }

    // A redemption before is told with the code's session.
    private static readonly LiveSessionRead<IOAuthData, Guid, bool> Redemption = new((data, codeId) => data.Grants.Any(g => g.AuthorizationCodeId == codeId));

    private static OAuthException Invalid(string description) => new(OAuthErrors.InvalidGrant, description);
}
