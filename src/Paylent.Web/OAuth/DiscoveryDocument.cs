using Paylent.Application.OAuth.Tokens;
using Paylent.Domain.OAuth;

namespace Paylent.Web.OAuth;

/// <summary>
/// Authorization server metadata (RFC 8414 §2, OIDC Discovery §3, RP-Initiated Logout §2.1, RFC 9207 §3)
/// for one issuer: exactly what this version implements.
/// </summary>
internal static class DiscoveryDocument
{
    private static readonly string[] ClientAuthMethods = ["client_secret_basic", "client_secret_post"];

    public static Dictionary<string, object> For(string issuer) => new()
    {
        ["issuer"] = issuer,
        ["authorization_endpoint"] = issuer + OAuthEndpoints.AuthorizationPath,
        ["token_endpoint"] = issuer + OAuthEndpoints.TokenPath,
        ["userinfo_endpoint"] = issuer + OAuthEndpoints.UserInfoPath,
        ["end_session_endpoint"] = issuer + OAuthEndpoints.EndSessionPath,
        ["jwks_uri"] = issuer + OAuthEndpoints.JwksPath,
        ["introspection_endpoint"] = issuer + OAuthEndpoints.IntrospectionPath,
        ["revocation_endpoint"] = issuer + OAuthEndpoints.RevocationPath,
        ["response_types_supported"] = new[] { "code" },
        ["response_modes_supported"] = new[] { "query", "form_post" },
        ["grant_types_supported"] = new[] { GrantTypes.AuthorizationCode, GrantTypes.RefreshToken, GrantTypes.ClientCredentials },
        ["token_endpoint_auth_methods_supported"] = ClientAuthMethods.Append("none").ToArray(),
        ["introspection_endpoint_auth_methods_supported"] = ClientAuthMethods,
        ["revocation_endpoint_auth_methods_supported"] = ClientAuthMethods.Append("none").ToArray(),
        ["scopes_supported"] = new[] { Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.OfflineAccess, Scopes.Manage, Scopes.Roles, Scopes.Organization },
        ["claims_supported"] = new[] { "iss", "aud", "exp", "iat", "auth_time", "nonce", "at_hash", "sid", "amr", "azp" }.Concat(UserClaims.Supported)
            .Concat([UserClaims.RolesClaim, UserClaims.OrganizationIdClaim, UserClaims.OrganizationSlugClaim]).ToArray(),
        ["prompt_values_supported"] = new[] { "none", "login", "consent", "select_account" },
        ["authorization_response_iss_parameter_supported"] = true,
        // Paylent's own (docs/organizations.md): /oauth/authorize and the refresh_token grant accept organization=<id or slug>.
        ["organization_parameter_supported"] = true,
        ["claims_parameter_supported"] = false,
        ["request_parameter_supported"] = false,
        ["request_uri_parameter_supported"] = false,
        ["code_challenge_methods_supported"] = new[] { "S256" },
        ["subject_types_supported"] = new[] { "public" },
        // RS256 first (OIDC Discovery §3 requires it listed); ES256 for the clients that choose it.
        ["id_token_signing_alg_values_supported"] = SigningAlgorithms.All,
        ["access_token_signing_alg_values_supported"] = SigningAlgorithms.All,
    };
}
