using System.Globalization;

namespace Paylent.Infrastructure.Domains;

/// <summary>How the serving side keys hostnames: the ASCII form, lower-cased, without a trailing dot (RFC 6066 §3: SNI carries no trailing dot).</summary>
internal static class Hostnames
{
    public static string Normalize(string hostname)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(hostname);
        return hostname.TrimEnd('.').ToLowerInvariant() is { Length: > 0 and <= 253 } name && name.All(IsHostCharacter)
            ? name
            : throw new ArgumentException("Not a hostname in ASCII form.", nameof(hostname));
    }

    /// <summary>The key for a name a client sent (SNI, Host), or null when it cannot be a stored hostname; never throws.</summary>
    public static string? Lookup(string? hostname)
    {
        if (string.IsNullOrEmpty(hostname) || hostname.Length > 254)
        {
            return null;
        }

        var name = hostname.TrimEnd('.');
        return name.Length > 0 && name.All(IsHostCharacter) ? name.ToLower(CultureInfo.InvariantCulture) : null;
    }

    private static bool IsHostCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.';
}
