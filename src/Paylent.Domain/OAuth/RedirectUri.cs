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

    /// <summary>
    /// Whether a request's redirect URI is the registered one: character for character (RFC 6749
    /// §3.1.2.3), except that a loopback IP literal's port is the app's to choose at the time of the
    /// request (RFC 8252 §7.3: a native app listens on whatever port the system gives it). Not for
    /// <c>localhost</c>, which §8.3 advises against since it may not resolve to loopback.
    /// </summary>
    public static bool Matches(string registered, string requested) =>
        string.Equals(registered, requested, StringComparison.Ordinal)
        || (WithoutLoopbackPort(registered) is { } portless && string.Equals(portless, WithoutLoopbackPort(requested), StringComparison.Ordinal));

    /// <summary><c>http://127.0.0.1:8080/cb</c> as <c>http://127.0.0.1/cb</c>; null for anything but http to a loopback IP literal.</summary>
    private static string? WithoutLoopbackPort(string value)
    {
        foreach (var origin in LoopbackOrigins)
        {
            if (!value.StartsWith(origin, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = value.AsSpan(origin.Length);
            if (rest.Length > 0 && rest[0] == ':')
            {
                var digits = rest[1..].IndexOfAnyExceptInRange('0', '9');
                var port = digits < 0 ? rest[1..] : rest[1..(digits + 1)];
                // A port something can listen on: never 0 (the system's pick, not a port) or above 65535.
                if (port.Length is 0 or > 5 || int.Parse(port, System.Globalization.CultureInfo.InvariantCulture) is < 1 or > ushort.MaxValue)
                {
                    return null;
                }

                rest = rest[(port.Length + 1)..];
            }

            return rest.Length == 0 || rest[0] is '/' or '?' ? string.Concat(origin, rest) : null;
        }

        return null;
    }

    private static readonly string[] LoopbackOrigins = ["http://127.0.0.1", "http://[::1]"];

    public static bool IsAbsoluteWithoutFragment(string value) =>
        IsAbsolute(value, out _) && !value.Contains('#', StringComparison.Ordinal) && value.Length <= MaxLength;

    /// <summary>
    /// Absolute as written: on Unix, .NET also reads "/path" and "//host/path" as file: URIs, which
    /// a redirect URI or RFC 8707 resource must never be.
    /// </summary>
    private static bool IsAbsolute(string value, out Uri uri) =>
        Uri.TryCreate(value, UriKind.Absolute, out uri!) && value.StartsWith(uri.Scheme + ":", StringComparison.OrdinalIgnoreCase);
}
