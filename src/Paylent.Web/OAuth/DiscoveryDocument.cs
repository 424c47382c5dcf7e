using Paylent.Domain.OAuth;

namespace Paylent.Web.OAuth;

/// <summary>
/// Authorization server metadata (RFC 8414 §2, OIDC Discovery §3) for one issuer. It advertises what
/// this version implements; endpoints of later milestones (authorize, userinfo, logout) join as they land.
/// </summary>
internal static class DiscoveryDocument
{
    private static readonly string[] ClientAuthMethods = ["client_secret_basic", "client_secret_post"];

    public static Dictionary<string, object> For(string issuer) => new()
    {
        ["issuer"] = issuer,
        ["token_endpoint"] = issuer + OAuthEndpoints.TokenPath,
        ["jwks_uri"] = issuer + OAuthEndpoints.JwksPath,
        ["introspection_endpoint"] = issuer + OAuthEndpoints.IntrospectionPath,
        ["revocation_endpoint"] = issuer + OAuthEndpoints.RevocationPath,
        ["grant_types_supported"] = new[] { GrantTypes.ClientCredentials },
        ["token_endpoint_auth_methods_supported"] = ClientAuthMethods.Append("none").ToArray(),
        ["introspection_endpoint_auth_methods_supported"] = ClientAuthMethods,
        ["revocation_endpoint_auth_methods_supported"] = ClientAuthMethods.Append("none").ToArray(),
        ["scopes_supported"] = new[] { Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.OfflineAccess, Scopes.Manage },
        ["claims_supported"] = new[] { "iss", "sub", "aud", "exp", "iat", "jti", "client_id", "scope" },
        ["code_challenge_methods_supported"] = new[] { "S256" },
        ["subject_types_supported"] = new[] { "public" },
        ["id_token_signing_alg_values_supported"] = new[] { SigningKey.Rs256 },
        ["access_token_signing_alg_values_supported"] = new[] { SigningKey.Rs256 },
    };
}
