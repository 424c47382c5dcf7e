using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Persistence;
using Paylent.Application.Common.Security;
using Paylent.Domain.OAuth;

namespace Paylent.Application.OAuth.Tokens;

/// <summary>
/// RFC 7009: the client says it no longer needs a token. Opaque tokens are deleted; a JWT's <c>jti</c>
/// is denied by introspection until the token would have expired; a refresh token revokes its whole
/// grant (§2.1: the access tokens issued with it too). Unknown tokens are not an error (§2.2), and
/// neither is a token another request revokes at the same moment: the loser runs again and finds it done.
/// </summary>
public sealed record RevokeToken(ClientCredentials Credentials, string Token) : ICommand<bool>, IRetryOnConflict;

internal sealed class RevokeTokenValidator : AbstractValidator<RevokeToken>
{
    public RevokeTokenValidator() => RuleFor(c => c.Token).NotEmpty();
}

internal sealed class RevokeTokenHandler(ClientAuthenticator authenticator, IOAuthData db, EnvironmentContext scope, ITokenSigner signer, TimeProvider clock)
    : ICommandHandler<RevokeToken, bool>
{
    public async Task<bool> Handle(RevokeToken command, CancellationToken cancellationToken)
    {
        var client = await authenticator.AuthenticateAsync(command.Credentials, cancellationToken);
        if (command.Token.Length > TokenLookup.MaxTokenLength)
        {
            return false;
        }

        if (TokenLookup.IsJwt(command.Token))
        {
            if (await signer.ReadAsync(command.Token, cancellationToken) is not { } claims)
            {
                return false;
            }

            RequireOwner(client, claims.ClientId);
            if (!await db.RevokedAccessTokens.AnyAsync(r => r.Jti == claims.Jti, cancellationToken))
            {
                db.RevokedAccessTokens.Add(RevokedAccessToken.For(scope.RequiredEnvironmentId, claims.Jti, claims.ExpiresAt));
            }

            return true;
        }

        var hash = Secrets.Hash(command.Token);
        var opaque = await db.OpaqueAccessTokens.SingleOrDefaultAsync(t => t.TokenHash == hash, cancellationToken);
        if (opaque is not null)
        {
            RequireOwner(client, opaque.ClientId);
            db.OpaqueAccessTokens.Remove(opaque);
            return true;
        }

        var grant = await (
            from refresh in db.RefreshTokens
            join g in db.Grants on refresh.GrantId equals g.Id
            where refresh.TokenHash == hash
            select g).SingleOrDefaultAsync(cancellationToken);
        if (grant is null)
        {
            return false;
        }

        RequireOwner(client, grant.ClientId);
        grant.Revoke(clock.GetUtcNow().UtcDateTime);
        return true;
    }

    // RFC 7009 §2.1: the server verifies the token was issued to the client asking, and refuses otherwise.
    private static void RequireOwner(ClientRegistration client, string tokenClientId)
    {
        if (tokenClientId != client.ClientId)
        {
            throw new OAuthException(OAuthErrors.InvalidRequest, "The token was not issued to this client.");
        }
    }
}
