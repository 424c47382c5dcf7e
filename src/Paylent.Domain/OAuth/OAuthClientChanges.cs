using Paylent.Domain.Common;

namespace Paylent.Domain.OAuth;

/// <summary>
/// What one update changes of a client; a setting left null (or an absent <see cref="DefaultAudience"/>)
/// keeps its current value. Merged with the client as it is when the command runs, in the same unit of
/// work, so two concurrent partial updates cannot undo each other's fields.
/// </summary>
public sealed record OAuthClientChanges
{
    /// <summary>Only to say the type it already has: a client's type never changes.</summary>
    public ClientType? ClientType { get; init; }

    public string? Name { get; init; }

    public IReadOnlyList<string>? RedirectUris { get; init; }

    public IReadOnlyList<string>? PostLogoutRedirectUris { get; init; }

    public IReadOnlyList<string>? GrantTypes { get; init; }

    public IReadOnlyList<string>? AllowedScopes { get; init; }

    public TokenFormat? TokenFormat { get; init; }

    public int? AccessTokenLifetime { get; init; }

    public int? RefreshTokenLifetime { get; init; }

    public bool? RequirePkce { get; init; }

    public Optional<string?> DefaultAudience { get; init; }

    public bool? FirstParty { get; init; }

    public IReadOnlyList<string>? AllowedResources { get; init; }

    public string? IdTokenSignedResponseAlg { get; init; }

    public bool? IncludeRolesInTokens { get; init; }

    public bool? IncludePermissionsInTokens { get; init; }

    public bool? OrganizationRequired { get; init; }

    /// <summary>Every setting replaced (a form that shows them all).</summary>
    public static OAuthClientChanges All(OAuthClientSettings settings) => new()
    {
        Name = settings.Name,
        RedirectUris = settings.RedirectUris,
        PostLogoutRedirectUris = settings.PostLogoutRedirectUris,
        GrantTypes = settings.GrantTypes,
        AllowedScopes = settings.AllowedScopes,
        TokenFormat = settings.TokenFormat,
        AccessTokenLifetime = settings.AccessTokenLifetime,
        RefreshTokenLifetime = settings.RefreshTokenLifetime,
        RequirePkce = settings.RequirePkce,
        DefaultAudience = settings.DefaultAudience,
        FirstParty = settings.FirstParty,
        AllowedResources = settings.AllowedResources,
        IdTokenSignedResponseAlg = settings.IdTokenSignedResponseAlg,
        IncludeRolesInTokens = settings.IncludeRolesInTokens,
        IncludePermissionsInTokens = settings.IncludePermissionsInTokens,
        OrganizationRequired = settings.OrganizationRequired,
    };

    public OAuthClientSettings ApplyTo(OAuthClientSettings current) => new(
        Name ?? current.Name,
        RedirectUris ?? current.RedirectUris,
        PostLogoutRedirectUris ?? current.PostLogoutRedirectUris,
        GrantTypes ?? current.GrantTypes,
        AllowedScopes ?? current.AllowedScopes,
        TokenFormat ?? current.TokenFormat,
        AccessTokenLifetime ?? current.AccessTokenLifetime,
        RefreshTokenLifetime ?? current.RefreshTokenLifetime,
        RequirePkce ?? current.RequirePkce,
        DefaultAudience.Or(current.DefaultAudience),
        FirstParty ?? current.FirstParty,
        AllowedResources ?? current.AllowedResources,
        IdTokenSignedResponseAlg ?? current.IdTokenSignedResponseAlg,
        IncludeRolesInTokens ?? current.IncludeRolesInTokens,
        IncludePermissionsInTokens ?? current.IncludePermissionsInTokens,
        OrganizationRequired ?? current.OrganizationRequired);
}
