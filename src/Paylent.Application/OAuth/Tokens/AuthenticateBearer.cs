using FluentValidation;
using Paylent.Application.Common.Messaging;
using Paylent.Domain.OAuth;

namespace Paylent.Application.OAuth.Tokens;

/// <summary>
/// The claims of an active access token of the current environment (RFC 6750 bearer use), or null.
/// A token of another environment, expired, revoked or forged is simply not found.
/// </summary>
public sealed record AuthenticateBearer(string Token, string Issuer) : IQuery<AccessTokenClaims?>;

internal sealed class AuthenticateBearerValidator : AbstractValidator<AuthenticateBearer>
{
    public AuthenticateBearerValidator() => RuleFor(q => q.Token).NotEmpty();
}

internal sealed class AuthenticateBearerHandler(TokenLookup tokens) : IQueryHandler<AuthenticateBearer, AccessTokenClaims?>
{
    public Task<AccessTokenClaims?> Handle(AuthenticateBearer query, CancellationToken cancellationToken) =>
        tokens.FindActiveAsync(query.Token, query.Issuer, cancellationToken);
}

public static class AccessTokenScopes
{
    public static bool Grants(this AccessTokenClaims claims, string scope) => Scopes.Parse(claims.Scope).Contains(scope, StringComparer.Ordinal);
}
