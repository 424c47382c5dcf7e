using Paylent.Application.Common.Security;
using Paylent.Domain.OAuth;

namespace Paylent.Application.OAuth;

/// <summary>
/// What every new environment starts with: a primary RSA-4096 signing key and the confidential
/// <c>paylent-management</c> client (client_credentials, scope <c>paylent:manage</c>) for its API.
/// </summary>
internal sealed class EnvironmentProvisioning(IOAuthData db, ISigningKeyGenerator generator)
{
    public static readonly OAuthClientSettings ManagementClient = new(
        Name: "Paylent management API",
        RedirectUris: [],
        PostLogoutRedirectUris: [],
        GrantTypes: [GrantTypes.ClientCredentials],
        AllowedScopes: [Scopes.Manage],
        TokenFormat: TokenFormat.Jwt,
        AccessTokenLifetime: 3600);

    public void Provision(Guid environmentId, string managementClientSecret, DateTime now)
    {
        var key = generator.Generate(environmentId, now);
        new SigningKeyRing([]).Add(key);
        db.SigningKeys.Add(key);
        db.OAuthClients.Add(OAuthClient.Create(
            environmentId, OAuthClient.ManagementClientId, ClientType.Confidential, ManagementClient, Secrets.Hash(managementClientSecret), now));
    }
}
