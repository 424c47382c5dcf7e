namespace Paylent.Domain.OAuth;

/// <summary>Grant types Paylent knows (RFC 6749 §4).</summary>
public static class GrantTypes
{
    public const string AuthorizationCode = "authorization_code";
    public const string ClientCredentials = "client_credentials";
    public const string RefreshToken = "refresh_token";

    public static readonly IReadOnlySet<string> All = new HashSet<string>([AuthorizationCode, ClientCredentials, RefreshToken], StringComparer.Ordinal);
}

/// <summary>Scopes with a meaning to Paylent itself; clients may also be allowed scopes of their own APIs.</summary>
public static class Scopes
{
    public const string OpenId = "openid";
    public const string Profile = "profile";
    public const string Email = "email";
    public const string OfflineAccess = "offline_access";
    public const string Manage = "paylent:manage";

    /// <summary>Asks for the user's <c>roles</c> in the ID token and userinfo (access tokens carry them per client setting).</summary>
    public const string Roles = "roles";

    /// <summary>
    /// Asks for an organization context (docs/organizations.md): alone, the user picks one of theirs;
    /// as <c>organization:&lt;slug&gt;</c>, it names one, for clients that can only send scopes.
    /// Allowing <c>organization</c> allows both forms.
    /// </summary>
    public const string Organization = "organization";

    public const string OrganizationPrefix = "organization:";

    /// <summary>Scopes that only make sense with a user; never granted to a client acting for itself.</summary>
    public static readonly IReadOnlySet<string> UserOnly = new HashSet<string>([OpenId, Profile, Email, OfflineAccess, Roles, Organization], StringComparer.Ordinal);

    /// <summary>RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ).</summary>
    public static bool IsValidToken(string scope) =>
        scope.Length is > 0 and <= 100 && scope.All(c => c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E));

    public static IReadOnlyList<string> Parse(string? scope) =>
        string.IsNullOrEmpty(scope) ? [] : scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
}

/// <summary>Audiences (<c>aud</c>) with a meaning to Paylent itself.</summary>
public static class Audiences
{
    /// <summary>
    /// The management API of the environment with this issuer, as a resource (RFC 8707 §2: an absolute
    /// URI without a fragment): the one audience of a token with <see cref="Scopes.Manage"/>, and the
    /// only one the API accepts, so a token for anything else never opens it.
    /// </summary>
    public static string ManagementApi(string issuer) => issuer + "/api";
}

public enum ClientType
{
    Confidential,
    Public,
}

public enum TokenFormat
{
    Jwt,
    Opaque,
}

/// <summary>
/// The JWS algorithms Paylent signs with (RFC 7518 §3.1): RSA-4096 with SHA-256 by default, and ECDSA
/// on P-256 with SHA-256. Each environment has a key ring per algorithm.
/// </summary>
public static class SigningAlgorithms
{
    public const string Rs256 = "RS256";
    public const string Es256 = "ES256";

    /// <summary>RS256 first: the default everywhere, and first where discovery lists them.</summary>
    public static readonly IReadOnlyList<string> All = [Rs256, Es256];

    public static bool IsSupported(string? algorithm) => algorithm is not null && All.Contains(algorithm, StringComparer.Ordinal);
}

/// <summary>
/// How a request names an organization (the <c>organization</c> parameter, the <c>organization:&lt;slug&gt;</c>
/// scope): its id, or its slug (1-50 of <c>a-z</c>, <c>0-9</c>, <c>-</c>). Anything else is refused as
/// malformed before any lookup, so no odd text reaches the database.
/// </summary>
public static class OrganizationReference
{
    public const int MaxLength = 50;

    public static bool IsWellFormed(string? value) =>
        value is { Length: > 0 and <= MaxLength }
        && (Guid.TryParseExact(value, "D", out _) || value.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'));
}
