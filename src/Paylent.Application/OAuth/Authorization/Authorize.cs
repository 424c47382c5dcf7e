using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Persistence;
using Paylent.Application.Common.Security;
using Paylent.Domain.OAuth;

namespace Paylent.Application.OAuth.Authorization;

/// <summary>
/// The authorization endpoint's decision (RFC 6749 §4.1.1, OIDC Core §3.1.2): an error page, sign-in,
/// consent, or a code for the client. The code is stored as its hash, bound to the client, redirect
/// URI, PKCE challenge and the session it was issued in.
/// </summary>
public sealed record Authorize(AuthorizationParameters Parameters, SignedInUser? User, string Issuer) : ICommand<AuthorizationOutcome>;

internal sealed class AuthorizeHandler(
    AuthorizationRequestReader reader, IPaylentDbContext db, EnvironmentContext scope, ITokenSigner signer, TimeProvider clock)
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
        if (user is null || request.Prompt.Contains("login") || TooOld(user, request.MaxAge, now) || !await MatchesHintAsync(request, user, cancellationToken))
        {
            // OIDC Core §3.1.2.1: with prompt=none, no page may be shown.
            return request.Prompt.Contains("none")
                ? request.Error(AuthorizationErrors.LoginRequired, "The user is not signed in (or not as the request requires).")
                : new AuthorizationOutcome.SignIn(request.LoginHint);
        }

        if (!request.Client.FirstParty && (request.Prompt.Contains("consent") || !await ConsentedAsync(request, user.UserId, cancellationToken)))
        {
            return request.Prompt.Contains("none")
                ? request.Error(AuthorizationErrors.ConsentRequired, "The user has not allowed the application these scopes.")
                : new AuthorizationOutcome.Consent();
        }

        var code = Secrets.NewToken();
        db.AuthorizationCodes.Add(AuthorizationCode.Issue(
            scope.RequiredEnvironmentId, Secrets.Hash(code), request.Client.ClientId, user.UserId, user.SessionId, request.RedirectUri,
            string.Join(' ', request.Scopes), request.CodeChallenge, request.IsOpenIdConnect ? request.Nonce : null, now.UtcDateTime));
        return request.Code(code);
    }

    /// <summary>OIDC Core §3.1.2.1 max_age: the user authenticated longer ago than the client accepts.</summary>
    private static bool TooOld(SignedInUser user, int? maxAge, DateTimeOffset now) =>
        maxAge is { } seconds && (now - user.AuthenticatedAt).TotalSeconds > seconds;

    /// <summary>An <c>id_token_hint</c> names the user who should be signed in; an unreadable one matches no one.</summary>
    private async Task<bool> MatchesHintAsync(AuthorizationRequest request, SignedInUser user, CancellationToken cancellationToken) =>
        request.IdTokenHint is null
        || (await signer.ReadIdTokenHintAsync(request.IdTokenHint, cancellationToken))?.Subject == user.UserId.ToString();

    private async Task<bool> ConsentedAsync(AuthorizationRequest request, Guid userId, CancellationToken cancellationToken)
    {
        var consent = await db.Consents.AsNoTracking()
            .SingleOrDefaultAsync(c => c.UserId == userId && c.ClientId == request.Client.ClientId, cancellationToken);
        return consent?.Covers(request.Scopes) == true;
    }
}
