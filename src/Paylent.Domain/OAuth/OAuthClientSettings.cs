using Paylent.Domain.Common;

namespace Paylent.Domain.OAuth;

/// <summary>Everything about a client an admin can set; checked as a whole against the client's type.</summary>
public sealed record OAuthClientSettings(
    string Name,
    IReadOnlyList<string> RedirectUris,
    IReadOnlyList<string> PostLogoutRedirectUris,
    IReadOnlyList<string> GrantTypes,
    IReadOnlyList<string> AllowedScopes,
    TokenFormat TokenFormat = TokenFormat.Jwt,
    int AccessTokenLifetime = 3600,
    int RefreshTokenLifetime = 30 * 24 * 3600,
    bool RequirePkce = true,
    string? DefaultAudience = null,
    bool FirstParty = false,
    IReadOnlyList<string>? AllowedResources = null,
    string IdTokenSignedResponseAlg = SigningAlgorithms.Rs256,
    bool IncludeRolesInTokens = true,
    bool IncludePermissionsInTokens = true,
    bool OrganizationRequired = false)
{
    /// <summary>The RFC 8707 resources the client may ask tokens for (none when not given).</summary>
    public IReadOnlyList<string> AllowedResources { get; init; } = AllowedResources ?? [];

    /// <summary>
    /// What a new client starts with, on every surface: a confidential client is a backend calling APIs
    /// as itself; a public client signs users in (it cannot keep a secret, RFC 6749 §2.1).
    /// </summary>
    public static OAuthClientSettings Defaults(ClientType clientType) => new(
        Name: string.Empty,
        RedirectUris: [],
        PostLogoutRedirectUris: [],
        GrantTypes: DefaultGrantTypes(clientType),
        AllowedScopes: []);

    public static IReadOnlyList<string> DefaultGrantTypes(ClientType clientType) =>
        clientType == ClientType.Confidential ? [OAuth.GrantTypes.ClientCredentials] : [OAuth.GrantTypes.AuthorizationCode];

    internal void Validate(ClientType clientType)
    {
        if (string.IsNullOrWhiteSpace(Name) || Name.Trim().Length > OAuthClient.MaxNameLength)
        {
            throw new DomainException("invalid_name", $"A name is 1-{OAuthClient.MaxNameLength} characters.", nameof(Name));
        }

        if (GrantTypes.Count == 0 || GrantTypes.Any(g => !OAuth.GrantTypes.All.Contains(g)))
        {
            throw new DomainException("invalid_grant_types", "Grant types are some of authorization_code, client_credentials and refresh_token.", nameof(GrantTypes));
        }

        // RFC 6749 §4.4: the client credentials grant is for confidential clients only.
        if (clientType == ClientType.Public && GrantTypes.Contains(OAuth.GrantTypes.ClientCredentials))
        {
            throw new DomainException("invalid_grant_types", "A public client cannot use client_credentials.", nameof(GrantTypes));
        }

        if (GrantTypes.Contains(OAuth.GrantTypes.AuthorizationCode) && RedirectUris.Count == 0)
        {
            throw new DomainException("redirect_uris_required", "The authorization_code grant needs at least one redirect URI.", nameof(RedirectUris));
        }

        RequireUris(RedirectUris, nameof(RedirectUris));
        RequireUris(PostLogoutRedirectUris, nameof(PostLogoutRedirectUris));
        if (AllowedScopes.Count > OAuthClient.MaxScopes || AllowedScopes.Any(s => !Scopes.IsValidToken(s)))
        {
            throw new DomainException("invalid_scopes", "Scopes are at most 50 tokens of printable characters without spaces, quotes or backslashes.", nameof(AllowedScopes));
        }

        if (AccessTokenLifetime is < 60 or > 24 * 3600)
        {
            throw new DomainException("invalid_lifetime", "The access token lifetime is 60 to 86400 seconds.", nameof(AccessTokenLifetime));
        }

        if (RefreshTokenLifetime is < 60 or > OAuthClient.MaxLifetimeSeconds)
        {
            throw new DomainException("invalid_lifetime", "The refresh token lifetime is 60 seconds to 365 days.", nameof(RefreshTokenLifetime));
        }

        if (!string.IsNullOrWhiteSpace(DefaultAudience) && !RedirectUri.IsAbsoluteWithoutFragment(DefaultAudience))
        {
            throw new DomainException("invalid_audience", "The default audience is an absolute URI without a fragment.", nameof(DefaultAudience));
        }

        // RFC 8707 §2: a resource is an absolute URI without a fragment.
        if (AllowedResources.Count > OAuthClient.MaxUris || AllowedResources.Any(r => !RedirectUri.IsAbsoluteWithoutFragment(r)))
        {
            throw new DomainException(
                "invalid_resources", $"At most {OAuthClient.MaxUris} resources, each an absolute URI without a fragment.", nameof(AllowedResources));
        }

        if (!SigningAlgorithms.IsSupported(IdTokenSignedResponseAlg))
        {
            throw new DomainException(
                "invalid_signing_algorithm", $"The token signing algorithm is one of: {string.Join(", ", SigningAlgorithms.All)}.", nameof(IdTokenSignedResponseAlg));
        }
    }

    private static void RequireUris(IReadOnlyList<string> uris, string field)
    {
        if (uris.Count > OAuthClient.MaxUris)
        {
            throw new DomainException("invalid_redirect_uri", $"At most {OAuthClient.MaxUris} URIs.", field);
        }

        foreach (var uri in uris)
        {
            if (RedirectUri.Problem(uri) is { } problem)
            {
                throw new DomainException("invalid_redirect_uri", $"'{Truncate(uri)}': {problem}", field);
            }
        }
    }

    private static string Truncate(string value) => value.Length <= 80 ? value : BoundedText.Truncate(value, 80) + "…";
}
