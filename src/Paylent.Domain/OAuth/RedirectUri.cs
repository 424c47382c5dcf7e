namespace Paylent.Domain.OAuth;

/// <summary>
/// Rules for registered redirect URIs: absolute, no fragment (RFC 6749 §3.1.2), https except for
/// loopback hosts (RFC 8252 §7.3; OAuth 2.1), or a private-use scheme for native apps (RFC 8252 §7.1).
/// They are later compared exactly, character for character.
/// </summary>
public static class RedirectUri
{
    public const int MaxLength = 2000;

    public static string? Problem(string value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > MaxLength || value.Any(char.IsControl) || value.Contains(' ', StringComparison.Ordinal))
        {
            return "not a URI.";
        }

        if (!IsAbsolute(value, out var uri))
        {
            return "not an absolute URI.";
        }

        if (value.Contains('#', StringComparison.Ordinal))
        {
            return "a redirect URI must not have a fragment.";
        }

        return uri.Scheme switch
        {
            "https" => null,
            "http" when uri.IsLoopback || uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || uri.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase) => null,
            "http" => "use https (plain http only for loopback addresses).",
            "javascript" or "data" or "file" or "vbscript" => "this scheme is not allowed.",
            _ when uri.Scheme.Contains('.', StringComparison.Ordinal) => null,
            _ => "a custom scheme must be a reverse domain name (com.example.app).",
        };
    }

    public static bool IsAbsoluteWithoutFragment(string value) =>
        IsAbsolute(value, out _) && !value.Contains('#', StringComparison.Ordinal) && value.Length <= MaxLength;

    /// <summary>
    /// Absolute as written: on Unix, .NET also reads "/path" and "//host/path" as file: URIs, which
    /// a redirect URI or RFC 8707 resource must never be.
    /// </summary>
    private static bool IsAbsolute(string value, out Uri uri) =>
        Uri.TryCreate(value, UriKind.Absolute, out uri!) && value.StartsWith(uri.Scheme + ":", StringComparison.OrdinalIgnoreCase);
}
