namespace Paylent.Domain.OAuth;

/// <summary>
/// Web origins (RFC 6454; WHATWG HTML §7.1.1) of browser apps. A single-page app runs at the origin of
/// its redirect URI, so that origin, and no other, may read the client's token, revocation and
/// userinfo answers across origins (CORS): registering the redirect URI is enough, as with Keycloak's
/// "+" web origin. Only redirect URIs a browser app can have give one: https, or http on a loopback host
/// (<see cref="RedirectUri.Problem"/>'s rule); a private-use scheme (a native app) gives none.
/// </summary>
public static class WebOrigin
{
    /// <summary>A host name is at most 253 characters (RFC 1035), plus a scheme and a port: anything longer is no origin.</summary>
    public const int MaxLength = 300;

    /// <summary>The origin of a registered redirect URI, as a browser serializes it; null when it gives none.</summary>
    public static string? Of(string redirectUri) =>
        RedirectUri.Problem(redirectUri) is null && Uri.TryCreate(redirectUri, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
            ? Serialize(uri)
            : null;

    /// <summary>
    /// Whether an <c>Origin</c> header is an origin as browsers serialize it (RFC 6454 §6.2): http or https,
    /// the host, and the port only when it is not the scheme's default; no path, user, query or anything
    /// else. <c>null</c> (an opaque origin: a sandboxed frame, a file) is none.
    /// </summary>
    public static bool IsSerialized(string? origin) =>
        origin is { Length: > 0 and <= MaxLength }
        && Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && uri.Scheme is "https" or "http"
        && string.Equals(Serialize(uri), origin, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Whether <paramref name="origin"/> is the origin of one of <paramref name="redirectUris"/>: compared
    /// whole, scheme and host without regard to case (browsers send both in lower case), port exactly,
    /// except on a loopback IP literal, whose port is the app's to choose as its redirect's is
    /// (<see cref="RedirectUri.Matches"/>, RFC 8252 §7.3): an app that may be redirected to a port may
    /// also read its token answer there.
    /// </summary>
    public static bool IsOneOf(string? origin, IEnumerable<string> redirectUris) =>
        IsSerialized(origin) && redirectUris.Any(registered => Of(registered) is { } allowed
            && (string.Equals(allowed, origin, StringComparison.OrdinalIgnoreCase) || RedirectUri.Matches(allowed, origin!)));

    // IdnHost: an internationalized name in its ASCII (punycode) form, as a browser sends it; an IPv6 literal keeps its brackets.
    private static string Serialize(Uri uri)
    {
        var host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host : uri.IdnHost;
        return uri.IsDefaultPort ? $"{uri.Scheme}://{host}" : $"{uri.Scheme}://{host}:{uri.Port}";
    }
}
