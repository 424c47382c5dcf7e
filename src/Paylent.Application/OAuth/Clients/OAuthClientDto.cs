using Paylent.Domain.OAuth;

namespace Paylent.Application.OAuth.Clients;

public sealed record OAuthClientDto(
    Guid Id,
    string ClientId,
    string Name,
    ClientType ClientType,
    IReadOnlyList<string> RedirectUris,
    IReadOnlyList<string> PostLogoutRedirectUris,
    IReadOnlyList<string> GrantTypes,
    IReadOnlyList<string> AllowedScopes,
    TokenFormat TokenFormat,
    int AccessTokenLifetime,
    int RefreshTokenLifetime,
    bool RequirePkce,
    string? DefaultAudience,
    bool FirstParty,
    IReadOnlyList<string> AllowedResources,
    string IdTokenSignedResponseAlg,
    bool IncludeRolesInTokens,
    bool IncludePermissionsInTokens,
    bool OrganizationRequired,
    DateTime CreatedAt)
{
    public static OAuthClientDto From(OAuthClient client) => new(
        client.Id, client.ClientId, client.Name, client.ClientType, client.RedirectUris, client.PostLogoutRedirectUris,
        client.GrantTypes, client.AllowedScopes, client.TokenFormat, client.AccessTokenLifetime, client.RefreshTokenLifetime,
        client.RequirePkce, client.DefaultAudience, client.FirstParty, client.AllowedResources, client.IdTokenSignedResponseAlg,
        client.IncludeRolesInTokens, client.IncludePermissionsInTokens, client.OrganizationRequired, client.CreatedAt);

    public OAuthClientSettings Settings => new(
        Name, RedirectUris, PostLogoutRedirectUris, GrantTypes, AllowedScopes, TokenFormat, AccessTokenLifetime, RefreshTokenLifetime, RequirePkce, DefaultAudience, FirstParty,
        AllowedResources, IdTokenSignedResponseAlg, IncludeRolesInTokens, IncludePermissionsInTokens, OrganizationRequired);
}

/// <summary>A client with its secret in clear: returned once, on creation or rotation, never stored.</summary>
public sealed record OAuthClientWithSecret(OAuthClientDto Client, string? ClientSecret);
