using Paylent.Application.Access.Contracts;
using Paylent.Application.Identity.Contracts;
using Paylent.Application.Organizations.Contracts;
using Paylent.Domain.OAuth;

namespace Paylent.Application.OAuth.Tokens;

/// <summary>
/// OIDC Core §5.4: the standard claims each scope asks for, as ID tokens and userinfo answer them.
/// Only claims the user has are included (§5.3.2: absent rather than null).
/// </summary>
public static class UserClaims
{
    /// <summary>The user's role slugs (RFC 9068 §2.2.3.1 names it), with scope <c>roles</c>.</summary>
    public const string RolesClaim = "roles";
    public const string OrganizationIdClaim = "org_id";
    public const string OrganizationSlugClaim = "org_slug";

    public static readonly IReadOnlyList<string> Supported =
        ["sub", "name", "given_name", "family_name", "preferred_username", "updated_at", "email", "email_verified"];

    public static IReadOnlyList<KeyValuePair<string, object>> For(UserClaimsSource user, IReadOnlyCollection<string> scopes)
    {
        var claims = new List<KeyValuePair<string, object>>();
        if (scopes.Contains(Scopes.Profile))
        {
            Add(claims, "name", user.FullName);
            Add(claims, "given_name", user.GivenName);
            Add(claims, "family_name", user.FamilyName);
            Add(claims, "preferred_username", user.Username);
            claims.Add(new("updated_at", new DateTimeOffset(user.UpdatedAt, TimeSpan.Zero).ToUnixTimeSeconds()));
        }

        if (scopes.Contains(Scopes.Email))
        {
            claims.Add(new("email", user.Email));
            claims.Add(new("email_verified", user.EmailVerified));
        }

        return claims;
    }

    /// <summary>The <c>roles</c> claim of an ID token or userinfo, when scope <c>roles</c> was granted.</summary>
    public static IReadOnlyList<KeyValuePair<string, object>> Roles(SubjectAccess access, bool granted) =>
        granted ? [new(RolesClaim, access.Roles)] : [];

    /// <summary>
    /// The organization context, in the ID token and userinfo: <c>org_id</c>, and <c>org_slug</c> as a
    /// readable name the client can show or route by (it is immutable). None without a context.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, object>> Organization(OrganizationMembership? organization) =>
        organization is null ? [] : [new(OrganizationIdClaim, organization.OrganizationId.ToString()), new(OrganizationSlugClaim, organization.Slug)];

    private static void Add(List<KeyValuePair<string, object>> claims, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            claims.Add(new(name, value));
        }
    }
}
