using Paylent.Application.Common.Events;
using Paylent.Application.Tenancy.Contracts;
using Paylent.Domain.OAuth;

namespace Paylent.Application.OAuth;

/// <summary>
/// What every new environment starts with: a primary signing key per algorithm (RSA-4096 for RS256,
/// P-256 for ES256) and the confidential
/// <c>paylent-management</c> client (client_credentials, scope <c>paylent:manage</c>) for its API.
/// </summary>
internal sealed class EnvironmentProvisioning(IOAuthData db, ISigningKeyGenerator generator) : IModuleEventHandler<EnvironmentCreated>
{
    public static readonly OAuthClientSettings ManagementClient = new(
        Name: "Paylent management API",
        RedirectUris: [],
        PostLogoutRedirectUris: [],
        GrantTypes: [GrantTypes.ClientCredentials],
        AllowedScopes: [Scopes.Manage],
        TokenFormat: TokenFormat.Jwt,
        AccessTokenLifetime: 3600);

    public Task HandleAsync(EnvironmentCreated moduleEvent, CancellationToken cancellationToken)
    {
        var (environmentId, now) = (moduleEvent.EnvironmentId, moduleEvent.CreatedAt);
        var ring = new SigningKeyRing([]);
        foreach (var algorithm in SigningAlgorithms.All)
        {
            var key = generator.Generate(environmentId, algorithm, now);
            ring.Add(key);
            db.SigningKeys.Add(key);
        }

        db.OAuthClients.Add(OAuthClient.Create(
            environmentId, OAuthClient.ManagementClientId, ClientType.Confidential, ManagementClient, moduleEvent.ManagementClientSecretHash, now));
        return Task.CompletedTask;
    }
}
