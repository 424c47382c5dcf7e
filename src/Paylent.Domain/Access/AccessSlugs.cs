using System.Text.RegularExpressions;

namespace Paylent.Domain.Access;

/// <summary>
/// The slugs of permissions and roles: segments separated by <c>:</c> (<c>invoices:read</c>), each
/// segment non-empty. Permissions are lower case; roles may use upper case too (<c>ROLE_ADMIN</c>),
/// kept as given and unique case-insensitively.
/// </summary>
public static partial class AccessSlugs
{
    public const int MaxLength = 100;

    public static bool IsPermission(string? value) => value is { Length: > 0 and <= MaxLength } && PermissionPattern().IsMatch(value);

    public static bool IsRole(string? value) => value is { Length: > 0 and <= MaxLength } && RolePattern().IsMatch(value);

    /// <summary>The uniqueness and lookup key of a role slug.</summary>
    public static string NormalizeRole(string slug) => slug.ToLowerInvariant();

    /// <summary>
    /// Whether a granted permission covers a checked one. Both are split on <c>:</c>; a granted
    /// segment that is exactly <c>*</c> matches any one segment, and as the granted slug's last segment
    /// it matches every remaining segment (<c>invoices:*</c> covers <c>invoices:read</c> and
    /// <c>invoices:lines:write</c>, but not <c>invoices</c>). A <c>*</c> inside a segment is literal.
    /// </summary>
    public static bool Covers(string granted, string checkedPermission)
    {
        if (string.Equals(granted, checkedPermission, StringComparison.Ordinal))
        {
            return true;
        }

        if (!granted.Contains('*', StringComparison.Ordinal))
        {
            return false;
        }

        var want = granted.Split(':');
        var have = checkedPermission.Split(':');
        for (var i = 0; i < want.Length; i++)
        {
            if (i >= have.Length)
            {
                return false;
            }

            if (want[i] == "*")
            {
                if (i == want.Length - 1)
                {
                    return true;
                }

                continue;
            }

            if (!string.Equals(want[i], have[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return want.Length == have.Length;
    }

    [GeneratedRegex(@"^[a-z0-9_.*-]+(?::[a-z0-9_.*-]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex PermissionPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_.*-]+(?::[A-Za-z0-9_.*-]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex RolePattern();
}
