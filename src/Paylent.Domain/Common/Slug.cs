using System.Text.RegularExpressions;

namespace Paylent.Domain.Common;

/// <summary>
/// Lower-case DNS-label fragments used in host names (<c>{account}-{environment}.{BaseDomain}</c>).
/// </summary>
public static partial class Slug
{
    public const int MaxLength = 40;

    /// <summary>An account slug: letters, digits and inner hyphens.</summary>
    public static bool IsValidAccountSlug(string? value) =>
        value is { Length: > 0 and <= MaxLength } && AccountPattern().IsMatch(value);

    /// <summary>
    /// An environment slug has no hyphen, so a host label splits unambiguously at its last hyphen.
    /// </summary>
    public static bool IsValidEnvironmentSlug(string? value) =>
        value is { Length: > 0 and <= MaxLength } && EnvironmentPattern().IsMatch(value);

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex AccountPattern();

    [GeneratedRegex("^[a-z0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex EnvironmentPattern();
}
