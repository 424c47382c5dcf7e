using FluentValidation;
using Paylent.Application.Common.Messaging;
using Paylent.Application.Common.Persistence;
using Paylent.Application.Common.Security;
using Paylent.Domain.OAuth;

namespace Paylent.Application.OAuth.Tokens;

/// <summary>RFC 6749 §4.4: a confidential client gets an access token for itself.</summary>
public sealed record IssueClientCredentialsToken(ClientCredentials Credentials, string? Scope, IReadOnlyList<string> Resources, string Issuer)
    : ICommand<TokenResponse>;

internal sealed class IssueClientCredentialsTokenValidator : AbstractValidator<IssueClientCredentialsToken>
{
    public IssueClientCredentialsTokenValidator()
    {
        RuleFor(c => c.Scope).MaximumLength(2000);
        RuleFor(c => c.Resources).Must(r => r.Count <= 10).WithMessage("At most 10 resource parameters.");
    }
}

internal sealed class IssueClientCredentialsTokenHandler(
    ClientAuthenticator authenticator, IOAuthData db, EnvironmentContext scope, ITokenSigner signer, TimeProvider clock)
    : ICommandHandler<IssueClientCredentialsToken, TokenResponse>
{
    public async Task<TokenResponse> Handle(IssueClientCredentialsToken command, CancellationToken cancellationToken)
    {
        var client = await authenticator.AuthenticateAsync(command.Credentials, cancellationToken);
        if (!client.IsConfidential || !client.Allows(GrantTypes.ClientCredentials))
        {
            throw new OAuthException(OAuthErrors.UnauthorizedClient, "The client may not use the client_credentials grant.");
        }

        var scopeValue = string.Join(' ', GrantedScopes(client, command.Scope));
        var audience = Audience(client, command.Resources, command.Issuer);
        var now = clock.GetUtcNow().UtcDateTime;
        var expiresAt = now.AddSeconds(client.AccessTokenLifetime);

        // RFC 9068 §2.2: with no resource owner, `sub` identifies the client itself.
        string token;
        if (client.TokenFormat == TokenFormat.Jwt)
        {
            token = await signer.SignAsync(
                new AccessTokenClaims(command.Issuer, client.ClientId, client.ClientId, audience, scopeValue, now, expiresAt, Secrets.NewToken(16)),
                cancellationToken);
        }
        else
        {
            token = Secrets.NewToken();
            db.OpaqueAccessTokens.Add(OpaqueAccessToken.Issue(
                scope.RequiredEnvironmentId, Secrets.Hash(token), client.ClientId, client.ClientId, scopeValue, audience, now, expiresAt));
        }

        return new TokenResponse(token, "Bearer", client.AccessTokenLifetime, scopeValue.Length == 0 ? null : scopeValue);
    }

    /// <summary>RFC 6749 §3.3: requested scopes must all be allowed; none requested means the client's default.</summary>
    private static IReadOnlyList<string> GrantedScopes(ClientRegistration client, string? requested)
    {
        var allowed = client.AllowedScopes.Where(s => !Scopes.UserOnly.Contains(s)).ToList();
        var scopes = Scopes.Parse(requested);
        if (scopes.Count == 0)
        {
            return allowed;
        }

        var refused = scopes.Where(s => !allowed.Contains(s, StringComparer.Ordinal)).ToList();
        return refused.Count == 0
            ? scopes
            : throw new OAuthException(OAuthErrors.InvalidScope, $"The client may not request: {string.Join(' ', refused)}.");
    }

    /// <summary>RFC 8707 §2: each resource is an absolute URI without a fragment; it becomes an audience.</summary>
    private static IReadOnlyList<string> Audience(ClientRegistration client, IReadOnlyList<string> resources, string issuer)
    {
        if (resources.Count == 0)
        {
            return [client.DefaultAudience ?? issuer];
        }

        return resources.All(RedirectUri.IsAbsoluteWithoutFragment)
            ? resources.Distinct(StringComparer.Ordinal).ToList()
            : throw new OAuthException(OAuthErrors.InvalidTarget, "Each resource must be an absolute URI without a fragment.");
    }
}
