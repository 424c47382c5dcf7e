using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Persistence;
using Paylent.Application.Organizations.Contracts;
using Paylent.Domain.OAuth;

namespace Paylent.Application.OAuth.Authorization;

/// <summary>
/// The authorization endpoint's decision (RFC 6749 §4.1.1, OIDC Core §3.1.2): an error page, sign-in,
/// consent, or a code for the client. The code is sealed for the server (<see cref="IAuthorizationCodeSeal"/>),
/// bound to the client, redirect URI, PKCE challenge and the session it was issued in.
/// </summary>
/// <param name="StaleSessionId">A session this request already found wanting (see <see cref="AuthorizationParameters.StaleSession"/>).</param>
/// <param name="ConsentGiven">
/// The user just allowed this very request on the consent page (its antiforgery-protected post): the
/// consent is remembered, added to what they allowed before, and answers this request even where a
/// remembered consent would not (a claimable redirect, <c>prompt=consent</c>).
/// </param>
public sealed record Authorize(AuthorizationParameters Parameters, SignedInUser? User, Guid? StaleSessionId, string Issuer, bool ConsentGiven = false)
    : ICommand<AuthorizationOutcome>, IRetryOnConflict;

internal sealed class AuthorizeHandler(
    AuthorizationRequestReader reader, IOAuthData db, IAuthorizationCodeSeal codes, IOrganizationMemberships memberships, EnvironmentContext scope, TimeProvider clock)
    : ICommandHandler<Authorize, AuthorizationOutcome>
{
    public async Task<AuthorizationOutcome> Handle(Authorize command, CancellationToken cancellationToken)
    {
        var (request, failure) = await reader.ReadAsync(command.Parameters, command.Issuer, cancellationToken);
        if (request is null)
        {
            return failure!;
        }

        var now = clock.GetUtcNow();
        var user = command.User;
        var notTheHintedUser = user is not null && !IsHintedUser(request, user);
        if (user is null || request.Prompt.Contains("login") || TooOld(user, request.MaxAge, now) || user.SessionId == command.StaleSessionId
            || notTheHintedUser)
        {
            // OIDC Core §3.1.2.1: with prompt=none, no page may be shown. A request that comes back from
            // sign-in with another user than its id_token_hint names goes back to the client: a code for
            // a different subject is never the answer, and asking again would loop.
            return request.Prompt.Contains("none") || (notTheHintedUser && command.Parameters.ReturnsFromSignIn)
                ? request.Error(OAuthErrors.LoginRequired, "The user is not signed in (or not as the request requires).")
                : new AuthorizationOutcome.SignIn(request.LoginHint);
        }

        // OIDC Core §3.1.2.1: the user confirms the account or picks another. A request coming back from
        // the sign-in no longer carries the prompt: signing in was choosing.
        if (request.Prompt.Contains("select_account"))
        {
            return new AuthorizationOutcome.SelectAccount(request);
        }

        // The organization before consent: the consent page's answer then carries the choice on to the code.
        var (organizationId, stop) = await ChooseOrganizationAsync(request, user.UserId, cancellationToken);
        if (stop is not null)
        {
            return stop;
        }

        // The consent the code is issued on, if the user had to give one: the code is void once it is withdrawn.
        Guid? consentId = null;
        if (command.ConsentGiven)
        {
            consentId = await RememberConsentAsync(request, user.UserId, now.UtcDateTime, cancellationToken);
        }
        else if (MustAsk(request) || request.Prompt.Contains("consent"))
        {
            consentId = request.Prompt.Contains("consent") ? null : await ConsentedAsync(request, user.UserId, cancellationToken);
            if (consentId is null)
            {
                return request.Prompt.Contains("none")
                    ? request.Error(OAuthErrors.ConsentRequired, "The user has not allowed the application these scopes.")
                    : new AuthorizationOutcome.Consent();
            }
        }

        // Sealed, not stored: a request answered with a code writes nothing.
        return request.Code(codes.Seal(AuthorizationCode.Issue(
            scope.RequiredEnvironmentId, request.Client.ClientId, user.UserId, user.SessionId, request.RedirectUri, string.Join(' ', request.Scopes),
            request.CodeChallenge, request.IsOpenIdConnect ? request.Nonce : null, consentId, now.UtcDateTime, organizationId)));
    }

    /// <summary>
    /// The organization the code is bound to. A named one must be one of the user's active memberships;
    /// otherwise, when one is wanted, the user's only active organization, or the picker. Fail closed:
    /// never a code without the organization the request asked for. The refusal reads the same whether
    /// the organization does not exist, is another environment's, or the user is not (or no longer) in it.
    /// </summary>
    private async Task<(Guid? OrganizationId, AuthorizationOutcome? Stop)> ChooseOrganizationAsync(
        AuthorizationRequest request, Guid userId, CancellationToken cancellationToken)
    {
        if (request.Organization is { } named)
        {
            return await memberships.FindActiveAsync(userId, named, cancellationToken) is { } membership
                ? (membership.OrganizationId, null)
                : (null, request.Error(OAuthErrors.AccessDenied, "The user may not sign in to the requested organization."));
        }

        if (!request.OrganizationWanted)
        {
            return (null, null);
        }

        var active = await memberships.ListActiveAsync(userId, cancellationToken);
        return active.Count switch
        {
            0 => (null, request.Error(OAuthErrors.AccessDenied, "The user is not an active member of any organization.")),
            // One choice is no choice: the picker is skipped (docs/organizations.md).
            1 => (active[0].OrganizationId, null),
            _ when request.Prompt.Contains("none") => (null, request.Error(OAuthErrors.InteractionRequired, "The user must choose an organization.")),
            _ => (null, new AuthorizationOutcome.PickOrganization(request, [.. active.Select(m => new OrganizationChoice(m.OrganizationId, m.Slug, m.Name))])),
        };
    }

    /// <summary>
    /// Whether the user must allow this request (besides <c>prompt=consent</c>, which asks even for a
    /// first-party client, OIDC Core §3.1.2.1). Always for a public client whose redirect URI another
    /// app could claim (a custom scheme, loopback http): anyone can start its flow with their own PKCE
    /// pair, so a remembered consent or first-party standing must not hand out codes silently
    /// (RFC 8252 §8.6, RFC 6749 §10.2).
    /// </summary>
    private static bool MustAsk(AuthorizationRequest request) => !request.Client.FirstParty || HasClaimableRedirect(request);

    private static bool HasClaimableRedirect(AuthorizationRequest request) =>
        !request.Client.IsConfidential && !request.RedirectUri.StartsWith("https://", StringComparison.Ordinal);

    /// <summary>The id of the user's stored consent for the client when it covers the request, else null.</summary>
    private async Task<Guid?> ConsentedAsync(AuthorizationRequest request, Guid userId, CancellationToken cancellationToken)
    {
        if (HasClaimableRedirect(request))
        {
            return null;
        }

        var consent = await db.Consents.AsNoTracking()
            .SingleOrDefaultAsync(c => c.UserId == userId && c.ClientId == request.Client.ClientId, cancellationToken);
        return consent?.Covers(request.Scopes) == true ? consent.Id : null;
    }

    /// <summary>
    /// Adds the scopes to the user's consent for the client, and says which consent that is. Simultaneous first consents (a double
    /// click, several tabs) race on the unique (user, client) pair: the losers run again
    /// (<see cref="IRetryOnConflict"/>), find the winner's consent covering them and change nothing.
    /// </summary>
    private async Task<Guid> RememberConsentAsync(AuthorizationRequest request, Guid userId, DateTime now, CancellationToken cancellationToken)
    {
        var consent = await db.Consents.SingleOrDefaultAsync(c => c.UserId == userId && c.ClientId == request.Client.ClientId, cancellationToken);
        if (consent is null)
        {
            consent = Consent.Give(scope.RequiredEnvironmentId, userId, request.Client.ClientId, request.Scopes, now);
            db.Consents.Add(consent);
        }
        else
        {
            consent.Add(request.Scopes, now);
        }

        return consent.Id;
    }

    /// <summary>OIDC Core §3.1.2.1 max_age: the user authenticated longer ago than the client accepts.</summary>
    private static bool TooOld(SignedInUser user, int? maxAge, DateTimeOffset now) =>
        maxAge is { } seconds && (now - user.AuthenticatedAt).TotalSeconds > seconds;

    /// <summary>OIDC Core §3.1.2.1: an <c>id_token_hint</c> names the user the client expects to be signed in.</summary>
    private static bool IsHintedUser(AuthorizationRequest request, SignedInUser user) =>
        request.HintedSubject is null || request.HintedSubject == user.UserId.ToString();
}
