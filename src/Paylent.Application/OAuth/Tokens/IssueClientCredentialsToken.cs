using FluentValidation;
using Paylent.Application.Access.Contracts;
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
    ClientAuthenticator authenticator, IOAuthData db, EnvironmentContext scope, ITokenSigner signer, IAccessClaims accessClaims, TokenIssuanceCounter issued,
    TimeProvider clock)
    : ICommandHandler<IssueClientCredentialsToken, TokenResponse>
{
    public async Task<TokenResponse> Handle(IssueClientCredentialsToken command, CancellationToken cancellationToken)
    {
        var client = await authenticator.AuthenticateAsync(command.Credentials, cancellationToken);
        if (!client.IsConfidential || !client.Allows(GrantTypes.ClientCredentials))
        {
            throw new OAuthException(OAuthErrors.UnauthorizedClient, "The client may not use the client_credentials grant.");
        }

        var scopes = GrantedScopes(client, command.Scope);
        var scopeValue = string.Join(' ', scopes);
        var audience = Audience(client, scopes, command.Resources, command.Issuer);
        var now = clock.GetUtcNow().UtcDateTime;
        var expiresAt = now.AddSeconds(client.AccessTokenLifetime);

        // The service account's roles: environment-wide ones and this client's own, computed now.
        var access = client.IncludeRolesInTokens || client.IncludePermissionsInTokens
            ? await accessClaims.ForClientAsync(client.ClientId, cancellationToken)
            : SubjectAccess.None;
        var (roles, permissions) = (client.IncludeRolesInTokens ? access.Roles : null, client.IncludePermissionsInTokens ? access.Permissions : null);

        // RFC 9068 §2.2: with no resource owner, `sub` identifies the client itself.
        string token;
        if (client.TokenFormat == TokenFormat.Jwt)
        {
            token = await signer.SignAsync(
                new AccessTokenClaims(command.Issuer, client.ClientId, client.ClientId, audience, scopeValue, now, expiresAt, Secrets.NewToken(16), Roles: roles, Permissions: permissions),
                client.IdTokenSignedResponseAlg,
                cancellationToken);
        }
        else
        {
            token = Secrets.NewToken();
            db.OpaqueAccessTokens.Add(OpaqueAccessToken.Issue(
                scope.RequiredEnvironmentId, Secrets.Hash(token), client.ClientId, client.ClientId, scopeValue, audience, now, expiresAt, roles: roles, permissions: permissions));
        }

        issued.CountWhenCommitted(scope.RequiredEnvironmentId, GrantTypes.ClientCredentials, client.TokenFormat);
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

    /// <summary>
    /// RFC 8707 §2: the token's audience is the resources requested, each an absolute URI without a
    /// fragment that the client registered (<c>allowed_resources</c>, its <c>default_audience</c>, and the
    /// management API for a client allowed <c>paylent:manage</c>); anything else is <c>invalid_target</c>.
    /// Without a resource: the management API for <c>paylent:manage</c> (so an unmodified client keeps
    /// opening it), else the default audience, else the issuer. A <c>paylent:manage</c> token is for the
    /// management API alone: asking it for another resource as well is <c>invalid_target</c>, since the API
    /// refuses a token meant for more than itself.
    /// </summary>
    private static IReadOnlyList<string> Audience(ClientRegistration client, IReadOnlyList<string> scopes, IReadOnlyList<string> resources, string issuer)
    {
        var managementApi = Audiences.ManagementApi(issuer);
        var manages = scopes.Contains(Scopes.Manage, StringComparer.Ordinal);
        if (resources.Count == 0)
        {
            return [manages ? managementApi : client.DefaultAudience ?? issuer];
        }

        if (!resources.All(RedirectUri.IsAbsoluteWithoutFragment))
        {
            throw new OAuthException(OAuthErrors.InvalidTarget, "Each resource must be an absolute URI without a fragment.");
        }

        if (!resources.All(r => Registered(client, r, managementApi)))
        {
            throw new OAuthException(OAuthErrors.InvalidTarget, "Each resource must be one the client is registered for (allowed_resources).");
        }

        var audience = resources.Distinct(StringComparer.Ordinal).ToList();
        return !manages || audience is [var only] && only == managementApi
            ? audience
            : throw new OAuthException(OAuthErrors.InvalidTarget, $"A {Scopes.Manage} token is for the management API ({managementApi}) alone.");
    }

    private static bool Registered(ClientRegistration client, string resource, string managementApi) =>
        client.AllowedResources.Contains(resource, StringComparer.Ordinal)
        || resource == client.DefaultAudience
        || (resource == managementApi && client.AllowedScopes.Contains(Scopes.Manage, StringComparer.Ordinal));
}
