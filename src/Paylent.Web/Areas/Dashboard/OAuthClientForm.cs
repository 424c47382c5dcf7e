using System.ComponentModel.DataAnnotations;
using Paylent.Application.OAuth.Clients;
using Paylent.Domain.OAuth;

namespace Paylent.Web.Areas.Dashboard;

/// <summary>
/// A client's settings as the dashboard's forms post them: URIs (and resources) one per line, scopes separated by
/// spaces. Parsing only; whether the settings make sense is the domain's call.
/// </summary>
public class OAuthClientForm
{
    private static readonly OAuthClientSettings Defaults = new(string.Empty, [], [], [], []);

    public ClientType ClientType { get; set; } = ClientType.Confidential;

    public string? Name { get; set; }

    public List<string> GrantTypes { get; set; } = [];

    public string? RedirectUris { get; set; }

    public string? PostLogoutRedirectUris { get; set; }

    public string? AllowedScopes { get; set; }

    public TokenFormat TokenFormat { get; set; } = Defaults.TokenFormat;

    [Display(Name = "Access token lifetime")]
    public int AccessTokenLifetime { get; set; } = Defaults.AccessTokenLifetime;

    [Display(Name = "Refresh token lifetime")]
    public int RefreshTokenLifetime { get; set; } = Defaults.RefreshTokenLifetime;

    public bool RequirePkce { get; set; } = Defaults.RequirePkce;

    public string? DefaultAudience { get; set; }

    [Display(Name = "Allowed resources")]
    public string? AllowedResources { get; set; }

    [Display(Name = "First-party application")]
    public bool FirstParty { get; set; } = Defaults.FirstParty;

    [Display(Name = "Token signing algorithm")]
    public string IdTokenSignedResponseAlg { get; set; } = Defaults.IdTokenSignedResponseAlg;

    [Display(Name = "Roles in access tokens")]
    public bool IncludeRolesInTokens { get; set; } = Defaults.IncludeRolesInTokens;

    [Display(Name = "Permissions in access tokens")]
    public bool IncludePermissionsInTokens { get; set; } = Defaults.IncludePermissionsInTokens;

    [Display(Name = "Organization required")]
    public bool OrganizationRequired { get; set; } = Defaults.OrganizationRequired;

    public static OAuthClientForm From(OAuthClientDto client) => new()
    {
        ClientType = client.ClientType,
        Name = client.Name,
        GrantTypes = [.. client.GrantTypes],
        RedirectUris = string.Join('\n', client.RedirectUris),
        PostLogoutRedirectUris = string.Join('\n', client.PostLogoutRedirectUris),
        AllowedScopes = string.Join(' ', client.AllowedScopes),
        TokenFormat = client.TokenFormat,
        AccessTokenLifetime = client.AccessTokenLifetime,
        RefreshTokenLifetime = client.RefreshTokenLifetime,
        RequirePkce = client.RequirePkce,
        DefaultAudience = client.DefaultAudience,
        FirstParty = client.FirstParty,
        AllowedResources = string.Join('\n', client.AllowedResources),
        IdTokenSignedResponseAlg = client.IdTokenSignedResponseAlg,
        IncludeRolesInTokens = client.IncludeRolesInTokens,
        IncludePermissionsInTokens = client.IncludePermissionsInTokens,
        OrganizationRequired = client.OrganizationRequired,
    };

    public OAuthClientSettings ToSettings() => new(
        Name ?? string.Empty,
        Lines(RedirectUris),
        Lines(PostLogoutRedirectUris),
        GrantTypes,
        AllowedScopes?.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries) ?? [],
        TokenFormat,
        AccessTokenLifetime,
        RefreshTokenLifetime,
        RequirePkce,
        string.IsNullOrWhiteSpace(DefaultAudience) ? null : DefaultAudience.Trim(),
        FirstParty,
        Lines(AllowedResources),
        IdTokenSignedResponseAlg,
        IncludeRolesInTokens,
        IncludePermissionsInTokens,
        OrganizationRequired);

    private static string[] Lines(string? text) =>
        text?.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [];
}
